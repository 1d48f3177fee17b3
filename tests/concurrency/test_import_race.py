"""Two imports of the same people at the same instant, on PostgreSQL with real concurrent
connections: nobody is registered twice and the losing import says so (issue 2, item 6)."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.db import connection, connections

from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.registry import imports
from lvzhi.registry.models import Deputy, ImportMode, Term

from ..registry.test_import import row, xlsx

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_concurrent_imports_of_the_same_people_never_duplicate_a_deputy(
    seeded_transactional: None,
) -> None:
    import datetime as dt

    data = xlsx([row(f"并发代表{i}", birth=dt.date(1970, 1, 1 + i)) for i in range(20)])
    term_id = Term.objects.get(congress__level="prefecture", is_current=True).pk
    admin_id = User.objects.get(username="yining").pk
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            result = imports.run(
                actor=User.objects.get(pk=admin_id),
                term=Term.objects.get(pk=term_id),
                fh=io.BytesIO(data),
                size=len(data),
                mode=ImportMode.ALL_OR_NOTHING,
            )
            outcomes.append(("written", result.created, result.updated))
        except DomainError as exc:
            outcomes.append(("refused", exc.message))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 2
    assert Deputy.objects.filter(name__startswith="并发代表").count() == 20
    written = [o for o in outcomes if o[0] == "written"]
    assert written, outcomes
    for o in outcomes:
        if o[0] == "refused":
            assert "同一时刻" in o[1]
        else:
            assert o[1] + o[2] == 20
