"""R56: each deputy votes at most once per poll whatever the concurrency, and a close racing
with votes freezes a result that matches the rows (PostgreSQL, real concurrent connections)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from lvzhi.core.errors import Conflict
from lvzhi.core.models import User
from lvzhi.voting import services
from lvzhi.voting.models import NamedVote, Poll, Receipt, SealedBallot

from ..meetings.helpers import u
from ..voting.helpers import election, named_poll

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run the jobs in threads released at the same instant; each has its own connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(job())
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def _cast(user_pk: int, poll_pk: int, choice: str) -> Callable[[], Any]:
    return lambda: services.vote_cast(
        actor=User.objects.get(pk=user_pk), poll=Poll.objects.get(pk=poll_pk), choice=choice
    )


def test_r56_same_deputy_voting_from_two_browsers_at_once_counts_once(
    seeded_transactional: None,
) -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    deputy = people[0]
    results, errors = race([_cast(deputy.user.pk, poll.pk, "yes") for _ in range(6)])
    assert errors == []
    assert len({v.pk for v in results}) == 1
    assert NamedVote.objects.filter(poll=poll, deputy=deputy).count() == 1


def test_r56_same_deputy_two_different_choices_at_once_keeps_exactly_one(
    seeded_transactional: None,
) -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    uid = people[1].user.pk
    results, errors = race([_cast(uid, poll.pk, "yes"), _cast(uid, poll.pk, "no")])
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert list(NamedVote.objects.filter(poll=poll).values_list("choice", flat=True)) == [
        results[0].choice
    ]


def test_r56_secret_ballot_sent_twice_at_once_makes_one_ballot(seeded_transactional: None) -> None:
    poll, people = election()
    services.poll_open(actor=u("office"), poll=poll)
    cand = poll.candidates.first()
    uid = people[0].user.pk

    def cast() -> str | None:
        return services.ballot_cast(
            actor=User.objects.get(pk=uid),
            poll=Poll.objects.get(pk=poll.pk),
            marks={cand.pk: "yes"},
        )

    results, errors = race([cast for _ in range(5)])
    assert errors == []
    assert sorted(r is not None for r in results) == [False, False, False, False, True]
    assert (
        SealedBallot.objects.filter(poll=poll).count()
        == Receipt.objects.filter(poll=poll).count()
        == 1
    )


def test_r56_close_racing_with_votes_freezes_a_result_matching_the_rows(
    seeded_transactional: None,
) -> None:
    poll, people = named_poll(members=6, present=6)
    services.poll_open(actor=u("office"), poll=poll)
    jobs: list[Callable[[], Any]] = [_cast(d.user.pk, poll.pk, "yes") for d in people]
    jobs.append(lambda: services.poll_close(actor=User.objects.get(username="office"), poll=poll))
    _results, errors = race(jobs)
    assert all(isinstance(e, Conflict) for e in errors)
    poll.refresh_from_db()
    assert poll.status == "closed"
    stored = NamedVote.objects.filter(poll=poll).count()
    assert poll.result["yes"] == stored == len(people) - len(errors)


def _cast_at_once(user_pk: int, poll_pk: int, choice: str) -> Callable[[], Any]:
    """The phone's short path, as the view calls it: the general path when it records
    nothing (``views.cast``)."""

    def job() -> Any:
        user = User.objects.get(pk=user_pk)
        vote = services.vote_cast_at_once(actor=user, poll_pk=poll_pk, choice=choice)
        if vote is None:
            vote = services.vote_cast(actor=user, poll=Poll.objects.get(pk=poll_pk), choice=choice)
        return vote

    return job


def test_r56_one_statement_cast_from_two_phones_at_once_counts_once(
    seeded_transactional: None,
) -> None:
    """Issue 26.1: the one-statement cast keeps R56's "at most one vote per deputy" under
    concurrency — six casts of one deputy at once, one row, one vote returned to all."""
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    deputy = people[0]
    results, errors = race([_cast_at_once(deputy.user.pk, poll.pk, "yes") for _ in range(6)])
    assert errors == []
    assert len({v.pk for v in results}) == 1
    assert NamedVote.objects.filter(poll=poll, deputy=deputy).count() == 1


def test_r56_close_racing_with_one_statement_casts_freezes_a_result_matching_the_rows(
    seeded_transactional: None,
) -> None:
    """Issue 26.1: the cast's shared lock on the poll row is held by its one statement, so a
    close racing with casts waits for them, and a cast after the close records nothing."""
    poll, people = named_poll(members=6, present=6)
    services.poll_open(actor=u("office"), poll=poll)
    jobs: list[Callable[[], Any]] = [_cast_at_once(d.user.pk, poll.pk, "yes") for d in people]
    jobs.append(lambda: services.poll_close(actor=User.objects.get(username="office"), poll=poll))
    _results, errors = race(jobs)
    assert all(isinstance(e, Conflict) for e in errors)
    poll.refresh_from_db()
    assert poll.status == "closed"
    stored = NamedVote.objects.filter(poll=poll).count()
    assert poll.result["yes"] == stored == len(people) - len(errors)
    assert services.vote_cast_at_once(actor=people[0].user, poll_pk=poll.pk, choice="no") is None
