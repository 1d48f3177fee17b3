"""Reads shared by pages, exports, the duty archive and the compliance view; each with a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from lvzhi.registry.models import Deputy, Membership, MembershipStatus

from . import rules
from .forum.selectors import thread_replies, threads
from .groups.selectors import (
    QuarterStatus,
    flagged_groups,
    group_activities,
    group_candidate_deputies,
    group_candidate_seats,
    group_members,
    group_seat_for,
    groups_for,
    quarter_statuses,
)
from .inspections.selectors import inspections_for, inspections_with_participants
from .legislation.selectors import (
    adoption_report,
    adoption_summary,
    projects_for,
    proposed_deputies,
    stage_warning,
    stages_with_invitations,
)
from .models import (
    Comment,
    DeputyGroup,
    GroupActivity,
    Inspection,
    Research,
    Stage,
    StageInvitation,
    Supervision,
    TrainingAttendance,
)
from .research.selectors import forwards_awaiting_feedback, research_for
from .supervision.selectors import (
    finance_expertise_ids,
    local_invited,
    r28_warning,
    supervisions_for,
)
from .training.selectors import (
    CourseRow,
    Coverage,
    course_materials,
    course_progress,
    learning_of,
    library,
    material_download_name,
    training_coverage,
    trainings_for,
)

__all__ = [
    "CourseRow",
    "Coverage",
    "Participation",
    "QuarterStatus",
    "adoption_report",
    "adoption_summary",
    "centralised_inspections",
    "clock_date",
    "course_materials",
    "course_progress",
    "finance_expertise_ids",
    "flagged_groups",
    "forwards_awaiting_feedback",
    "group_activities",
    "group_candidate_deputies",
    "group_candidate_seats",
    "group_members",
    "group_seat_for",
    "groups_for",
    "groups_of_term",
    "inspections_for",
    "inspections_with_participants",
    "learning_of",
    "library",
    "local_invited",
    "material_download_name",
    "participations_of",
    "projects_for",
    "proposed_deputies",
    "quarter_statuses",
    "r28_warning",
    "research_for",
    "stage_warning",
    "stages_between",
    "stages_with_invitations",
    "supervisions_between",
    "supervisions_for",
    "thread_replies",
    "threads",
    "training_coverage",
    "trainings_for",
    "untrained_between",
]

# ---- the duty archive ----------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    kind: str
    title: str
    on: dt.date
    detail: str = ""


# What a deputy took part in, one query each: (kind, model, the deputy's field, the title's,
# the day's, the detail's, other conditions).
_PARTICIPATIONS: tuple[tuple[str, Any, str, str, str, str, dict[str, Any]], ...] = (
    (
        "group_activity",
        GroupActivity,
        "attendance__deputy_id",
        "title",
        "held_on",
        "group__organisation__name",
        {"attendance__present": True},
    ),
    ("inspection", Inspection, "participants__deputy_id", "title", "starts_on", "", {}),
    (
        "legislation",
        StageInvitation,
        "deputy_id",
        "stage__project__title",
        "stage__starts_on",
        "stage__kind",
        {},
    ),
    (
        "draft_comment",
        Comment,
        "deputy_id",
        "article__draft__title",
        "created_at",
        "article__number",
        {},
    ),
    ("supervision", Supervision, "invitations__deputy_id", "title", "held_on", "kind", {}),
    ("research", Research, "participants__deputy_id", "title", "starts_on", "", {}),
    (
        "training",
        TrainingAttendance,
        "deputy_id",
        "training__title",
        "training__starts_on",
        "training__kind",
        {},
    ),
)


def participations_of(deputy_id: int, year: int) -> list[Participation]:
    """Every participation of a deputy in a year between sessions, for the duty archive and
    the compliance view: group activities attended, inspections, legislative stages and
    comments, supervision activities, research, trainings. Seven queries whatever the data."""
    out: list[Participation] = []
    for kind, model, who, title, day, detail, extra in _PARTICIPATIONS:
        fields = (title, day, detail) if detail else (title, day)
        rows = model.objects.filter(**{who: deputy_id, f"{day}__year": year}, **extra)
        for row in rows.values_list(*fields):
            on = clock_date(row[1]) if isinstance(row[1], dt.datetime) else row[1]
            out.append(Participation(kind, row[0], on, str(row[2]) if detail else ""))
    out.sort(key=lambda p: (p.on, p.kind, p.title))
    return out


def clock_date(at: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(at)


# ---- compliance view (R20, R22, R26, R28, R32) ---------------------------------------------


def groups_of_term(term_id: int) -> list[DeputyGroup]:
    """The deputy groups of a term (R20), with their organisation. One query."""
    return list(
        DeputyGroup.objects.filter(term_id=term_id)
        .select_related("organisation")
        .order_by("organisation__path", "id")
    )


def centralised_inspections(term_id: int, year: int) -> list[Inspection]:
    """R22: the term's centralised inspections ending in ``year``, with the session they
    prepare. One query."""
    from .models import InspectionKind

    return list(
        Inspection.objects.filter(
            term_id=term_id, kind=InspectionKind.CENTRALISED, ends_on__year=year
        )
        .select_related("session")
        .order_by("starts_on", "id")
    )


def stages_between(term_id: int, start: dt.date, end: dt.date) -> list[Any]:
    """R26: legislative stages of the term's projects starting between the dates, annotated
    with ``invited`` (deputies invited) and ``relevant`` (those of them with the relevant
    expertise, ``rules.has_relevant_expertise``). Four queries."""
    stages = list(
        Stage.objects.filter(project__term_id=term_id, starts_on__gte=start, starts_on__lte=end)
        .select_related("project__committee")
        .prefetch_related("project__expertise")
        .annotate(invited=Count("invitations", distinct=True))
        .order_by("starts_on", "id")
    )
    invitations = (
        StageInvitation.objects.filter(stage__in=stages)
        .select_related("deputy")
        .prefetch_related("deputy__expertise")
    )
    by_stage: dict[int, list[Deputy]] = {}
    for inv in invitations:
        by_stage.setdefault(inv.stage_id, []).append(inv.deputy)
    for s in stages:
        fields = {e.name for e in s.project.expertise.all()}
        s.relevant = sum(  # type: ignore[attr-defined]
            rules.has_relevant_expertise(
                {e.name for e in d.expertise.all()}, d.position, fields, s.project.committee.name
            )
            for d in by_stage.get(s.pk, [])
        )
    return stages


def supervisions_between(term_id: int, start: dt.date, end: dt.date) -> list[Any]:
    """R28: the term's supervision activities held between the dates, annotated with
    ``local`` (deputies of the place concerned invited). One query."""
    return list(
        Supervision.objects.filter(term_id=term_id, held_on__gte=start, held_on__lte=end)
        .select_related("place")
        .annotate(local=Count("invitations", filter=Q(invitations__is_local=True), distinct=True))
        .order_by("held_on", "id")
    )


def untrained_between(
    term_id: int, start: dt.date | None, end: dt.date
) -> tuple[int, list[Deputy]]:
    """R32: (serving deputies of the term, those among them who attended no training of the
    term held between the dates). ``start`` None: any training of the term up to ``end``,
    the onboarding training held before the first session included. Two queries."""
    serving = Membership.objects.filter(term_id=term_id, status=MembershipStatus.SERVING)
    held = TrainingAttendance.objects.filter(
        training__term_id=term_id, training__starts_on__lte=end
    )
    if start is not None:
        held = held.filter(training__starts_on__gte=start)
    trained = held.values("deputy_id")
    missing = list(
        Deputy.objects.filter(pk__in=serving.values("deputy_id"))
        .exclude(pk__in=trained)
        .order_by("name_pinyin", "id")
    )
    return serving.count(), missing
