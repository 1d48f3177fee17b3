"""Reads of polls: the live counts of the presiding screen, the tally frozen at close, a
deputy's own named vote. Fixed numbers of queries."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.meetings.models import CheckIn
from lvzhi.registry.models import Deputy

from . import policies, rules
from .models import (
    Ballot,
    BallotMark,
    Candidate,
    Choice,
    Mark,
    NamedVote,
    Poll,
    PollKind,
    PollStatus,
    Receipt,
    Tracker,
)


def get_poll(user: Any, pk: int) -> Poll:
    poll = Poll.objects.select_related("meeting", "sitting", "agenda_item").filter(pk=pk).first()
    if poll is None or not policies.can_view(user, poll):
        raise NotFound(_("No such poll."))
    return poll


def polls_of_meeting(meeting_id: int) -> QuerySet[Poll]:
    return Poll.objects.filter(meeting_id=meeting_id).select_related("sitting")


def open_polls_for_deputy(deputy_id: int) -> QuerySet[Poll]:
    return Poll.objects.filter(
        status=PollStatus.OPEN,
        meeting_id__in=meeting_selectors.meetings_of_member(deputy_id),
    ).select_related("meeting", "sitting")


def _named_counts(poll: Poll) -> dict[str, int]:
    agg = NamedVote.objects.filter(poll=poll).aggregate(
        yes=Count("id", filter=Q(choice=Choice.YES)),
        no=Count("id", filter=Q(choice=Choice.NO)),
        abstain=Count("id", filter=Q(choice=Choice.ABSTAIN)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def live_counts(poll: Poll) -> dict[str, Any]:
    """What the presiding screen shows. "Absent", "on approved leave", "present but did not
    vote" and "abstain" are separate numbers. During a secret election only the number of
    ballots returned is shown; the per-candidate counts come with the result."""
    if poll.status == PollStatus.CLOSED:
        return {"poll": poll.pk, "status": poll.status, **poll.result, "stage": stage(poll)}
    counts = meeting_selectors.sitting_counts(poll.sitting)
    out: dict[str, Any] = {
        "poll": poll.pk,
        "status": poll.status,
        "stage": stage(poll),
        "members": counts.members,
        "present": counts.present,
        "on_leave": counts.on_leave,
        "absent": counts.absent,
        "needed": rules.needed(counts.members, Fraction(poll.pass_num, poll.pass_den)),
    }
    if poll.kind == PollKind.NAMED:
        named = _named_counts(poll)
        voted = sum(named.values())
        out.update(named, voted=voted)
    else:
        voted = Receipt.objects.filter(poll=poll).count()
        out.update(returned=voted, voted=voted)
    out["not_voted"] = max(counts.present - voted, 0)
    return out


def _base(poll: Poll, voted: int) -> dict[str, Any]:
    """The numbers every result of a poll has: who could vote, who was there, who voted."""
    members = poll.members
    return {
        "members": members,
        "present": poll.present,
        "on_leave": poll.on_leave,
        "absent": max(members - poll.present - poll.on_leave, 0),
        "needed": rules.needed(members, Fraction(poll.pass_num, poll.pass_den)),
        "voted": voted,
        "not_voted": max(poll.present - voted, 0),
    }


def named_result(poll: Poll, yes: int, no: int, abstain: int) -> dict[str, Any]:
    """R56: adopted with more than half of ALL deputies of the meeting voting for."""
    voted = yes + no + abstain
    return {
        **_base(poll, voted),
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "adopted": rules.more_than(yes, poll.members, Fraction(poll.pass_num, poll.pass_den)),
    }


def election_result(
    poll: Poll,
    *,
    issued: int,
    returned: int,
    invalid: int,
    per: dict[int, dict[str, int]],
    written: dict[str, int],
) -> dict[str, Any]:
    """R56: valid only if returned ≤ issued; a candidate needs more than half of all
    deputies' votes; invalid ballots count as returned but not for anyone."""
    valid_election = rules.election_valid(returned, issued)
    candidates = list(Candidate.objects.filter(poll=poll))
    votes = [(c.name, per.get(c.pk, {}).get(Mark.YES, 0)) for c in candidates]
    votes += sorted(written.items())
    share = Fraction(poll.pass_num, poll.pass_den)
    outcome = {o.name: o for o in rules.elected(votes, poll.members, poll.seats, share)}
    return {
        **_base(poll, returned),
        "issued": issued,
        "returned": returned,
        "invalid": invalid,
        "valid": valid_election,
        "adopted": valid_election,
        "candidates": [
            {
                "name": c.name,
                "yes": per.get(c.pk, {}).get(Mark.YES, 0),
                "no": per.get(c.pk, {}).get(Mark.NO, 0),
                "abstain": per.get(c.pk, {}).get(Mark.ABSTAIN, 0),
                "elected": valid_election and outcome[c.name].elected,
            }
            for c in candidates
        ],
        "write_ins": [
            {"name": n, "yes": v, "elected": valid_election and outcome[n].elected}
            for n, v in sorted(written.items(), key=lambda nv: (-nv[1], nv[0]))
        ],
    }


STAGES = ("draft", "open", "closed", "counted", "published")


def stage(poll: Poll) -> str:
    """Where a poll stands, for the hall: prepared, open, closed (awaiting the count),
    counted (awaiting publication), published."""
    if poll.published_at is not None:
        return "published"
    if poll.counted_at is not None:
        return "counted"
    return str(poll.status)


