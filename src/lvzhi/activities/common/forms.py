"""common: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm

from ..models import (
    Decision,
)


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field: Any = form.fields[name]
    field.choices = choices


class ReportForm(CleanForm):
    report = forms.CharField(
        label=_("Report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class DeputyChoiceForm(forms.Form):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "deputy", [("", "—"), *deputies])


class DecideForm(CleanForm):
    decision = forms.ChoiceField(
        label=_("Adoption"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InviteManyForm(forms.Form):
    deputies = forms.TypedMultipleChoiceField(
        label=_("Deputies to invite"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "deputies", deputies)
