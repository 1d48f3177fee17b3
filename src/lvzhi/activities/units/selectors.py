"""units: what was addressed to a handling unit — inspection opinions routed to it (Art 44) and
research reports forwarded to it (Art 49) — read by the unit's own staff (issue 22.3)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lvzhi.registry import policies as registry_policies

from .. import policies, rules
from ..models import InspectionOpinion, ResearchForward, Route


def _units_q(user: Any, field: str) -> Q:
    paths = registry_policies.scope_paths(user, policies.UNIT_ROLES)
    if paths is None:
        return Q()
    if not paths or not registry_policies.roles_of(user) & policies.UNIT_ROLES:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__path__startswith": p})
    return q


def opinions_for_unit(user: Any) -> QuerySet[InspectionOpinion]:
    return (
        InspectionOpinion.objects.filter(_units_q(user, "unit"), route=Route.UNIT)
        .select_related("inspection", "unit")
        .order_by("-routed_at", "-id")
    )


def forwards_for_unit(user: Any) -> QuerySet[ResearchForward]:
    return (
        ResearchForward.objects.filter(_units_q(user, "organ"))
        .select_related("research", "organ")
        .order_by("-forwarded_at", "-id")
    )


def unit_opinion(user: Any, pk: int) -> InspectionOpinion | None:
    """The opinion if it was routed to a unit the user answers for, else None."""
    op = opinions_for_unit(user).select_related("deputy", "inspection__organiser").filter(pk=pk)
    return op.first()


def unit_forward(user: Any, pk: int) -> ResearchForward | None:
    return forwards_for_unit(user).select_related("research__organiser").filter(pk=pk).first()


def unit_inbox(user: Any) -> tuple[list[InspectionOpinion], list[ResearchForward]]:
    """The newest opinions and reports addressed to the user's units."""
    n = rules.UNIT_INBOX_LISTED_MAX
    return list(opinions_for_unit(user)[:n]), list(forwards_for_unit(user)[:n])
