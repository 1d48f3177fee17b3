from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput

from . import rules
from .models import DisciplineKind, EntryKind


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_("A PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file of at most 10 MB."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=200)


class DisciplineForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=DisciplineKind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


def _score_field(label: Any) -> forms.DecimalField:
    """A threshold on the evaluation's score (the scheme's columns: 8 digits, 2 decimals)."""
    return forms.DecimalField(
        label=label,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("-99999"),
        max_value=Decimal("99999"),
    )


class SchemeForm(forms.Form):
    """R48: a weight per kind of duty and the thresholds of the two flags."""

    talk_below = _score_field(_("Candidate for a talk below score"))
    commend_from = _score_field(_("Candidate for commendation from score"))
    talk_absences = forms.IntegerField(
        label=_("Candidate for a talk from sittings missed without leave (0: off)"),
        min_value=0,
        max_value=99,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in rules.KIND_KEYS:
            self.fields[f"w_{kind}"] = forms.DecimalField(
                label=str(rules.KIND_LABELS[kind]),
                max_digits=6,
                decimal_places=2,
                min_value=-rules.WEIGHT_MAX,
                max_value=rules.WEIGHT_MAX,
            )

    def weights(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data[f"w_{k}"] for k in rules.KIND_KEYS}


class CertificateRequestForm(forms.Form):
    """R55 (Art 92): which seat, which period, which employer."""

    seat = forms.TypedChoiceField(label=_("Seat"), coerce=int)
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())
    employer = forms.CharField(
        label=_("Employer"),
        max_length=100,
        help_text=_("The unit where the deputy works; the certificate is addressed to it."),
    )

    def __init__(self, *args: Any, seats: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["seat"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, f"{s.term} · {s.electoral_unit.name}") for s in seats]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for not issuing"), max_length=500)
