"""R42: a citizen's opinion moves along one edge at a time even when the station's two staff
members act on it at the same instant — one assigns it while the other redirects it
(PostgreSQL, real concurrent connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lvzhi.core import events
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.models import User
from lvzhi.stations import services
from lvzhi.stations.models import MatterLevel, Opinion, Status

from ..stations.helpers import persona_deputy, received, staff_of, station

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_r42_concurrent_assign_and_redirect_leave_exactly_one_step(
    seeded_transactional: None,
) -> None:
    o = received()
    second = staff_of(station(), "secondstaff")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def assign(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=10)
            services.opinion_assign(
                actor=user,
                opinion=Opinion.objects.get(pk=o.pk),
                deputies=[persona_deputy()],
                matter_level=MatterLevel.LOCAL,
            )
            outcomes.append("assigned")
        except IllegalTransition:
            outcomes.append("refused")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    def redirect(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=10)
            services.opinion_redirect(
                actor=user,
                opinion=Opinion.objects.get(pk=o.pk),
                explanation="请到信访部门反映。",
            )
            outcomes.append("redirected")
        except IllegalTransition:
            outcomes.append("refused")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=assign, args=(User.objects.get(username="station").pk,)),
        threading.Thread(target=redirect, args=(second.pk,)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) in (["assigned", "refused"], ["redirected", "refused"])
    o.refresh_from_db()
    winner = "assigned" if "assigned" in outcomes else "redirected"
    assert o.status == (Status.ASSIGNED if winner == "assigned" else Status.HANDLED)
    kinds = list(events.of(o).values_list("kind", flat=True))
    assert kinds == [
        "stations.received",
        "stations.assigned" if winner == "assigned" else "stations.handled",
    ]
    assert o.assignees.count() == (1 if winner == "assigned" else 0)
