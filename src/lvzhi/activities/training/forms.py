"""training: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm

from ..common.forms import OrganisedForm, set_choices, text_area
from ..models import MaterialKind, TrainingKind


class TrainingForm(OrganisedForm):
    field_order = ("kind", "organiser", "title", "starts_on", "ends_on", "place", "content")
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200)
    content = text_area(_("Content"), max_length=20000, rows=4)


class MaterialForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = text_area(_("Description"), max_length=20000, rows=3, required=False)
    file = forms.FileField(label=_("File (PDF, Word, Excel, image or MP4 video)"))


class CourseMaterialsForm(forms.Form):
    materials = forms.TypedMultipleChoiceField(
        label=_("Course materials"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, materials: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "materials", materials)
