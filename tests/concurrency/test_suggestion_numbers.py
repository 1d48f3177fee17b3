"""R12/R13: submission numbers are unique and gap-free per series even when many deputies
submit at the same instant (PostgreSQL, real concurrent connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lvzhi.core.models import User
from lvzhi.suggestions import services
from lvzhi.suggestions.models import Suggestion

from ..suggestions.helpers import BODY, fellow_deputies, term

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
WORKERS = 8


def test_r12_two_concurrent_submissions_never_share_a_number(seeded_transactional: None) -> None:
    deputies = fellow_deputies(WORKERS)
    # The series exists already, so the race is on taking the next number, not on creating it.
    first = services.submit(
        actor=User.objects.get(username="deputy"),
        suggestion=services.draft_create(
            actor=User.objects.get(username="deputy"),
            term=term(),
            session=None,
            title="第一件",
            body=BODY,
            category="transport",
        ),
    )
    drafts = [
        services.draft_create(
            actor=d.user,
            term=term(),
            session=None,
            title=f"并发建议{i}",
            body=BODY,
            category="transport",
        )
        for i, d in enumerate(deputies)
    ]
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(user_id: int, suggestion_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            s = Suggestion.objects.get(pk=suggestion_id)
            barrier.wait(timeout=10)
            services.submit(actor=user, suggestion=s)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(d.user.pk, s.pk))
        for d, s in zip(deputies, drafts, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(
        Suggestion.objects.filter(pk__in=[s.pk for s in drafts]).values_list("number", flat=True)
    )
    start = (first.number or 0) + 1
    assert numbers == list(range(start, start + WORKERS))
