"""R48: every kind of duty counted for all deputies of a congress in one year, for the
evaluation. One grouped query per kind (about twenty, whatever the number of deputies).

The per-deputy archive asks each app's selectors (``sources.py``); asking them once per deputy
would cost thousands of queries at prefecture scale, so these bulk counts read the recording
apps' models directly (the architecture allows models alongside services and selectors) with
the same filters. ``tests/records/test_archive.py`` proves the two agree on the demo data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from lvzhi.core import clock

from .models import DisciplineNote, DutyEntry, EntryStatus
from .sources import recorded


def _grouped(qs: QuerySet[Any], key: str = "deputy_id") -> Counter[int]:
    return Counter(dict(qs.order_by().values(key).annotate(n=Count("*")).values_list(key, "n")))


def _meetings(year: int, deputies: Any) -> dict[str, Counter[int]]:
    from lvzhi.meetings.models import (
        CheckIn,
        Inquiry,
        LeaveRequest,
        LeaveStatus,
        Participant,
        ParticipantRole,
        Sitting,
        Speech,
    )

    now = clock.now()
    members = Participant.objects.filter(
        role=ParticipantRole.MEMBER, meeting__opens_at__year=year, deputy_id__in=deputies
    )
    # Only the sittings, check-ins and leave of these deputies' meetings: the work follows
    # the deputies asked for, not the whole year's meetings (issue 26.3).
    sittings: dict[int, list[int]] = defaultdict(list)
    for sid, mid in Sitting.objects.filter(
        meeting_id__in=members.values("meeting_id"), starts_at__lte=now
    ).values_list("pk", "meeting_id"):
        sittings[mid].append(sid)
    present = set(
        CheckIn.objects.filter(
            sitting__meeting__opens_at__year=year,
            sitting__starts_at__lte=now,
            deputy_id__in=deputies,
        ).values_list("deputy_id", "sitting_id")
    )
    leave: dict[tuple[int, int], set[int | None]] = defaultdict(set)
    for d, m, s in LeaveRequest.objects.filter(
        status=LeaveStatus.APPROVED, meeting__opens_at__year=year, deputy_id__in=deputies
    ).values_list("deputy_id", "meeting_id", "sitting_id"):
        leave[(d, m)].add(s)
    att: Counter[int] = Counter()
    on_leave: Counter[int] = Counter()
    absent: Counter[int] = Counter()
    for d, m in members.values_list("deputy_id", "meeting_id"):
        covered = leave.get((d, m), set())
        for s in sittings.get(m, ()):
            if (d, s) in present:
                att[d] += 1
            elif None in covered or s in covered:
                on_leave[d] += 1
            else:
                absent[d] += 1
    return {
        "attendance": att,
        "leave": on_leave,
        "absence": absent,
        "speech": _grouped(Speech.objects.filter(recorded_at__year=year, deputy_id__in=deputies)),
        "inquiry": _grouped(Inquiry.objects.filter(asked_at__year=year, deputy_id__in=deputies)),
    }


def _voting(year: int, deputies: Any) -> dict[str, Counter[int]]:
    from lvzhi.voting.models import NamedVote, Receipt

    return {
        "vote": _grouped(
            NamedVote.objects.filter(poll__closed_at__year=year, deputy_id__in=deputies)
        )
        + _grouped(Receipt.objects.filter(poll__closed_at__year=year, deputy_id__in=deputies))
    }


def _motions(year: int, deputies: Any, prefix: str) -> dict[str, Counter[int]]:
    if prefix == "proposal":
        from lvzhi.proposals.models import CoSigner, CoSignStatus, Proposal

        items: Any = Proposal.objects
        signers: Any = CoSigner.objects.filter(proposal__submitted_at__year=year)
        confirmed: str = CoSignStatus.CONFIRMED
    else:
        from lvzhi.suggestions.models import CoSigner as SCoSigner
        from lvzhi.suggestions.models import CoSignStatus as SStatus
        from lvzhi.suggestions.models import Suggestion

        items = Suggestion.objects
        signers = SCoSigner.objects.filter(suggestion__submitted_at__year=year)
        confirmed = SStatus.CONFIRMED
    return {
        f"{prefix}_led": _grouped(
            items.filter(submitted_at__year=year, proposer_id__in=deputies), "proposer_id"
        ),
        f"{prefix}_cosigned": _grouped(signers.filter(status=confirmed, deputy_id__in=deputies)),
    }


def _activities(year: int, deputies: Any) -> dict[str, Counter[int]]:
    from lvzhi.activities.models import (
        Attendance,
        Comment,
        InspectionParticipant,
        ResearchParticipant,
        StageInvitation,
        SupervisionInvitation,
        TrainingAttendance,
    )

    today = clock.today()  # R03: what has happened, not what is scheduled

    def held(rows: Any, day: str, **more: Any) -> Counter[int]:
        """The deputies' rows whose activity was held this year, up to today."""
        when = {f"{day}__year": year, f"{day}__lte": today}
        return _grouped(rows.filter(deputy_id__in=deputies, **when, **more))

    return {
        "group_activity": held(Attendance.objects, "activity__held_on", present=True),
        "inspection": held(InspectionParticipant.objects, "inspection__starts_on"),
        "legislation": held(StageInvitation.objects, "stage__starts_on")
        + _grouped(Comment.objects.filter(created_at__year=year, deputy_id__in=deputies)),
        "supervision": held(SupervisionInvitation.objects, "supervision__held_on"),
        "research": held(ResearchParticipant.objects, "research__starts_on"),
        "training": held(TrainingAttendance.objects, "training__starts_on"),
    }


