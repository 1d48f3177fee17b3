"""Reads shared by pages, the voting app and exports; each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from lvzhi.core import clock, events
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Event
from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Deputy, Session

from . import policies
from .models import (
    CheckIn,
    LeaveRequest,
    LeaveStatus,
    Material,
    MaterialRead,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantRole,
    Sitting,
)


def congress_choices(user: Any) -> list[tuple[int, str]]:
    """The congresses a new meeting may be of: those of the user's staff roles."""
    ids = registry_selectors.congress_ids_in_scope(user, policies.ANY_STAFF)
    qs = Congress.objects.all() if ids is None else Congress.objects.filter(pk__in=ids)
    return list(qs.order_by("division__code").values_list("pk", "name"))


def session_choices(congress_ids: list[int]) -> list[tuple[int, str]]:
    """The sessions of these congresses' current terms, for a new congress-session meeting."""
    return [
        (s.pk, f"{s.term} {s}")
        for s in Session.objects.filter(
            term__congress_id__in=congress_ids, term__is_current=True
        ).select_related("term__congress__division")
    ]


def meetings_for(user: Any) -> QuerySet[Meeting]:
    """Meetings of the congresses the user's staff roles cover, and those the deputy is
    called to."""
    q = Q(pk__in=[])
    session_congresses = registry_selectors.congress_ids_in_scope(user, policies.SESSION_STAFF)
    sc_congresses = registry_selectors.congress_ids_in_scope(user, policies.SC_STAFF)
    roles = registry_policies.roles_of(user)
    if roles & policies.SESSION_STAFF:
        sess = Q(kind=MeetingKind.SESSION)
        q |= sess if session_congresses is None else sess & Q(congress_id__in=session_congresses)
    if roles & policies.SC_STAFF:
        sc = Q(kind=MeetingKind.STANDING_COMMITTEE)
        q |= sc if sc_congresses is None else sc & Q(congress_id__in=sc_congresses)
    d = policies.deputy_id(user)
    if d is not None:
        q |= Q(pk__in=Participant.objects.filter(deputy_id=d).values("meeting_id"))
    return Meeting.objects.filter(q).select_related("congress", "session")


