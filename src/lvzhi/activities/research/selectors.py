"""research: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lvzhi.registry import policies as registry_policies

from .. import policies
from ..models import (
    Research,
    ResearchForward,
    ResearchParticipant,
)

# ---- thematic research ---------------------------------------------------------------------


def research_for(user: Any, q: str = "") -> QuerySet[Research]:
    qs = Research.objects.select_related("organiser", "term")
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(policies.INSPECTION_ROLES & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(organiser__path__startswith=p)
        d = policies.deputy_id(user)
        if d is not None:
            cond |= Q(pk__in=Research.objects.filter(participants__deputy_id=d).values("pk"))
        qs = qs.filter(cond)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-starts_on", "-id")


def forwards_awaiting_feedback(research_ids: Any) -> QuerySet[ResearchForward]:
    """R25: forwarded reports whose handling has not been fed back to the deputies yet."""
    return ResearchForward.objects.filter(research_id__in=research_ids, feedback_at__isnull=True)


def forwards_awaiting_count(items: QuerySet[Research]) -> int:
    return forwards_awaiting_feedback(items.values("pk")).count()


def research(pk: int) -> Research | None:
    return Research.objects.select_related("organiser", "term").filter(pk=pk).first()


def participants_of(r: Research) -> list[ResearchParticipant]:
    return list(
        ResearchParticipant.objects.filter(research=r)
        .select_related("deputy")
        .order_by("deputy__name_pinyin")
    )


def forwards_of(r: Research) -> list[ResearchForward]:
    return list(
        ResearchForward.objects.filter(research=r)
        .select_related("organ")
        .order_by("forwarded_at", "id")
    )


def forward_of(r: Research, forward_id: int) -> ResearchForward | None:
    return ResearchForward.objects.filter(pk=forward_id, research=r).first()
