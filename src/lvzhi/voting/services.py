"""Every change of a poll is one function here (R56).

The vote path is short on purpose: one shared lock on the poll row (``FOR SHARE`` on
PostgreSQL, so votes run side by side while closing waits for them), one insert guarded by a
unique constraint, and after commit one push of the new counts to the presiding screen. No
notification is sent on the vote path.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Mapping, Sequence
from fractions import Fraction

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock, db
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.meetings.models import AgendaItem, CheckIn, Participant, ParticipantRole, Sitting
from lvzhi.registry.models import Deputy

from . import events, live, policies, rules, sealing, selectors
from .models import (
    Ballot,
    BallotMark,
    Candidate,
    Choice,
    Mark,
    NamedVote,
    Poll,
    PollKey,
    PollKind,
    PollStatus,
    Receipt,
    SealedBallot,
    Subject,
    Tracker,
)

_STATE = ("status", "present", "on_leave", "ballots_issued", "adopted", "counted_at")


def _audit(actor: User | None, action: str, poll: Poll, **after: object) -> None:
    """Every state change of a poll is an audit entry (the counts, never a ballot)."""
    audit.record(
        actor=actor, action=action, obj=poll, after={**audit.snapshot(poll, _STATE), **after}
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
        events.poll_created(poll=poll, actor=actor, title=poll.title, poll_kind=poll.kind)
        _audit(actor, "voting.poll_created", poll)
    return poll


def poll_generate_keys(*, actor: User | None, poll: Poll) -> tuple[str, ...]:
    """R56: the tellers' step before a secret election opens. A new key pair for the poll; the
    private key is split into three shares, any two of which open the ballots at the count.
    The shares are returned once, to be shown to the three tellers, and never stored: the
    server keeps the public key and a hash of each share. Generating again before the poll
    opens replaces the key (a share lost before opening costs nothing)."""
    _require_preside(actor, poll)
    if poll.kind != PollKind.ELECTION:
        raise ValidationFailed(_("Only a secret-ballot election is sealed."))
    keys = sealing.generate()
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise Conflict(_("The key of an opened poll cannot change."))
        PollKey.objects.filter(poll=poll).delete()
        PollKey.objects.create(
            poll=poll,
            public_key=keys.public,
            share_hashes=[sealing.share_hash(s) for s in keys.shares],
        )
        events.keys_generated(
            poll=poll, actor=actor, shares=len(keys.shares), needed=sealing.THRESHOLD
        )
        _audit(actor, "voting.keys_generated", poll)
    return tuple(s.text() for s in keys.shares)


def poll_open(*, actor: User | None, poll: Poll) -> Poll:
    """R56: the presiding staff open the poll once at least two thirds of all deputies of
    the meeting are present (checked in at the sitting; approved leave counts as absent)."""
    _require_preside(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.DRAFT:
            raise Conflict(_("This poll has already been opened."))
        if poll.kind == PollKind.ELECTION and not PollKey.objects.filter(poll=poll).exists():
            raise Conflict(_("Generate the tellers' key shares before the election opens."))
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
        events.poll_opened(
            poll=poll,
            actor=actor,
            members=poll.members,
            present=poll.present,
            on_leave=poll.on_leave,
        )
        _audit(actor, "voting.poll_opened", poll)
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
            # Sealed ballots wait for the tellers (poll_count); only how many were returned
            # is known now.
            poll.ballots_issued = poll.present
            poll.result = selectors.pending_result(poll)
        else:
            poll.result = selectors.tally(poll)
            poll.adopted = poll.result["adopted"]
        poll.status = PollStatus.CLOSED
        poll.closed_at = clock.now()
        poll.closed_by = actor
        if poll.kind == PollKind.NAMED:
            poll.counted_at = poll.closed_at
        poll.save()
        events.poll_closed(poll=poll, actor=actor, adopted=poll.adopted, present=poll.present)
        _audit(actor, "voting.poll_closed", poll)
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def poll_count(*, actor: User | None, poll: Poll, shares: Sequence[str] = ()) -> Poll:
    """R56: count a closed secret election with the shares of two of its three tellers. The
    key is rebuilt in memory only; the sealed ballots are shuffled, opened and counted; the
    counted ballots are written in one insert in that shuffled order (no time, no sequence),
    and the ballot box of trackers is published. A named vote is counted when it closes.
    Counting twice returns the same result."""
    _require_preside(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != PollStatus.CLOSED:
            raise Conflict(_("Close the voting before the count."))
        if poll.counted_at is not None:
            return poll
        key = PollKey.objects.get(poll=poll)
        private = _teller_key(key, shares)
        context = _context_of(poll)
        sealed = sealing.shuffled(
            list(SealedBallot.objects.filter(poll=poll).values_list("sealed", flat=True))
        )
        opened = [sealing.open_sealed(private, bytes(s), context) for s in sealed]
        del private
        _write_counted(poll, [json.loads(o) for o in opened])
        Tracker.objects.bulk_create(
            [
                Tracker(poll=poll, tracker=t)
                for t in sorted(sealing.tracker(bytes(s)) for s in sealed)
            ]
        )
        poll.result = selectors.tally(poll)
        poll.adopted = poll.result["adopted"]
        poll.counted_at = clock.now()
        poll.save()
        events.ballots_counted(poll=poll, actor=actor, adopted=poll.adopted)
        _audit(actor, "voting.poll_counted", poll)
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def poll_publish(*, actor: User | None, poll: Poll) -> Poll:
    """R56: announce the counted result to the hall. For a secret election this destroys what
    could ever link a ballot to a voter: the sealed ballots and the poll's key. The published
    trackers and the counted ballots (shuffled, unlinkable) remain. Idempotent."""
    _require_preside(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.counted_at is None:
            raise Conflict(_("Count the ballots before publishing the result."))
        if poll.published_at is not None:
            return poll
        poll.published_at = clock.now()
        poll.save()
        SealedBallot.objects.filter(poll=poll).delete()
        PollKey.objects.filter(poll=poll).delete()
        events.poll_published(poll=poll, actor=actor)
        _audit(actor, "voting.poll_published", poll)
        transaction.on_commit(lambda: live.announce(poll.pk))
    return poll


def _teller_key(key: PollKey, shares: Sequence[str]) -> X25519PrivateKey:
    """The private key from the tellers' shares, each checked against its stored hash."""
    parsed = []
    for text in shares:
        if not (text or "").strip():
            continue
        try:
            share = sealing.parse_share(text)
        except sealing.SealingError:
            raise ValidationFailed(
                _("This is not a teller's share; check it and enter it again."), field="shares"
            ) from None
        if sealing.share_hash(share) not in key.share_hashes:
            raise ValidationFailed(
                _("Share %(n)s does not belong to this election.") % {"n": share.index},
                field="shares",
            )
        parsed.append(share)
    if len({s.index for s in parsed}) < sealing.THRESHOLD:
        raise ValidationFailed(
            _("The shares of two different tellers are needed to count."), field="shares"
        )
    try:
        return sealing.combine(parsed, bytes(key.public_key))
    except sealing.SealingError:
        raise ValidationFailed(
            _("These shares do not open this election's ballots."), field="shares"
        ) from None


