"""research: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..common import selectors as common_selectors
from ..models import Research, ResearchForward, ResearchParticipant

# ---- thematic research ---------------------------------------------------------------------


def research_for(user: Any, q: str = "") -> QuerySet[Research]:
    return common_selectors.organised_visible(Research, user, q)


def forwards_awaiting_feedback(research_ids: Any) -> QuerySet[ResearchForward]:
    """R25: forwarded reports whose handling has not been fed back to the deputies yet."""
    return ResearchForward.objects.filter(research_id__in=research_ids, feedback_at__isnull=True)


def forwards_awaiting_count(items: QuerySet[Research]) -> int:
    return forwards_awaiting_feedback(items.values("pk")).count()


def research(pk: int) -> Research | None:
    return Research.objects.select_related("organiser", "term").filter(pk=pk).first()


def participants_of(r: Research) -> list[ResearchParticipant]:
    return common_selectors.by_deputy_name(ResearchParticipant.objects.filter(research=r))


def forwards_of(r: Research) -> list[ResearchForward]:
    return list(
        ResearchForward.objects.filter(research=r)
        .select_related("organ")
        .order_by("forwarded_at", "id")
    )


def forward_of(r: Research, forward_id: int) -> ResearchForward | None:
    return ResearchForward.objects.filter(pk=forward_id, research=r).first()
