"""inspections: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import DeputyOpinionForm, OrganisedForm, set_choices, text_area
from ..models import InspectionKind, Route


class InspectionForm(OrganisedForm):
    field_order = ("kind", "organiser", "title", "starts_on", "ends_on", "session", "sites")
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Topic"), max_length=200)
    session = forms.TypedChoiceField(
        label=_("Session it prepares"), coerce=int, required=False, empty_value=None
    )
    sites = text_area(
        _("Sites and times"),
        max_length=20000,
        rows=4,
        help_text=_("One line per site: time, place, what is seen (Art 43)."),
    )

    def __init__(self, *args: Any, sessions: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "session", [("", "—"), *sessions])


class OpinionForm(DeputyOpinionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = text_area(_("Opinion"), max_length=20000, rows=4)


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Where it goes"), choices=[c for c in Route.choices if c[0] != Route.PENDING]
    )
    unit = forms.TypedChoiceField(
        label=_("Inspected unit"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "unit", [("", "—"), *units])
