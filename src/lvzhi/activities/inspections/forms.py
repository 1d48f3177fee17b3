"""inspections: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm as CleanForm

from ..common.forms import OrganisedForm, set_choices
from ..models import InspectionKind, Route


class InspectionForm(OrganisedForm):
    field_order = ("kind", "organiser", "title", "starts_on", "ends_on", "session", "sites")
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Topic"), max_length=200)
    session = forms.TypedChoiceField(
        label=_("Session it prepares"), coerce=int, required=False, empty_value=None
    )
    sites = forms.CharField(
        label=_("Sites and times"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per site: time, place, what is seen (Art 43)."),
    )

    def __init__(self, *args: Any, sessions: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "session", [("", "—"), *sessions])


class OpinionForm(CleanForm):
    deputy = forms.TypedChoiceField(label=_("Deputy"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Opinion"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, deputies: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        set_choices(self, "deputy", deputies)


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