def pending_result(poll: Poll) -> dict[str, Any]:
    """A secret election closed but not yet counted: only the numbers known without opening a
    ballot (returned = receipts = sealed ballots)."""
    returned = Receipt.objects.filter(poll=poll).count()
    return {
        **_base(poll, returned),
        "issued": poll.ballots_issued,
        "returned": returned,
        "pending": True,
        "adopted": None,
    }


def tally(poll: Poll) -> dict[str, Any]:
    """The result of the electronic votes: a named vote at close, a secret election at the
    count, from the counted ballots (R56)."""
    if poll.kind == PollKind.NAMED:
        return named_result(poll, **_named_counts(poll))
    lines = (
        BallotMark.objects.filter(ballot__poll=poll, ballot__valid=True)
        .values("candidate_id", "mark", "write_in")
        .annotate(n=Count("id"))
    )
    per: dict[int, dict[str, int]] = {}
    written: dict[str, int] = {}
    for row in lines:
        if row["mark"] == Mark.WRITE_IN:
            written[row["write_in"]] = written.get(row["write_in"], 0) + row["n"]
        else:
            per.setdefault(row["candidate_id"], {})[row["mark"]] = row["n"]
    kinds = {
        row["kind"]: row["n"]
        for row in Ballot.objects.filter(poll=poll).values("kind").annotate(n=Count("id"))
    }
    result = election_result(
        poll,
        issued=poll.ballots_issued,
        returned=sum(kinds.values()),
        invalid=sum(n for k, n in kinds.items() if k in rules.INVALID_CLASSES),
        per=per,
        written=written,
    )
    result["classes"] = {k: kinds.get(k, 0) for k in (*rules.INVALID_CLASSES, rules.BLANK)}
    result["trackers"] = Tracker.objects.filter(poll=poll).count()
    return result


def trackers(poll: Poll) -> list[str]:
    """The published ballot box of a counted election (sorted: the order says nothing)."""
    return list(
        Tracker.objects.filter(poll=poll).order_by("tracker").values_list("tracker", flat=True)
    )


def tracker_counted(poll: Poll, tracker: str) -> bool:
    t = "".join((tracker or "").split()).lower()
    return len(t) == 64 and Tracker.objects.filter(poll=poll, tracker=t).exists()


def roll(poll: Poll) -> list[dict[str, Any]]:
    """A named vote's roll for the staff: every voting member of the meeting, present or not,
    whether they voted and, once the poll is closed, how (a named vote is public by nature).
    Never for a secret election (only who took part, which ``Receipt`` says)."""
    if poll.kind != PollKind.NAMED:
        return []
    members = Deputy.objects.filter(pk__in=meeting_selectors.member_ids(poll.meeting_id))
    present = set(
        CheckIn.objects.filter(sitting_id=poll.sitting_id).values_list("deputy_id", flat=True)
    )
    votes = {
        v.deputy_id: v
        for v in NamedVote.objects.filter(poll=poll).only("deputy_id", "choice", "cast_at")
    }
    closed = poll.status == PollStatus.CLOSED
    out: list[dict[str, Any]] = []
    for d in members:
        v = votes.get(d.pk)
        out.append(
            {
                "deputy": d,
                "present": d.pk in present,
                "voted": v is not None,
                "choice": v.get_choice_display() if v is not None and closed else "",
                "cast_at": v.cast_at if v is not None else None,
            }
        )
    out.sort(key=lambda r: (bool(r["voted"]), not r["present"], str(r["deputy"].name)))
    return out


def my_vote(poll: Poll, deputy_id: int | None) -> NamedVote | None:
    """A deputy checks their own named vote (never someone else's through this)."""
    if deputy_id is None or poll.kind != PollKind.NAMED:
        return None
    return NamedVote.objects.filter(poll=poll, deputy_id=deputy_id).first()


def has_voted(poll: Poll, deputy_id: int | None) -> bool:
    if deputy_id is None:
        return False
    if poll.kind == PollKind.NAMED:
        return NamedVote.objects.filter(poll=poll, deputy_id=deputy_id).exists()
    return Receipt.objects.filter(poll=poll, deputy_id=deputy_id).exists()


def voted_poll_ids(deputy_id: int | None, poll_ids: list[int]) -> set[int]:
    """Which of these polls the deputy has voted in (named or secret), two queries."""
    if deputy_id is None or not poll_ids:
        return set()
    named = NamedVote.objects.filter(deputy_id=deputy_id, poll_id__in=poll_ids)
    secret = Receipt.objects.filter(deputy_id=deputy_id, poll_id__in=poll_ids)
    return set(named.values_list("poll_id", flat=True)) | set(
        secret.values_list("poll_id", flat=True)
    )


def deputy_votes(deputy_id: int, year: int) -> dict[str, list[Any]]:
    """R03/R56: votes cast by a deputy in a year, for the duty archive: named votes with their
    choice; secret-ballot elections only as "took part" (how is never known). Two queries."""
    named = list(
        NamedVote.objects.filter(deputy_id=deputy_id, poll__closed_at__year=year)
        .select_related("poll__meeting")
        .order_by("poll__closed_at")
    )
    secret = [
        r.poll
        for r in Receipt.objects.filter(deputy_id=deputy_id, poll__closed_at__year=year)
        .select_related("poll__meeting")
        .order_by("poll__closed_at")
    ]
    return {"named": named, "elections": secret}
