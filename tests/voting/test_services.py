"""R56: opening with a quorum, named votes, secret ballots, closing for good."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.meetings import services as meeting_services
from lvzhi.voting import selectors, services
from lvzhi.voting.models import (
    Ballot,
    BallotMark,
    NamedVote,
    PollStatus,
    Receipt,
    SealedBallot,
)

from ..meetings.helpers import u
from .helpers import count, election, named_poll

pytestmark = pytest.mark.django_db


def test_r56_missing_quorum_blocks_opening_and_nothing_changes() -> None:
    poll, _people = named_poll(members=6, present=3)
    with pytest.raises(Conflict) as exc:
        services.poll_open(actor=u("office"), poll=poll)
    assert "3" in exc.value.message and "6" in exc.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and poll.opened_at is None


def test_r56_approved_leave_counts_as_absent_for_the_quorum() -> None:
    poll, people = named_poll(members=6, present=3)
    leave = meeting_services.leave_request(
        actor=people[5].user, meeting=poll.meeting, reason="病假"
    )
    meeting_services.leave_decide(actor=u("admin"), leave=leave, approve=True)
    with pytest.raises(Conflict):
        services.poll_open(actor=u("office"), poll=poll)
    counts = selectors.live_counts(poll)
    assert (counts["present"], counts["on_leave"], counts["absent"]) == (3, 1, 2)


def test_r56_only_presiding_staff_open_and_close() -> None:
    poll, people = named_poll()
    for who in (people[0].user, u("yining")):
        with pytest.raises(PermissionDenied):
            services.poll_open(actor=who, poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_r56_named_vote_adopted_needs_more_than_half_of_all_even_when_fewer_present() -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    # 3 of the 5 present vote for: a majority of those present, but 3 is not > 6/2.
    for d, choice in zip(people[:5], ["yes", "yes", "yes", "no", "abstain"], strict=True):
        services.vote_cast(actor=d.user, poll=poll, choice=choice)
    poll = services.poll_close(actor=u("office"), poll=poll)
    r = poll.result
    assert (r["yes"], r["no"], r["abstain"], r["voted"], r["not_voted"]) == (3, 1, 1, 5, 0)
    assert (r["members"], r["present"], r["absent"], r["needed"]) == (6, 5, 1, 4)
    assert poll.adopted is False and r["adopted"] is False


def test_r56_named_vote_with_more_than_half_of_all_is_adopted() -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    for d in people[:4]:
        services.vote_cast(actor=d.user, poll=poll, choice="yes")
    poll = services.poll_close(actor=u("office"), poll=poll)
    assert poll.adopted is True
    assert (poll.result["yes"], poll.result["not_voted"]) == (4, 1)


def test_r56_a_retried_vote_counts_once_and_a_changed_vote_is_refused() -> None:
    poll, people = named_poll()
    services.poll_open(actor=u("office"), poll=poll)
    first = services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    again = services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    assert again.pk == first.pk
    with pytest.raises(Conflict):
        services.vote_cast(actor=people[0].user, poll=poll, choice="no")
    assert list(NamedVote.objects.filter(poll=poll).values_list("choice", flat=True)) == ["yes"]


def test_r56_voting_before_opening_or_after_close_refused() -> None:
    poll, people = named_poll()
    with pytest.raises(Conflict):
        services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    services.poll_open(actor=u("office"), poll=poll)
    services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    closed = services.poll_close(actor=u("office"), poll=poll)
    with pytest.raises(Conflict):
        services.vote_cast(actor=people[1].user, poll=poll, choice="yes")
    assert NamedVote.objects.filter(poll=poll).count() == 1
    again = services.poll_close(actor=u("office"), poll=poll)
    assert (again.result, again.closed_at) == (closed.result, closed.closed_at)


def test_r56_not_checked_in_or_not_a_member_cannot_vote() -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    with pytest.raises(Conflict):
        services.vote_cast(actor=people[5].user, poll=poll, choice="yes")
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=u("office"), poll=poll, choice="yes")
    with pytest.raises(ValidationFailed):
        services.vote_cast(actor=people[0].user, poll=poll, choice="maybe")
    assert NamedVote.objects.filter(poll=poll).count() == 0


def test_r56_a_closed_result_cannot_change_even_in_the_database() -> None:
    poll, people = named_poll()
    services.poll_open(actor=u("office"), poll=poll)
    services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    poll = services.poll_close(actor=u("office"), poll=poll)
    with pytest.raises(DatabaseError), transaction.atomic():
        poll.adopted = not poll.adopted
        poll.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        NamedVote.objects.filter(poll=poll).update(choice="no")
    with pytest.raises(DatabaseError), transaction.atomic():
        NamedVote.objects.create(poll=poll, deputy=people[1], choice="no", cast_at=poll.closed_at)
    assert list(NamedVote.objects.filter(poll=poll).values_list("choice", flat=True)) == ["yes"]


def test_r56_deputy_checks_own_named_vote_only() -> None:
    poll, people = named_poll()
    services.poll_open(actor=u("office"), poll=poll)
    services.vote_cast(actor=people[0].user, poll=poll, choice="abstain")
    assert selectors.my_vote(poll, people[0].pk).choice == "abstain"
    assert selectors.my_vote(poll, people[1].pk) is None


def test_r56_election_over_the_seat_limit_ballot_is_invalid() -> None:
    poll, people = election(members=6, present=6, seats=2)
    services.poll_open(actor=u("office"), poll=poll)
    a, b, c = list(poll.candidates.all())
    over = {a.pk: "yes", b.pk: "yes"}
    assert services.ballot_cast(actor=people[0].user, poll=poll, marks=over, write_ins=["丁一"])
    for d in people[1:5]:
        services.ballot_cast(actor=d.user, poll=poll, marks={a.pk: "yes", b.pk: "no"})
    services.ballot_cast(
        actor=people[5].user, poll=poll, marks={a.pk: "no", c.pk: "abstain"}, write_ins=["丁一"]
    )
    poll = count(poll)
    r = poll.result
    assert (r["issued"], r["returned"], r["invalid"], r["valid"]) == (6, 6, 1, True)
    by_name = {x["name"]: x for x in r["candidates"]}
    assert (by_name["阿力木"]["yes"], by_name["阿力木"]["elected"]) == (4, True)
    assert (by_name["巴合提"]["no"], by_name["巴合提"]["elected"]) == (4, False)
    assert by_name["陈静"]["abstain"] == 5
    assert r["write_ins"] == [{"name": "丁一", "yes": 1, "elected": False}]


def test_r56_secret_ballot_counts_once_per_deputy() -> None:
    poll, people = election()
    services.poll_open(actor=u("office"), poll=poll)
    a = poll.candidates.first()
    tracker = services.ballot_cast(actor=people[0].user, poll=poll, marks={a.pk: "yes"})
    assert tracker is not None and len(tracker) == 64
    assert services.ballot_cast(actor=people[0].user, poll=poll, marks={a.pk: "no"}) is None
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    assert Receipt.objects.filter(poll=poll).count() == 1
    assert selectors.has_voted(poll, people[0].pk) and not selectors.has_voted(poll, people[1].pk)


def test_r56_secret_ballot_row_cannot_be_joined_back_to_a_voter() -> None:
    """No column of a ballot or its lines names a deputy, a user, a time or an order."""
    ballot_fields = {f.name for f in Ballot._meta.get_fields() if f.concrete}
    assert ballot_fields == {"id", "poll", "valid", "kind"}
    assert {f.name for f in SealedBallot._meta.get_fields() if f.concrete} == {
        "id",
        "poll",
        "sealed",
    }
    mark_fields = {f.name for f in BallotMark._meta.get_fields() if f.concrete}
    assert mark_fields == {"id", "ballot", "candidate", "mark", "write_in"}
    for model in (Ballot, BallotMark, SealedBallot):
        assert model._meta.pk.get_internal_type() == "UUIDField"
        assert not model._meta.ordering
    receipt_fields = {f.name for f in Receipt._meta.get_fields() if f.concrete}
    assert receipt_fields == {"id", "poll", "deputy"}
    assert Receipt._meta.pk.get_internal_type() == "UUIDField"


def test_r56_ballot_for_an_unknown_candidate_or_wrong_mark_refused() -> None:
    poll, people = election()
    services.poll_open(actor=u("office"), poll=poll)
    with pytest.raises(NotFound):
        services.ballot_cast(actor=people[0].user, poll=poll, marks={999999: "yes"})
    with pytest.raises(ValidationFailed):
        services.ballot_cast(
            actor=people[0].user, poll=poll, marks={poll.candidates.first().pk: "maybe"}
        )
    assert Receipt.objects.filter(poll=poll).count() == 0


def test_r56_election_without_more_than_half_of_all_elects_nobody() -> None:
    poll, people = election(members=6, present=5, seats=1)
    services.poll_open(actor=u("office"), poll=poll)
    a = poll.candidates.first()
    for d in people[:3]:
        services.ballot_cast(actor=d.user, poll=poll, marks={a.pk: "yes"})
    poll = count(poll)
    assert poll.result["candidates"][0]["yes"] == 3
    assert not any(c["elected"] for c in poll.result["candidates"])


def test_r56_paper_count_uses_the_same_thresholds_of_all_deputies() -> None:
    poll, _people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    with pytest.raises(ValidationFailed):
        services.poll_record_count(actor=u("office"), poll=poll, yes=4, no=1, abstain=1)
    poll = services.poll_record_count(actor=u("office"), poll=poll, yes=3, no=1, abstain=1)
    assert poll.status == PollStatus.CLOSED and poll.adopted is False
    assert (poll.result["needed"], poll.result["paper"]) == (4, True)


def test_r56_paper_election_with_more_ballots_returned_than_issued_is_invalid() -> None:
    poll, _people = election(members=6, present=6, seats=1)
    services.poll_open(actor=u("office"), poll=poll)
    a = poll.candidates.first()
    poll = services.poll_record_count(
        actor=u("office"), poll=poll, issued=6, returned=7, invalid=0, candidates={a.pk: (6, 1, 0)}
    )
    assert poll.result["valid"] is False and poll.adopted is False
    assert not any(c["elected"] for c in poll.result["candidates"])
