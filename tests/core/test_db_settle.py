"""``core.db.settle_bulk_load`` (issue 26.2): after a bulk load or a restore, VACUUM (ANALYZE)
records every page as visible to all, so the first requests' index-only scans skip the table
(the `large` queue's "overdue" view: 416 ms on the first run after a build, 26 ms later)."""

from __future__ import annotations

import pytest
from django.db import connection

from lvzhi.core.db import settle_bulk_load
from lvzhi.registry.models import Membership

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM and pg_class")


def _visible_pages(table: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = %s", [table])
        visible, pages = cursor.fetchone()
    return int(visible), int(pages)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_settling_a_bulk_load_marks_every_page_visible(seeded_transactional: None) -> None:
    table = Membership._meta.db_table
    settle_bulk_load()
    visible, pages = _visible_pages(table)
    assert pages > 0
    assert visible == pages
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = %s",
            [table],
        )
        assert cursor.fetchone() == (True, True)


@pytest.mark.django_db
def test_inside_a_transaction_only_the_statistics_are_gathered() -> None:
    assert connection.in_atomic_block
    settle_bulk_load()  # VACUUM would raise "cannot run inside a transaction block"
    assert Membership.objects.exists()
