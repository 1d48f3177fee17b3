"""API tokens: the per-account limit holds when many requests make tokens at the same instant
(PostgreSQL, real concurrent connections; the service locks the account row)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lvzhi.api import rules, services
from lvzhi.api.models import ApiToken
from lvzhi.core.errors import Conflict
from lvzhi.core.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]
WORKERS = 6


def test_concurrent_token_requests_never_pass_the_limit(seeded_transactional: None) -> None:
    user = User.objects.get(username="deputy")
    for n in range(rules.MAX_ACTIVE_TOKENS - 2):
        services.token_create(actor=user, name=f"已有令牌{n}")
    barrier = threading.Barrier(WORKERS)
    made: list[str] = []
    refused: list[BaseException] = []
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            actor = User.objects.get(pk=user.pk)
            barrier.wait(timeout=10)
            _row, raw = services.token_create(actor=actor, name=f"并发令牌{i}")
            made.append(raw)
        except Conflict as exc:
            refused.append(exc)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(made) == 2 and len(refused) == WORKERS - 2
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    assert active == rules.MAX_ACTIVE_TOKENS
