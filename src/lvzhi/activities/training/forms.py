"""training: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput

from ..common.forms import set_choices
from ..models import (
    MaterialKind,
    TrainingKind,
)


class TrainingForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "organiser", organisers)


class MaterialForm(CleanForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
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
