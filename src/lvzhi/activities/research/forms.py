"""research: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm

from ..common.forms import OrganisedForm, set_choices, text_area
from ..models import ResearchMethod


class ResearchForm(OrganisedForm):
    field_order = ("organiser", "title", "plan", "methods", "starts_on", "ends_on")
    title = forms.CharField(label=_("Topic"), max_length=200)
    plan = text_area(_("Work plan"), max_length=20000, rows=4)
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=ResearchMethod.choices, widget=forms.CheckboxSelectMultiple
    )


class ForwardForm(forms.Form):
    organ = forms.TypedChoiceField(label=_("Organ"), coerce=int)

    def __init__(self, *args: Any, organs: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "organ", [("", "—"), *organs])


class FeedbackForm(CleanForm):
    feedback = text_area(_("How it was handled"), max_length=20000, rows=3)
