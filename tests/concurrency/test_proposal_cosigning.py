"""R06 under concurrency (PostgreSQL, real concurrent connections): co-signers confirming at
the same instant each count once, and a co-signer withdrawing at the instant of submission
never leaves a handed-in proposal below the threshold."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from lvzhi.core import clock, events
from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.proposals import services
from lvzhi.proposals.models import CoSigner, CoSignStatus, Proposal, Status

from ..proposals.helpers import before_deadline, colleagues, draft, proposer, signed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(calls: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Run the calls in threads released together by a barrier; collect results and errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []

    def worker(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_r06_deputies_confirming_at_the_same_instant_each_count_once(
    seeded_transactional: None,
) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        deputies = colleagues(6)
        for d in deputies:
            services.cosigner_invite(actor=proposer(), proposal=p, deputy=d)
        users = [User.objects.get(pk=d.user_id) for d in deputies]
        # Every deputy confirms twice at the same instant (a double tap on a phone).
        calls: list[Callable[[], object]] = []
        for user in users:
            for _ in range(2):
                calls.append(
                    lambda user=user: services.cosign_respond(
                        actor=user, proposal=Proposal.objects.get(pk=p.pk), accept=True
                    )
                )
        results, errors = _race(calls)
    assert len(results) == 6
    assert len(errors) == 6 and all(isinstance(e, DomainError) for e in errors)
    assert CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).count() == 6
    assert events.of(p).filter(kind="proposals.cosign_confirmed").count() == 6


@pytest.mark.parametrize("round_", range(4))
def test_r06_withdrawal_at_the_instant_of_submission_never_leaves_it_below_threshold(
    seeded_transactional: None, round_: int
) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        deputies = signed(p, 9)  # R06: the lead and nine, exactly the threshold
        quitter = User.objects.get(pk=deputies[round_].user_id)
        lead = proposer()
        results, errors = _race(
            [
                lambda: services.submit(actor=lead, proposal=Proposal.objects.get(pk=p.pk)),
                lambda: services.cosign_withdraw(
                    actor=quitter, proposal=Proposal.objects.get(pk=p.pk)
                ),
            ]
        )
    p.refresh_from_db()
    confirmed = CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).count()
    # Exactly one of the two won; the other was refused with a readable message.
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], DomainError)
    if p.status == Status.DRAFT:
        assert confirmed == 8  # the withdrawal came first; the submission re-counted
        assert "还需 1 名代表联名" in errors[0].message
    else:
        assert p.status in (Status.AT_DELEGATION, Status.SUBMITTED)
        assert confirmed == 9  # the submission came first; the withdrawal was refused
        assert len(events.of(p).get(kind="proposals.signed").data["deputy"]) == 9
