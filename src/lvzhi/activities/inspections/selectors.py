"""inspections: selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from ..common import selectors as common_selectors
from ..models import Inspection, InspectionOpinion, InspectionParticipant

# ---- inspections ---------------------------------------------------------------------------


def inspections_for(user: Any, q: str = "") -> QuerySet[Inspection]:
    return common_selectors.organised_visible(Inspection, user, q)


def inspections_with_participants(term_id: int, held_by: dt.date) -> list[dict[str, Any]]:
    """The inspections of a term that had begun by ``held_by``, each with its title and the
    deputies who took part, for a caller that decides what is related (the 列席 planner,
    R30). Two queries."""
    from ..models import InspectionParticipant

    rows = list(
        Inspection.objects.filter(term_id=term_id, starts_on__lte=held_by)
        .order_by("-starts_on", "-id")
        .values("id", "title")
    )
    people: dict[int, list[int]] = {}
    for iid, did in InspectionParticipant.objects.filter(
        inspection_id__in=[r["id"] for r in rows]
    ).values_list("inspection_id", "deputy_id"):
        people.setdefault(iid, []).append(did)
    return [{**r, "deputies": people.get(r["id"], [])} for r in rows]


def inspection(pk: int) -> Inspection | None:
    return Inspection.objects.select_related("organiser", "term", "session").filter(pk=pk).first()


def participants_of(i: Inspection) -> list[InspectionParticipant]:
    return common_selectors.by_deputy_name(InspectionParticipant.objects.filter(inspection=i))


def participant_choices(i: Inspection) -> list[tuple[int, str]]:
    return list(
        InspectionParticipant.objects.filter(inspection=i).values_list("deputy_id", "deputy__name")
    )


def opinions_of(i: Inspection) -> list[InspectionOpinion]:
    return list(
        InspectionOpinion.objects.filter(inspection=i)
        .select_related("deputy", "unit", "suggestion")
        .order_by("id")
    )


def opinion_of(i: Inspection, opinion_id: int) -> InspectionOpinion | None:
    return InspectionOpinion.objects.filter(pk=opinion_id, inspection=i).first()
