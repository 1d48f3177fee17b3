"""R55 (Art 92): certificate numbers are unique and gap-free within a year even when the office
issues several at the same instant, including the year's first (PostgreSQL, real concurrent
connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.records import services
from lvzhi.records.models import Certificate
from lvzhi.registry.models import Level, Membership

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
WORKERS = 6


def test_r55_concurrent_issues_take_consecutive_numbers(seeded_transactional: None) -> None:
    seat = Membership.objects.select_related("deputy", "electoral_unit").get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )
    deputy = User.objects.get(username="deputy")
    today = clock.today()
    requests = [
        services.certificate_request(
            actor=deputy,
            seat=seat,
            period_start=today.replace(month=1, day=1),
            period_end=today,
            employer=f"单位{i}",
        )
        for i in range(WORKERS)
    ]
    office_id = User.objects.get(username="office").pk
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(certificate_id: int) -> None:
        try:
            office = User.objects.get(pk=office_id)
            c = Certificate.objects.get(pk=certificate_id)
            barrier.wait(timeout=10)
            services.certificate_issue(actor=office, certificate=c)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c.pk,)) for c in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(
        Certificate.objects.filter(pk__in=[c.pk for c in requests]).values_list("number", flat=True)
    )
    assert numbers == list(range(1, WORKERS + 1))
