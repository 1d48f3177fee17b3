"""Every change of a poll is one function here (R56).

The vote path is short on purpose: one shared lock on the poll row (``FOR SHARE`` on
PostgreSQL, so votes run side by side while closing waits for them), one insert guarded by a
unique constraint, and after commit one push of the new counts to the presiding screen. No
notification is sent on the vote path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from fractions import Fraction

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.meetings.models import AgendaItem, Sitting

from . import live, policies, rules, selectors
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
    Subject,
)


def _clean(value: str, max_length: int) -> str:
    return " ".join((value or "").replace("\x00", "").split())[:max_length]


def _lock_shared(pk: int) -> Poll:
    """The poll row under a shared lock: many votes at once, but no close in between."""
    if connection.vendor == "postgresql":
        rows = list(Poll.objects.raw("SELECT * FROM voting_poll WHERE id = %s FOR SHARE", [pk]))
        if not rows:
            raise NotFound(_("No such poll."))
        return rows[0]
    return Poll.objects.get(pk=pk)


def _require_preside(actor: User | None, poll: Poll) -> None:
    if actor is not None and not policies.can_preside(actor, poll):
        raise PermissionDenied(_("Only the presiding staff of this meeting may do this."))


# ---- preparing, opening, closing -----------------------------------------------------------


def poll_create(
    *,
    actor: User | None,
    sitting: Sitting,
    kind: str,
    subject: str,
    title: str,
    agenda_item: AgendaItem | None = None,
    seats: int = 0,
    candidates: Sequence[str] = (),
    quorum: Fraction = rules.QUORUM,
    adoption: Fraction | None = None,
    open_at: dt.datetime | None = None,
    close_at: dt.datetime | None = None,
) -> Poll:
    """Prepare a poll at a sitting. Thresholds default to SPEC section 3 (R56)."""
    title = _clean(title, 200)
    if not title:
        raise ValidationFailed(_("The title is required."), field="title")
    if kind not in PollKind.values:
        raise ValidationFailed(_("Choose the kind of poll."), field="kind")
    if subject not in Subject.values:
        raise ValidationFailed(_("Choose what is voted on."), field="subject")
    if agenda_item is not None and agenda_item.meeting_id != sitting.meeting_id:
        raise NotFound(_("No such agenda item."))
    if not (0 < quorum <= 1):
        raise ValidationFailed(_("The quorum must be a share between 0 and 1."), field="quorum")
    share = adoption or (rules.ELECTION if kind == PollKind.ELECTION else rules.ADOPTION)
    if not (0 < share < 1):
        raise ValidationFailed(_("The threshold must be a share between 0 and 1."))
    names = [_clean(c, 64) for c in candidates]
    names = [n for n in names if n]
    if kind == PollKind.ELECTION:
        if seats < 1:
            raise ValidationFailed(_("An election fills at least one seat."), field="seats")
        if not names:
            raise ValidationFailed(_("Name at least one candidate."), field="candidates")
        if len(set(names)) != len(names):
            raise ValidationFailed(_("A candidate is named twice."), field="candidates")
    else:
        seats, names = 0, []
    if open_at and close_at and close_at <= open_at:
        raise ValidationFailed(
            _("The scheduled close must come after the scheduled opening."), field="close_at"
        )
    poll = Poll(
        meeting_id=sitting.meeting_id,
        sitting=sitting,
        agenda_item=agenda_item,
        kind=kind,
        subject=subject,
        title=title,
        seats=seats,
        quorum_num=quorum.numerator,
        quorum_den=quorum.denominator,
        pass_num=share.numerator,
        pass_den=share.denominator,
        open_at=open_at,
        close_at=close_at,
        created_at=clock.now(),
    )
    _require_preside(actor, poll)
    with transaction.atomic():
        poll.save()
        Candidate.objects.bulk_create(
            [Candidate(poll=poll, position=i, name=n) for i, n in enumerate(names, start=1)]
        )
    return poll


def poll_open(*, actor: User | None, poll: Poll) -> Poll:
    """R56: the presiding staff open the poll once at least two thirds of all deputies of
    the meeting are present (checked in at the sitting; approved leave counts as absent)."""
    _require_preside(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise Conflict(_("This poll has already been opened."))
        counts = meeting_selectors.sitting_counts(poll.sitting)
        quorum = Fraction(poll.quorum_num, poll.quorum_den)
        if not rules.quorum_met(counts.present, counts.members, quorum):
            raise Conflict(
                _(
                    "The sitting has no quorum: %(present)s of %(members)s deputies are present, "
                    "at least %(needed)s are needed (R56)."
                )
                % {
                    "present": counts.present,
                    "members": counts.members,
                    "needed": -(-counts.members * quorum.numerator // quorum.denominator),
                }
            )
        poll.status = PollStatus.OPEN
        poll.members = counts.members
        poll.present = counts.present
        poll.on_leave = counts.on_leave
        poll.opened_at = clock.now()
        poll.opened_by = actor
        poll.save()
        audit.record(actor=actor, action="poll.opened", obj=poll, after={"present": poll.present})
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def poll_close(*, actor: User | None, poll: Poll) -> Poll:
    """R56: close and freeze the result. Closing a closed poll returns the same result."""
    _require_preside(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status == PollStatus.CLOSED:
            return poll
        if poll.status != PollStatus.OPEN:
            raise Conflict(_("This poll has not been opened."))
        counts = meeting_selectors.sitting_counts(poll.sitting)
        poll.present = max(poll.present, counts.present)
        poll.on_leave = counts.on_leave
        if poll.kind == PollKind.ELECTION:
            poll.ballots_issued = poll.present
        poll.result = selectors.tally(poll)
        poll.adopted = poll.result["adopted"]
        poll.status = PollStatus.CLOSED
        poll.closed_at = clock.now()
        poll.closed_by = actor
        poll.save()
        audit.record(actor=actor, action="poll.closed", obj=poll, after={"adopted": poll.adopted})
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def poll_record_count(
    *,
    actor: User | None,
    poll: Poll,
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    issued: int = 0,
    returned: int = 0,
    invalid: int = 0,
    candidates: Mapping[int, tuple[int, int, int]] | None = None,
    write_ins: Mapping[str, int] | None = None,
) -> Poll:
    """R56: a paper-ballot count entered instead of the electronic vote, judged by the same
    thresholds, and closing the poll for good. For an election: ballots issued and returned
    (more returned than issued makes it invalid), invalid ballots, and per candidate the
    for/against/abstain counts of the valid ballots; write-ins by name."""
    _require_preside(actor, poll)
    numbers = [yes, no, abstain, issued, returned, invalid]
    numbers += [n for t in (candidates or {}).values() for n in t]
    numbers += list((write_ins or {}).values())
    if any(not isinstance(n, int) or n < 0 for n in numbers):
        raise ValidationFailed(_("Counts are whole numbers, zero or more."))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.OPEN:
            raise Conflict(_("A count can be entered only for an open poll."))
        if NamedVote.objects.filter(poll=poll).exists() or Receipt.objects.filter(poll=poll):
            raise Conflict(_("Deputies have already voted electronically in this poll."))
        if poll.kind == PollKind.NAMED:
            if yes + no + abstain > poll.present:
                raise ValidationFailed(_("More votes than deputies present."))
            result = selectors.named_result(poll, yes=yes, no=no, abstain=abstain)
        else:
            known = set(Candidate.objects.filter(poll=poll).values_list("pk", flat=True))
            if set(candidates or {}) - known:
                raise NotFound(_("No such candidate."))
            if invalid > returned:
                raise ValidationFailed(_("More invalid ballots than ballots returned."))
            per: dict[int, dict[str, int]] = {
                cid: {Mark.YES.value: y, Mark.NO.value: n, Mark.ABSTAIN.value: a}
                for cid, (y, n, a) in (candidates or {}).items()
            }
            if any(sum(v.values()) > returned - invalid for v in per.values()):
                raise ValidationFailed(_("A candidate has more marks than valid ballots."))
            names = {_clean(k, 64): v for k, v in (write_ins or {}).items() if _clean(k, 64)}
            poll.ballots_issued = issued
            result = selectors.election_result(
                poll, issued=issued, returned=returned, invalid=invalid, per=per, written=names
            )
        poll.result = {**result, "paper": True}
        poll.adopted = result["adopted"]
        poll.status = PollStatus.CLOSED
        poll.closed_at = clock.now()
        poll.closed_by = actor
        poll.save()
        audit.record(actor=actor, action="poll.closed", obj=poll, after={"adopted": poll.adopted})
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def polls_run_schedule() -> dict[str, list[int]]:
    """Open the prepared polls whose scheduled opening has come (if the sitting has its
    quorum; otherwise they wait and are reported) and close the open polls whose scheduled
    close has come. Idempotent: running it twice changes nothing more."""
    now = clock.now()
    out: dict[str, list[int]] = {"opened": [], "closed": [], "no_quorum": []}
    due_open = Poll.objects.filter(status=PollStatus.DRAFT, open_at__lte=now).order_by("open_at")
    for poll in due_open:
        if poll.close_at is not None and poll.close_at <= now:
            continue
        try:
            poll_open(actor=None, poll=poll)
        except Conflict:
            out["no_quorum"].append(poll.pk)
        else:
            out["opened"].append(poll.pk)
    for poll in Poll.objects.filter(status=PollStatus.OPEN, close_at__lte=now):
        poll_close(actor=None, poll=poll)
        out["closed"].append(poll.pk)
    return out


# ---- casting -----------------------------------------------------------------------------------


def _voter(actor: User, poll: Poll) -> int:
    d = policies.deputy_id(actor)
    if d is None or not policies.is_voter(actor, poll):
        raise PermissionDenied(_("You have no vote in this meeting."))
    return d


def _open_for(poll_pk: int, deputy_id: int) -> Poll:
    poll = _lock_shared(poll_pk)
    if poll.status == PollStatus.CLOSED:
        raise Conflict(_("Voting has closed; the result can no longer change."))
    if poll.status != PollStatus.OPEN:
        raise Conflict(_("Voting has not opened yet."))
    if not meeting_selectors.is_present(poll.sitting_id, deputy_id):
        raise Conflict(_("Check in at this sitting before you vote."))
    return poll


def _insert_once(poll_pk: int, deputy_id: int, choice: str) -> NamedVote | None:
    """One statement: insert the vote unless the deputy's vote is there already (the unique
    constraint decides under concurrency). The new vote, or None when one was there.
    PostgreSQL and SQLite (3.35+) both understand ``ON CONFLICT … DO NOTHING RETURNING``."""
    table = connection.ops.quote_name(NamedVote._meta.db_table)
    vote = NamedVote(poll_id=poll_pk, deputy_id=deputy_id, choice=choice, cast_at=clock.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (poll_id, deputy_id, choice, cast_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (poll_id, deputy_id) DO NOTHING RETURNING id",
            [poll_pk, deputy_id, choice, vote.cast_at],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    vote.pk = row[0]
    vote._state.adding = False
    return vote


def vote_cast(*, actor: User, poll: Poll, choice: str) -> NamedVote:
    """R56: a named vote. At most one per deputy and poll, whatever the concurrency; a retry
    of the same choice returns the vote already recorded (nothing is counted twice), a
    different choice after a vote is refused (a vote cannot be changed).

    The path is short on purpose: a shared lock on the poll row, the check-in probe, one
    insert, the commit, and after the commit an announcement to the screens (no count, no
    notification)."""
    if poll.kind != PollKind.NAMED:
        raise ValidationFailed(_("This poll is a secret ballot."))
    if choice not in Choice.values:
        raise ValidationFailed(_("Choose for, against or abstain."), field="choice")
    d = _voter(actor, poll)
    with transaction.atomic():
        _open_for(poll.pk, d)
        vote = _insert_once(poll.pk, d, choice)
        if vote is not None:
            transaction.on_commit(lambda: live.announce(poll.pk))
            return vote
    vote = NamedVote.objects.get(poll_id=poll.pk, deputy_id=d)
    if vote.choice != choice:
        raise Conflict(_("You have already voted in this poll; a vote cannot be changed."))
    return vote


def ballot_cast(
    *,
    actor: User,
    poll: Poll,
    marks: Mapping[int, str],
    write_ins: Sequence[str] = (),
) -> bool:
    """R56: a secret ballot. Per candidate for/against/abstain (unmarked = abstain) and
    write-ins (另选他人). More people selected than seats → the ballot is kept but invalid.
    The ballot row has no link to the voter; a separate receipt says only that the deputy
    voted. Returns False when the deputy's ballot was already recorded (a retry)."""
    if poll.kind != PollKind.ELECTION:
        raise ValidationFailed(_("This poll is a named vote."))
    candidates = {c.pk: c for c in Candidate.objects.filter(poll_id=poll.pk)}
    unknown = set(marks) - set(candidates)
    if unknown:
        raise NotFound(_("No such candidate."))
    if any(m not in (Mark.YES, Mark.NO, Mark.ABSTAIN) for m in marks.values()):
        raise ValidationFailed(_("Mark each candidate for, against or abstain."))
    names = [_clean(n, 64) for n in write_ins]
    names = [n for n in names if n]
    if len(set(names)) != len(names):
        raise ValidationFailed(_("The same person is written in twice."), field="write_ins")
    if set(names) & {c.name for c in candidates.values()}:
        raise ValidationFailed(
            _("A written-in person is already a candidate; mark them on the list instead."),
            field="write_ins",
        )
    yes = sum(1 for m in marks.values() if m == Mark.YES)
    valid = rules.ballot_valid(yes, len(names), poll.seats)
    d = _voter(actor, poll)
    with transaction.atomic():
        locked = _open_for(poll.pk, d)
        try:
            with transaction.atomic():
                Receipt.objects.create(poll=locked, deputy_id=d)
        except IntegrityError:
            return False
        ballot = Ballot.objects.create(poll=locked, valid=valid)
        lines = [
            BallotMark(ballot=ballot, candidate_id=cid, mark=marks.get(cid, Mark.ABSTAIN))
            for cid in sorted(candidates)
        ]
        lines += [BallotMark(ballot=ballot, mark=Mark.WRITE_IN, write_in=n) for n in names]
        BallotMark.objects.bulk_create(lines)
        transaction.on_commit(lambda: live.announce(poll.pk))
    return True
