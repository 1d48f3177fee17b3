from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import CleanTextForm

from . import rules

CAPABILITY_LABELS: dict[str, Any] = {
    "registry": _("Deputy registry"),
    "suggestions": _("Suggestions"),
    "proposals": _("Proposals"),
    "meetings": _("Sessions and meetings"),
    "voting": _("Votes and results"),
    "contacts": _("Contacts with deputies"),
    "stations": _("Liaison stations and citizens' opinions"),
    "records": _("Duty records and evaluation"),
    "compliance": _("Compliance"),
    "activities": _("Activities"),
    "account": _("Own account and webhooks"),
}


def scope_choices() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for c in rules.CAPABILITIES:
        out.append((f"{c}:read", _("%(what)s: read") % {"what": CAPABILITY_LABELS[c]}))
        out.append((f"{c}:write", _("%(what)s: change") % {"what": CAPABILITY_LABELS[c]}))
    return out


def scope_label(scope: str) -> str:
    return str(dict(scope_choices()).get(scope, scope))


class TokenForm(CleanTextForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=64,
        help_text=_(
            "Which app or system will use it, e.g. the county's government service platform."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[(d, _("%(n)s days") % {"n": d}) for d in rules.TOKEN_DAYS_CHOICES],
        coerce=int,
        initial=rules.DEFAULT_TOKEN_DAYS,
        required=False,
        empty_value=rules.DEFAULT_TOKEN_DAYS,  # type: ignore[arg-type]
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[f"{c}:read" for c in rules.CAPABILITIES],
        help_text=_("What the token may read or change; nothing beyond what the account may."),
    )


class ServiceAccountForm(CleanTextForm):
    name = forms.CharField(
        label=_("System name"),
        max_length=64,
        help_text=_("Which system will use the API, e.g. a county's government service platform."),
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, choices=())
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, organisations: Any = (), roles: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        role_field = self.fields["role"]
        assert isinstance(org_field, forms.ChoiceField) and isinstance(
            role_field, forms.ChoiceField
        )
        org_field.choices = [(o.pk, o.name) for o in organisations]
        role_field.choices = list(roles)