def _stations(year: int, deputies: Any) -> dict[str, Counter[int]]:
    from lvzhi.stations.models import (
        DONE_STATUSES,
        Activity,
        ActivityKind,
        Evaluation,
        OpinionAssignee,
        ReceptionDay,
    )

    held = Activity.deputies.through.objects.filter(
        activity__held_on__year=year,
        activity__held_on__lte=clock.today(),
        deputy_id__in=deputies,
    )
    reports = held.filter(activity__kind=ActivityKind.REPORT)
    return {
        # R53: reports to the voters are their own kind, with the voters' evaluation.
        "voter_report": _grouped(reports),
        "voter_report_unsatisfied": _grouped(
            reports.filter(activity__evaluation=Evaluation.UNSATISFIED)
        ),
        "station_duty": _grouped(held.exclude(activity__kind=ActivityKind.REPORT))
        + _grouped(
            ReceptionDay.deputies.through.objects.filter(
                receptionday__day__year=year,
                receptionday__day__lte=clock.today(),
                deputy_id__in=deputies,
            )
        ),
        "opinion_answered": _grouped(
            OpinionAssignee.objects.filter(
                opinion__status__in=DONE_STATUSES,
                opinion__handled_at__year=year,
                deputy_id__in=deputies,
            )
        ),
    }


def _contacts(year: int, deputies: Any) -> dict[str, Counter[int]]:
    from lvzhi.contacts.models import Activity, Contact

    return {
        "contact": _grouped(
            Contact.objects.filter(on__year=year, on__lte=clock.today(), deputy_id__in=deputies)
        )
        + _grouped(
            Activity.participants.through.objects.filter(
                activity__held_on__year=year,
                activity__held_on__lte=clock.today(),
                deputy_id__in=deputies,
            )
        )
    }


BULK = {
    "lvzhi.meetings": _meetings,
    "lvzhi.voting": _voting,
    "lvzhi.proposals": lambda y, d: _motions(y, d, "proposal"),
    "lvzhi.suggestions": lambda y, d: _motions(y, d, "suggestion"),
    "lvzhi.activities": _activities,
    "lvzhi.stations": _stations,
    "lvzhi.contacts": _contacts,
}


def all_counts(
    year: int, memberships: QuerySet[Any], by_id: bool = False
) -> dict[str, Counter[int]]:
    """kind → Counter keyed by deputy id (by seat id for ``own_entry``); a kind whose app is
    not installed is absent. ``by_id``: the seats are few (a refresh, ``stored.py``) — the
    queries get their deputies' ids as a list, which the planner answers from the deputy
    indexes, rather than as a subquery it may answer by scanning the year."""
    deputies: Any = memberships.values("deputy_id")
    seats: Any = memberships.values("pk")
    if by_id:
        pairs = list(memberships.order_by().values_list("pk", "deputy_id"))
        seats = [p for p, _d in pairs]
        deputies = sorted({d for _p, d in pairs})
    out: dict[str, Counter[int]] = {}
    for app, bulk in BULK.items():
        if recorded(app):
            out.update(bulk(year, deputies))
    out["discipline"] = _grouped(
        DisciplineNote.objects.filter(on__year=year, deputy_id__in=deputies)
    )
    out["own_entry"] = _grouped(
        DutyEntry.objects.filter(
            status=EntryStatus.CONFIRMED, on__year=year, membership_id__in=seats
        ),
        "membership_id",
    )
    return out