def get_meeting(user: Any, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("congress", "session").filter(pk=pk).first()
    if meeting is None or not policies.can_view(user, meeting):
        raise NotFound(_("No such meeting."))
    return meeting


def _in_visible_meeting(model: Any, user: Any, pk: int, missing: str) -> Any:
    """The ``model`` row ``pk`` (a sitting, a brief …) if the user may see its meeting, else
    NotFound with the message ``missing``."""
    found = model.objects.select_related("meeting").filter(pk=pk).first()
    if found is None or not policies.can_view(user, found.meeting):
        raise NotFound(missing)
    return found


def get_sitting(user: Any, pk: int) -> Sitting:
    sitting: Sitting = _in_visible_meeting(Sitting, user, pk, _("No such sitting."))
    return sitting


@dataclass
class Counts:
    """R01/R56: who is where at a sitting. ``absent`` excludes those on approved leave;
    for the quorum, both count as not present."""

    members: int = 0
    present: int = 0
    on_leave: int = 0
    absent: int = 0
    # Whether the sitting has begun: before that nobody is absent yet (issue 22: future
    # sittings showed "absent 414" beside "nobody absent so far").
    held: bool = True


def approved_leave_q(sitting: Sitting) -> Q:
    return Q(status=LeaveStatus.APPROVED, meeting_id=sitting.meeting_id) & (
        Q(sitting__isnull=True) | Q(sitting=sitting)
    )


def sitting_counts(sitting: Sitting) -> Counts:
    members = Participant.objects.filter(meeting_id=sitting.meeting_id, role=ParticipantRole.MEMBER)
    member_ids = members.values("deputy_id")
    n = members.count()
    present = CheckIn.objects.filter(sitting=sitting, deputy_id__in=member_ids).count()
    on_leave = (
        LeaveRequest.objects.filter(approved_leave_q(sitting), deputy_id__in=member_ids)
        .exclude(deputy_id__in=CheckIn.objects.filter(sitting=sitting).values("deputy_id"))
        .values("deputy_id")
        .distinct()
        .count()
    )
    return Counts(
        members=n,
        present=present,
        on_leave=on_leave,
        absent=n - present - on_leave,
        held=sitting.starts_at <= clock.now(),
    )


def member_ids(meeting_id: int) -> QuerySet[Participant, int]:
    return Participant.objects.filter(
        meeting_id=meeting_id, role=ParticipantRole.MEMBER
    ).values_list("deputy_id", flat=True)


def is_member(meeting_id: int, deputy_id: int) -> bool:
    return Participant.objects.filter(
        meeting_id=meeting_id, deputy_id=deputy_id, role=ParticipantRole.MEMBER
    ).exists()


def is_present(sitting_id: int, deputy_id: int) -> bool:
    return CheckIn.objects.filter(sitting_id=sitting_id, deputy_id=deputy_id).exists()


@dataclass
class AbsenceRow:
    deputy: Deputy
    unexcused: list[Sitting] = field(default_factory=list)
    on_leave: list[Sitting] = field(default_factory=list)


def absences(meeting: Meeting) -> list[AbsenceRow]:
    """R01: per deputy, the sittings held so far they missed without approved leave (and,
    apart, those missed on approved leave). Four queries whatever the size."""
    sittings = list(Sitting.objects.filter(meeting=meeting, starts_at__lte=clock.now()))
    participants = list(
        Participant.objects.filter(meeting=meeting, role=ParticipantRole.MEMBER).select_related(
            "deputy"
        )
    )
    present = set(
        CheckIn.objects.filter(sitting__in=sittings).values_list("sitting_id", "deputy_id")
    )
    leaves = list(
        LeaveRequest.objects.filter(meeting=meeting, status=LeaveStatus.APPROVED).values_list(
            "deputy_id", "sitting_id"
        )
    )
    whole = {d for d, s in leaves if s is None}
    per_sitting = {(s, d) for d, s in leaves if s is not None}
    rows = []
    for p in participants:
        row = AbsenceRow(deputy=p.deputy)
        for s in sittings:
            if (s.pk, p.deputy_id) in present:
                continue
            if p.deputy_id in whole or (s.pk, p.deputy_id) in per_sitting:
                row.on_leave.append(s)
            else:
                row.unexcused.append(s)
        if row.unexcused or row.on_leave:
            rows.append(row)
    rows.sort(key=lambda r: (-len(r.unexcused), r.deputy.name_pinyin))
    return rows


def pending_leaves(user: Any) -> QuerySet[LeaveRequest]:
    """Leave requests waiting for the user's delegation (R01)."""
    qs = LeaveRequest.objects.filter(status=LeaveStatus.PENDING).select_related(
        "deputy", "meeting", "sitting"
    )
    if not registry_policies.roles_of(user) & policies.LEAVE_ROLES:
        return qs.none()
    from lvzhi.registry.models import Membership

    in_scope = Membership.objects.filter(
        registry_policies.membership_scope_q(user, policies.LEAVE_ROLES)
    ).values("deputy_id")
    return qs.filter(deputy_id__in=in_scope)


def materials_with_reads(meeting: Meeting) -> QuerySet[Material]:
    return Material.objects.filter(meeting=meeting).annotate(read_count=Count("reads"))


@dataclass
class Reader:
    """One deputy called to the meeting and when they first opened a material (or not)."""

    deputy: Any
    role: str
    read_at: Any = None


def material_readers(material: Material) -> list[Reader]:
    """Read receipts per deputy for the staff (issue 22): everyone called to the meeting, those
    who have not opened the material first, then the readers by time. Two queries."""
    reads = dict(MaterialRead.objects.filter(material=material).values_list("deputy_id", "read_at"))
    rows = [
        Reader(deputy=p.deputy, role=p.get_role_display(), read_at=reads.get(p.deputy_id))
        for p in Participant.objects.filter(meeting_id=material.meeting_id).select_related("deputy")
    ]
    rows.sort(key=lambda r: (r.read_at is not None, r.read_at or 0, r.deputy.name_pinyin))
    return rows


def my_checkins(meeting: Meeting, deputy_id: int | None) -> set[int]:
    if deputy_id is None:
        return set()
    return set(
        CheckIn.objects.filter(sitting__meeting=meeting, deputy_id=deputy_id).values_list(
            "sitting_id", flat=True
        )
    )


def meetings_of_member(deputy_id: int) -> QuerySet[Participant, int]:
    """Ids of the meetings where the deputy has a vote (a subquery)."""
    return Participant.objects.filter(deputy_id=deputy_id, role=ParticipantRole.MEMBER).values_list(
        "meeting_id", flat=True
    )


@dataclass
class BriefRow:
    brief: Any
    speeches: int
    grassroots: int


def deliberation(meeting: Meeting) -> dict[str, Any]:
    """R04-R05: speeches, briefs (with how many quoted speeches come from grassroots deputies)
    and inquiries of a meeting, in five queries."""
    from .models import Brief, Inquiry, Speech

    speeches = list(
        Speech.objects.filter(meeting=meeting).select_related("deputy", "sitting", "agenda_item")
    )
    by_id = {s.pk: s for s in speeches}
    links = Brief.speeches.through.objects.filter(brief__meeting=meeting).values_list(
        "brief_id", "speech_id"
    )
    quoted: dict[int, list[Any]] = {}
    for brief_id, speech_id in links:
        quoted.setdefault(brief_id, []).append(by_id[speech_id])
    briefs = [
        BriefRow(
            brief=b,
            speeches=len(quoted.get(b.pk, [])),
            grassroots=sum(1 for s in quoted.get(b.pk, []) if s.deputy.is_grassroots),
        )
        for b in Brief.objects.filter(meeting=meeting)
    ]
    inquiries = list(Inquiry.objects.filter(meeting=meeting).select_related("deputy", "organ"))
    return {"speeches": speeches, "briefs": briefs, "inquiries": inquiries, "quoted": quoted}


def get_brief(user: Any, pk: int) -> Any:
    from .models import Brief

    return _in_visible_meeting(Brief, user, pk, _("No such brief."))


@dataclass
class DutyRecord:
    """R03 (Art 5): what a deputy's year of meetings adds to the duty archive."""

    sittings_present: int = 0
    sittings_on_leave: int = 0
    sittings_absent: int = 0
    leaves: list[Any] = field(default_factory=list)
    speeches: list[Any] = field(default_factory=list)
    inquiries: list[Any] = field(default_factory=list)


def duty_record(deputy_id: int, year: int) -> DutyRecord:
    """R03: attendance, leave, speeches and inquiries of one deputy in one year, for the duty
    archive. Only sittings held so far and of meetings where the deputy has a vote count for
    attendance. Seven queries whatever the data."""
    from .models import Inquiry, Speech

    meetings = Participant.objects.filter(
        deputy_id=deputy_id, role=ParticipantRole.MEMBER, meeting__opens_at__year=year
    ).values("meeting_id")
    sittings = list(
        Sitting.objects.filter(meeting_id__in=meetings, starts_at__lte=clock.now()).values_list(
            "pk", "meeting_id"
        )
    )
    present = set(
        CheckIn.objects.filter(
            deputy_id=deputy_id, sitting_id__in=[s for s, _m in sittings]
        ).values_list("sitting_id", flat=True)
    )
    leaves = list(
        LeaveRequest.objects.filter(deputy_id=deputy_id, meeting__opens_at__year=year)
        .select_related("meeting", "sitting")
        .order_by("requested_at")
    )
    approved = [lv for lv in leaves if lv.status == LeaveStatus.APPROVED]
    record = DutyRecord(leaves=leaves)
    for sitting_id, meeting_id in sittings:
        if sitting_id in present:
            record.sittings_present += 1
        elif any(
            lv.meeting_id == meeting_id and lv.sitting_id in (None, sitting_id) for lv in approved
        ):
            record.sittings_on_leave += 1
        else:
            record.sittings_absent += 1
    record.speeches = list(
        Speech.objects.filter(deputy_id=deputy_id, recorded_at__year=year).select_related(
            "meeting", "agenda_item"
        )
    )
    record.inquiries = list(
        Inquiry.objects.filter(deputy_id=deputy_id, asked_at__year=year).select_related(
            "meeting", "organ"
        )
    )
    return record


def sittings_attended(deputy_id: int, start: Any, end: Any) -> list[tuple[Any, str, str]]:
    """R55 (Art 92): the sittings the deputy was present at (checked in) between two dates,
    held so far: (date, meeting, sitting) in date order. One query."""
    from django.utils import timezone

    rows = (
        CheckIn.objects.filter(
            deputy_id=deputy_id,
            sitting__starts_at__date__gte=start,
            sitting__starts_at__date__lte=end,
            sitting__starts_at__lte=clock.now(),
        )
        .select_related("sitting__meeting")
        .order_by("sitting__starts_at", "sitting_id")
    )
    return [
        (timezone.localdate(c.sitting.starts_at), str(c.sitting.meeting), c.sitting.title)
        for c in rows
    ]


# ---- compliance view (R02, R30, R31) -------------------------------------------------------


def compliance_meetings(congress_id: int, kind: str, start: Any, end: Any) -> list[Any]:
    """Meetings of a congress opening between ``start`` and ``end`` (dates, inclusive), each
    annotated with ``notice_days`` (the earliest notice's days before opening, R02),
    ``first_material_at`` (R31), ``non_voting`` (deputies who attended without a vote —
    registered or checked in, ``attended()``, R30) and ``non_voting_invited`` (those on the
    list). One query."""
    from django.db.models import Max, Min
    from django.db.models.functions import Coalesce

    attended_count = (
        Participant.objects.filter(
            attended(), meeting_id=OuterRef("pk"), role=ParticipantRole.NON_VOTING
        )
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("deputy_id", distinct=True))
        .values("n")
    )
    return list(
        Meeting.objects.filter(
            congress_id=congress_id,
            kind=kind,
            opens_at__date__gte=start,
            opens_at__date__lte=end,
        )
        .annotate(
            notice_days=Max("notices__days_ahead"),
            first_material_at=Min("materials__published_at"),
            non_voting_invited=Count(
                "participants",
                filter=Q(participants__role=ParticipantRole.NON_VOTING),
                distinct=True,
            ),
            non_voting=Coalesce(Subquery(attended_count), 0),
        )
        .order_by("opens_at", "id")
    )