def _context_of(poll: Poll) -> bytes:
    return f"lvzhi-poll:{poll.pk}".encode()


def _write_counted(poll: Poll, opened: list[dict[str, object]]) -> None:
    """The counted ballots of a poll, all in one insert per table, in the (shuffled) order
    given: nothing in the storage order, the transaction id or a key relates them to the
    order of casting."""
    by_position = {c.position: c.pk for c in Candidate.objects.filter(poll=poll)}
    ballots: list[Ballot] = []
    lines: list[BallotMark] = []
    for b in opened:
        kind = str(b["k"])
        ballot = Ballot(poll=poll, valid=kind not in rules.INVALID_CLASSES, kind=kind)
        ballots.append(ballot)
        if not ballot.valid:
            continue
        marks = dict(zip(sorted(by_position), str(b["m"]), strict=True))
        lines += [
            BallotMark(ballot=ballot, candidate_id=by_position[pos], mark=_MARK_OF[m])
            for pos, m in marks.items()
        ]
        lines += [
            BallotMark(ballot=ballot, mark=Mark.WRITE_IN, write_in=str(n))
            for n in list(b["w"])  # type: ignore[call-overload]
        ]
    Ballot.objects.bulk_create(ballots)
    BallotMark.objects.bulk_create(lines)


_LETTER = {Mark.YES.value: "y", Mark.NO.value: "n", Mark.ABSTAIN.value: "a"}
_MARK_OF = {v: Mark(k) for k, v in _LETTER.items()}


