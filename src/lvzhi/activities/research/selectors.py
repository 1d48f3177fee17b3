"""research: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lvzhi.registry import policies as registry_policies

from .. import policies
from ..models import (
    Research,
    ResearchForward,
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