def attended() -> Q:
    """R30: a participant who was there — registered (报到) or checked in to a sitting of the
    meeting — not one only invited."""
    return Q(registered_at__isnull=False) | Q(
        Exists(
            CheckIn.objects.filter(
                sitting__meeting_id=OuterRef("meeting_id"), deputy_id=OuterRef("deputy_id")
            )
        )
    )


def non_voting_term_coverage(congress_id: int, start: Any, end: Any) -> set[int]:
    """Ids of the deputies who attended (``attended()``, not only invited) a Standing
    Committee meeting of the congress without a vote between ``start`` and ``end`` (R30 term
    coverage). One query."""
    return set(
        Participant.objects.filter(
            attended(),
            role=ParticipantRole.NON_VOTING,
            meeting__kind=MeetingKind.STANDING_COMMITTEE,
            meeting__congress_id=congress_id,
            meeting__opens_at__date__gte=start,
            meeting__opens_at__date__lte=end,
        ).values_list("deputy_id", flat=True)
    )


# Each deputy's registration and check-in are on the attendance page, not on the timeline.
PER_DEPUTY_KINDS = ("meetings.registered", "meetings.checked_in")


def timeline(meeting: Any) -> list[Event]:
    """The meeting's steps in the event log for its staff, oldest first."""
    return list(events.of(meeting).exclude(kind__in=PER_DEPUTY_KINDS))