def sealed_length(candidates: int, seats: int) -> int:
    """The fixed length every sealed ballot of a poll is padded to: room for a mark per
    candidate and ``seats`` write-ins of the longest name, JSON-escaped at worst."""
    return 64 + 2 * candidates + seats * (6 * rules.WRITE_IN_MAX + 4)


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
        poll.counted_at = poll.closed_at
        poll.save()
        events.poll_counted(poll=poll, actor=actor, adopted=poll.adopted)
        _audit(actor, "voting.paper_count", poll)
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


def vote_cast_at_once(*, actor: User, poll_pk: int, choice: str) -> NamedVote | None:
    """R56: the phone's named vote in ONE statement on PostgreSQL (issue 26.1) — the same
    checks as ``vote_cast``, in one round trip and one implicit transaction: the poll row under
    a shared lock (``FOR SHARE``: votes side by side, a close waits for them and a vote after
    the close sees it closed), the poll a named vote and open, the actor's deputy a voting
    member of the meeting and checked in at the poll's sitting, then the insert guarded by the
    unique constraint, with the announcement to the screens after the commit.

    Returns the new vote, or None when it recorded nothing, for whatever reason (not a voter,
    not checked in, not open, a choice that is not one, a retry, SQLite): the caller then takes
    the general path (``vote_cast``), which says why or returns the vote already recorded —
    the fast path decides nothing the general path would decide otherwise."""
    if choice not in Choice.values or connection.vendor != "postgresql":
        return None
    if not getattr(actor, "is_authenticated", False):
        return None
    at = clock.now()
    with db.prepared_cursor() as cursor:  # planned once per connection
        cursor.execute(
            _cast_at_once(),
            {
                "poll": poll_pk,
                "user": actor.pk,
                "named": PollKind.NAMED.value,
                "open": PollStatus.OPEN.value,
                "member": ParticipantRole.MEMBER.value,
                "choice": choice,
                "at": at,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if connection.get_autocommit():
        live.announce(poll_pk)  # the statement has committed
    else:
        transaction.on_commit(lambda: live.announce(poll_pk))
    vote = NamedVote(id=row[0], poll_id=poll_pk, deputy_id=row[1], choice=choice, cast_at=at)
    vote._state.adding = False
    return vote


@functools.cache
def _cast_at_once() -> str:
    """The statement of ``vote_cast_at_once``, with the models' table names."""
    return _CAST_AT_ONCE.format(
        poll=Poll._meta.db_table,
        deputy=Deputy._meta.db_table,
        participant=Participant._meta.db_table,
        checkin=CheckIn._meta.db_table,
        vote=NamedVote._meta.db_table,
    )


# The statement of ``vote_cast_at_once`` (table names from the models; values bound).
_CAST_AT_ONCE = """
WITH p AS (
    SELECT id, meeting_id, sitting_id FROM {poll}
    WHERE id = %(poll)s AND kind = %(named)s AND status = %(open)s FOR SHARE
), d AS (
    SELECT id FROM {deputy} WHERE user_id = %(user)s
)
INSERT INTO {vote} (poll_id, deputy_id, choice, cast_at)
SELECT p.id, d.id, %(choice)s, %(at)s FROM p, d
WHERE EXISTS (
    SELECT 1 FROM {participant} m
    WHERE m.meeting_id = p.meeting_id AND m.deputy_id = d.id AND m.role = %(member)s
) AND EXISTS (
    SELECT 1 FROM {checkin} c WHERE c.sitting_id = p.sitting_id AND c.deputy_id = d.id
)
ON CONFLICT (poll_id, deputy_id) DO NOTHING
RETURNING id, deputy_id
"""


def ballot_cast(
    *,
    actor: User,
    poll: Poll,
    marks: Mapping[int, str | Sequence[str]],
    write_ins: Sequence[str] = (),
) -> str | None:
    """R56: a secret ballot, judged on what was sent: every value sent for each candidate (a
    candidate marked twice is a duplicate) and every write-in field, nothing cut. Its class
    (``rules.classify_ballot``) is sealed inside it with the marks; a ballot that is not valid
    keeps only its class. The ballot is encrypted to the poll's key on arrival and stored with
    the deputy's receipt in one transaction: once it is acknowledged it is committed, and it
    counts exactly once (the receipt's unique constraint decides). The sealed ballot carries
    no voter, no time, no sequence.

    Returns the ballot's tracker (shown once to the deputy), or None when the deputy's ballot
    was already in the box (a retry)."""
    if poll.kind != PollKind.ELECTION:
        raise ValidationFailed(_("This poll is a named vote."))
    candidates = {c.pk: c for c in Candidate.objects.filter(poll_id=poll.pk)}
    sent = {cid: [v] if isinstance(v, str) else list(v) for cid, v in marks.items()}
    if set(sent) - set(candidates):
        raise NotFound(_("No such candidate."))
    if any(v not in (Mark.YES, Mark.NO, Mark.ABSTAIN) for vs in sent.values() for v in vs):
        raise ValidationFailed(_("Mark each candidate for, against or abstain."))
    if any(len(rules.normalise_name(w)) > rules.WRITE_IN_MAX for w in write_ins):
        raise ValidationFailed(
            _("A written-in name is longer than %(n)s characters.") % {"n": rules.WRITE_IN_MAX},
            field="write_ins",
        )
    kind = rules.classify_ballot(
        sent, write_ins, {c.pk: c.name for c in candidates.values()}, poll.seats
    )
    ballot: dict[str, object] = {"k": kind, "m": "", "w": []}
    if kind not in rules.INVALID_CLASSES:
        ballot["m"] = "".join(
            _LETTER[(sent.get(cid) or [Mark.ABSTAIN.value])[0]] for cid in sorted(candidates)
        )
        ballot["w"] = sorted(n for n in (rules.normalise_name(w) for w in write_ins) if n)
    d = _voter(actor, poll)
    with transaction.atomic():
        _open_for(poll.pk, d)
        key = PollKey.objects.filter(poll_id=poll.pk).values_list("public_key", flat=True).first()
        if key is None:
            raise Conflict(_("This election has no key; it cannot take ballots."))
        sealed = sealing.seal(
            bytes(key),
            sealing.canonical(ballot),
            sealed_length(len(candidates), poll.seats),
            _context_of(poll),
        )
        if not _receipt_once(poll.pk, d):
            return None
        SealedBallot.objects.create(poll_id=poll.pk, sealed=sealed)
        transaction.on_commit(lambda: live.announce(poll.pk))
    return sealing.tracker(sealed)


def _receipt_once(poll_pk: int, deputy_id: int) -> bool:
    """Insert the deputy's receipt unless it is there (the unique constraint decides)."""
    table = connection.ops.quote_name(Receipt._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, poll_id, deputy_id) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (poll_id, deputy_id) DO NOTHING RETURNING id",
            [
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                poll_pk,
                deputy_id,
            ],
        )
        return cursor.fetchone() is not None
