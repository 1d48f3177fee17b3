"""research: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm
from lvzhi.core.forms import DateInput

from ..common.forms import set_choices
from ..models import (
    ResearchMethod,
)


class ResearchForm(CleanForm):
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Topic"), max_length=200)
    plan = forms.CharField(
        label=_("Work plan"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=ResearchMethod.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "organiser", organisers)


class ForwardForm(forms.Form):
    organ = forms.TypedChoiceField(label=_("Organ"), coerce=int)

    def __init__(self, *args: Any, organs: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "organ", [("", "—"), *organs])


class FeedbackForm(CleanForm):
    feedback = forms.CharField(
        label=_("How it was handled"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
