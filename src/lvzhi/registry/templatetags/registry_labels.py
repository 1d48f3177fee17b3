"""``{{ value|code_label:"ethnicity" }}``: the label of a code, looked up in a dictionary
built once per language instead of ``get_FOO_display`` (which re-hashes every choice on each
call and dominated the directory page's time)."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.db import models
from django.utils.translation import get_language

from ..codes import Education, Ethnicity, Gender, OccupationCategory, PoliticalStatus
from ..models import AccountState, Level, MembershipStatus, OrgKind

register = template.Library()

LISTS: dict[str, type[models.TextChoices]] = {
    "gender": Gender,
    "ethnicity": Ethnicity,
    "political_status": PoliticalStatus,
    "education": Education,
    "occupation_category": OccupationCategory,
    "level": Level,
    "status": MembershipStatus,
    "org_kind": OrgKind,
    "account": AccountState,
}


@lru_cache(maxsize=64)
def _labels(list_name: str, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in LISTS[list_name].choices}


@register.filter
def code_label(value: str, list_name: str) -> str:
    if not value:
        return ""
    return _labels(list_name, get_language() or "").get(value, value)


@register.filter
def account_state(user: object) -> str:
    """The state of a deputy's account (none / invited / active / disabled / locked)."""
    from ..services import account_state as state_of

    return str(state_of(user))  # type: ignore[arg-type]
