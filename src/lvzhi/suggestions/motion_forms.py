"""The forms suggestions and proposals (with the other motions) share: the directors'
meeting's assignment plan, the assignment to handling units and a deputy's comment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput, ModelChoiceField
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import HANDLING_UNIT_KINDS
from lvzhi.registry.pickers import OrganisationPickerField, OrganisationsPickerField

HANDLING_KINDS = ",".join(sorted(HANDLING_UNIT_KINDS))


def comment_field() -> forms.CharField:
    """A deputy's optional comment next to an answer or an evaluation."""
    return forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    decided_on = forms.DateField(
        label=_("Decided by the directors' meeting on"), widget=DateInput()
    )
    document_no = forms.CharField(label=_("Document number"), max_length=64)


class AssignForm(forms.Form):
    """The plan, the lead unit, the co-handling units and the date; ``plans`` are the
    assignment plans offered."""

    plan = ModelChoiceField(label=_("Assignment plan"), queryset=None)
    lead = OrganisationPickerField(label=_("Lead unit"))
    co_units = OrganisationsPickerField(label=_("Co-handling units"), required=False)
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DateInput())

    def __init__(
        self, *args: Any, plans: Any, division_ids: Iterable[int] = (), **kwargs: Any
    ) -> None:
        """``division_ids``: the divisions of the congresses whose motions are assigned; the
        units offered are the organs of the same level (a few dozen per congress, where every
        unit of a large prefecture would be tens of thousands)."""
        super().__init__(*args, **kwargs)
        division_ids = list(division_ids)
        units = registry_selectors.handling_units(division_ids)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        divisions = ",".join(str(d) for d in division_ids)
        for name in ("lead", "co_units"):
            field = self.fields[name]
            assert isinstance(field, (OrganisationPickerField, OrganisationsPickerField))
            field.queryset = units
            field.set_params(kinds=HANDLING_KINDS, divisions=divisions)
