"""Reads shared by pages, exports, the duty archive and the compliance view; each with a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, FilteredRelation, Max, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Deputy, Expertise, Membership, MembershipStatus, Term

from . import policies, rules
from .models import (
    Comment,
    DeputyGroup,
    Draft,
    GroupActivity,
    Inspection,
    LegislativeProject,
    Material,
    Progress,
    Reply,
    Research,
    ResearchForward,
    Stage,
    StageInvitation,
    Supervision,
    Thread,
    Training,
    TrainingAttendance,
)

# ---- deputy groups -------------------------------------------------------------------------


def groups_for(user: Any) -> QuerySet[DeputyGroup]:
    """Groups the user leads, guides (staff in scope) or belongs to."""
    qs = DeputyGroup.objects.select_related("organisation", "leader", "deputy_leader", "term")
    if getattr(user, "is_superuser", False):
        return qs
    q = Q(pk__in=[])
    roles = policies.GROUP_STAFF_ROLES | policies.GROUP_LEAD_ROLES
    paths = registry_policies.scope_paths(user, frozenset(roles & registry_policies.roles_of(user)))
    for p in paths or []:
        q |= Q(organisation__path__startswith=p)
    d = policies.deputy_id(user)
    if d is not None:
        q |= Q(leader_id=d) | Q(deputy_leader_id=d)
        q |= Q(
            organisation_id__in=Membership.objects.filter(
                deputy_id=d, status=MembershipStatus.SERVING, deputy_group__isnull=False
            ).values("deputy_group_id")
        )
    return qs.filter(q)


@dataclass
class QuarterStatus:
    quarter: int
    activities: int
    ended: bool
    flagged: bool


def quarter_statuses(
    groups: list[DeputyGroup], year: int, today: dt.date | None = None
) -> dict[int, list[QuarterStatus]]:
    """R20 for each group and quarter of ``year``, in one query: a quarter that has ended with
    no collective activity is flagged; one activity clears it."""
    today = today or clock.today()
    counts: dict[tuple[int, int], int] = {}
    for gid, held_on in GroupActivity.objects.filter(
        group__in=[g.pk for g in groups], held_on__year=year
    ).values_list("group_id", "held_on"):
        key = (gid, rules.quarter_of(held_on))
        counts[key] = counts.get(key, 0) + 1
    out: dict[int, list[QuarterStatus]] = {}
    for g in groups:
        days = [
            rules.quarter_bounds(year, q)[0]
            for q in range(1, 5)
            for _n in range(counts.get((g.pk, q), 0))
        ]
        flagged = set(rules.flagged_quarters(days, year, today, g.formed_on))
        out[g.pk] = [
            QuarterStatus(
                quarter=q,
                activities=counts.get((g.pk, q), 0),
                ended=rules.quarter_bounds(year, q)[1] < today,
                flagged=q in flagged,
            )
            for q in range(1, 5)
        ]
    return out


def flagged_groups(
    groups: list[DeputyGroup], year: int, today: dt.date | None = None
) -> list[tuple[DeputyGroup, list[int]]]:
    statuses = quarter_statuses(groups, year, today)
    return [
        (g, [s.quarter for s in statuses[g.pk] if s.flagged])
        for g in groups
        if any(s.flagged for s in statuses[g.pk])
    ]


def group_members(group: DeputyGroup) -> list[Membership]:
    """Serving members with their level: the group mixes deputies of several levels (R19)."""
    return list(
        Membership.objects.filter(
            deputy_group_id=group.organisation_id, status=MembershipStatus.SERVING
        )
        .select_related("deputy", "term__congress")
        .order_by("sort_key")
    )


def group_candidates(group: DeputyGroup, limit: int = 2000) -> list[Membership]:
    """R19 (各级人大代表混合编组): serving seats of every level whose congress covers the group's
    place (its division or an ancestor) and that are not in this group yet."""
    chain: list[int] = []
    place = group.organisation.division
    while place is not None and len(chain) < 8:
        chain.append(place.pk)
        place = place.parent
    return list(
        Membership.objects.filter(
            status=MembershipStatus.SERVING,
            term__is_current=True,
            term__congress__division_id__in=chain,
        )
        .exclude(deputy_group_id=group.organisation_id)
        .select_related("deputy")
        .order_by("level", "sort_key")[:limit]
    )


def group_activities(group: DeputyGroup) -> QuerySet[GroupActivity]:
    return (
        GroupActivity.objects.filter(group=group)
        .annotate(present_count=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-held_on", "-id")
    )


# ---- inspections ---------------------------------------------------------------------------


def inspections_for(user: Any, q: str = "") -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("organiser", "term")
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(policies.INSPECTION_ROLES & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(organiser__path__startswith=p)
        d = policies.deputy_id(user)
        if d is not None:
            cond |= Q(participants__deputy_id=d)
        qs = qs.filter(cond).distinct()
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-starts_on", "-id")


def inspections_with_participants(term_id: int, held_by: dt.date) -> list[dict[str, Any]]:
    """The inspections of a term that had begun by ``held_by``, each with its title and the
    deputies who took part, for a caller that decides what is related (the 列席 planner,
    R30). Two queries."""
    from .models import InspectionParticipant

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


# ---- legislation ---------------------------------------------------------------------------


def projects_for(user: Any, q: str = "") -> QuerySet[LegislativeProject]:
    qs = LegislativeProject.objects.select_related("committee", "term")
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(policies.LEGISLATION_ROLES & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(committee__path__startswith=p)
        d = policies.deputy_id(user)
        if d is not None:
            cond |= Q(
                term_id__in=Membership.objects.filter(
                    deputy_id=d, status=MembershipStatus.SERVING
                ).values("term_id")
            )
        qs = qs.filter(cond)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-created_at", "-id")


def stage_warning(invited: int) -> str:
    """R26: fewer than two deputies invited to a stage is warned."""
    if invited < rules.MIN_DEPUTIES_PER_STAGE:
        return _(
            "Only %(n)d deputies invited; Art 50 asks for at least %(min)d with relevant knowledge."
        ) % {
            "n": invited,
            "min": rules.MIN_DEPUTIES_PER_STAGE,
        }
    return ""


def stages_with_invitations(project: LegislativeProject) -> list[dict[str, Any]]:
    stages = list(Stage.objects.filter(project=project).order_by("starts_on", "id"))
    invs: dict[int, list[StageInvitation]] = {}
    for inv in (
        StageInvitation.objects.filter(stage__project=project)
        .select_related("deputy")
        .order_by("id")
    ):
        invs.setdefault(inv.stage_id, []).append(inv)
    return [
        {
            "stage": s,
            "invitations": invs.get(s.pk, []),
            "warning": stage_warning(len(invs.get(s.pk, []))),
        }
        for s in stages
    ]


def proposed_deputies(
    term: Term, expertise_ids: list[int], exclude: list[int] | None = None, limit: int = 12
) -> list[Deputy]:
    """R26, R29: serving deputies of the term whose expertise matches, most matching tags
    first."""
    qs = (
        Deputy.objects.filter(
            memberships__term=term,
            memberships__status=MembershipStatus.SERVING,
            expertise__in=expertise_ids,
        )
        .exclude(pk__in=exclude or [])
        .annotate(matches=Count("expertise", filter=Q(expertise__in=expertise_ids), distinct=True))
        .order_by("-matches", "name_pinyin", "id")
    )
    return list(qs[:limit])


def adoption_report(draft: Draft) -> list[Comment]:
    """R27: every comment with its article, deputy, decision and reason."""
    return list(
        Comment.objects.filter(article__draft=draft)
        .select_related("article", "deputy")
        .order_by("article__number", "id")
    )


def adoption_summary(comments: list[Comment]) -> dict[str, int]:
    out = {"total": len(comments), "adopted": 0, "partly": 0, "not_adopted": 0, "pending": 0}
    for c in comments:
        out[c.decision] += 1
    return out


# ---- supervision ---------------------------------------------------------------------------


def supervisions_for(user: Any, q: str = "") -> QuerySet[Supervision]:
    qs = Supervision.objects.select_related("committee", "place", "term").annotate(
        local_count=Count("invitations", filter=Q(invitations__is_local=True), distinct=True)
    )
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(policies.SUPERVISION_ROLES & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(committee__path__startswith=p)
        d = policies.deputy_id(user)
        if d is not None:
            cond |= Q(pk__in=Supervision.objects.filter(invitations__deputy_id=d).values("pk"))
        qs = qs.filter(cond)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-held_on", "-id")


def local_invited(supervision: Supervision) -> int:
    """R28: only deputies of the place concerned count."""
    return supervision.invitations.filter(is_local=True).count()


def r28_warning(local: int) -> str:
    if local < rules.MIN_LOCAL_DEPUTIES:
        return _(
            "%(n)d deputies of the place concerned invited; Art 53 asks for at least %(min)d."
        ) % {
            "n": local,
            "min": rules.MIN_LOCAL_DEPUTIES,
        }
    return ""


def finance_expertise_ids() -> list[int]:
    return list(
        Expertise.objects.filter(name__in=rules.FINANCE_EXPERTISE).values_list("id", flat=True)
    )


# ---- the duty archive ----------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    kind: str
    title: str
    on: dt.date
    detail: str = ""


def participations_of(deputy_id: int, year: int) -> list[Participation]:
    """Every participation of a deputy in a year between sessions, for the duty archive and
    the compliance view: group activities attended, inspections, legislative stages and
    comments, supervision activities, research, trainings. Seven queries whatever the data."""
    out: list[Participation] = []
    for title, on, group in GroupActivity.objects.filter(
        attendance__deputy_id=deputy_id, attendance__present=True, held_on__year=year
    ).values_list("title", "held_on", "group__organisation__name"):
        out.append(Participation("group_activity", title, on, group))
    for title, on in Inspection.objects.filter(
        participants__deputy_id=deputy_id, starts_on__year=year
    ).values_list("title", "starts_on"):
        out.append(Participation("inspection", title, on))
    for title, on, kind in StageInvitation.objects.filter(
        deputy_id=deputy_id, stage__starts_on__year=year
    ).values_list("stage__project__title", "stage__starts_on", "stage__kind"):
        out.append(Participation("legislation", title, on, kind))
    for title, at, number in Comment.objects.filter(
        deputy_id=deputy_id, created_at__year=year
    ).values_list("article__draft__title", "created_at", "article__number"):
        out.append(Participation("draft_comment", title, clock_date(at), str(number)))
    for title, on, kind in Supervision.objects.filter(
        invitations__deputy_id=deputy_id, held_on__year=year
    ).values_list("title", "held_on", "kind"):
        out.append(Participation("supervision", title, on, kind))
    for title, on in Research.objects.filter(
        participants__deputy_id=deputy_id, starts_on__year=year
    ).values_list("title", "starts_on"):
        out.append(Participation("research", title, on))
    for title, on, kind in TrainingAttendance.objects.filter(
        deputy_id=deputy_id, training__starts_on__year=year
    ).values_list("training__title", "training__starts_on", "training__kind"):
        out.append(Participation("training", title, on, kind))
    out.sort(key=lambda p: (p.on, p.kind, p.title))
    return out


def clock_date(at: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(at)


# ---- training and learning -----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    kind: str
    attended: int
    serving: int

    @property
    def rate(self) -> float:
        return rules.coverage_rate(self.attended, self.serving)

    @property
    def percent(self) -> int:
        return round(100 * self.rate)


def training_coverage(term: Term, kind: str) -> Coverage:
    """R32: serving deputies of the term who attended at least one training of the kind,
    each counted once, against all serving deputies of the term. Two queries."""
    serving = Membership.objects.filter(term=term, status=MembershipStatus.SERVING)
    attended = (
        TrainingAttendance.objects.filter(
            training__term=term,
            training__kind=kind,
            deputy_id__in=serving.values("deputy_id"),
        )
        .values("deputy_id")
        .distinct()
        .count()
    )
    return Coverage(kind=kind, attended=attended, serving=serving.count())


def trainings_for(user: Any, q: str = "") -> QuerySet[Training]:
    qs = Training.objects.select_related("organiser", "term").annotate(
        attended=Count("attendance", distinct=True)
    )
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-starts_on", "-id")


def library(user: Any, q: str = "", kind: str = "") -> QuerySet[Material]:
    qs = Material.objects.all()
    if q:
        qs = qs.filter(title__contains=q)
    if kind:
        qs = qs.filter(kind=kind)
    d = policies.deputy_id(user)
    if d is not None:
        qs = qs.annotate(mine=FilteredRelation("progress", condition=Q(progress__deputy_id=d)))
        qs = qs.annotate(my_percent=Max("mine__percent"))
    return qs.annotate(
        completed=Count("progress", filter=Q(progress__percent=100), distinct=True)
    ).order_by("-uploaded_at", "-id")


def learning_of(deputy_id: int) -> dict[str, int]:
    """R49: a deputy's learning, for the duty archive."""
    rows = list(Progress.objects.filter(deputy_id=deputy_id).values_list("percent", flat=True))
    return {
        "materials": Material.objects.count(),
        "started": len(rows),
        "completed": sum(1 for p in rows if p == 100),
    }


# ---- forum ---------------------------------------------------------------------------------


def threads(user: Any, q: str = "") -> QuerySet[Thread]:
    """Threads newest activity first; hidden ones only for moderators and their authors."""
    qs = Thread.objects.all()
    if not policies.can_moderate(user):
        qs = qs.filter(Q(hidden=False) | Q(author_id=getattr(user, "pk", None)))
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(body__contains=q))
    return qs.order_by("-last_activity_at", "-id")


def thread_replies(user: Any, thread: Thread) -> list[Reply]:
    qs = Reply.objects.filter(thread=thread).select_related("author")
    if not policies.can_moderate(user):
        qs = qs.filter(Q(hidden=False) | Q(author_id=getattr(user, "pk", None)))
    return list(qs.order_by("created_at", "id"))


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


def material_download_name(m: Any) -> str:
    """R49: a library file's download name — its title, without the characters a file name
    cannot hold, and the extension of the stored file (set from the recognised content)."""
    import re
    from pathlib import PurePosixPath

    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", m.title).strip(" ._") or f"material-{m.pk}"
    return f"{stem[:80]}{PurePosixPath(m.file.name).suffix}"
