"""A seat carries copies of its deputy's name, pinyin initials and sort key
(``registry.models.seat_copies``): the directory's name search reads them from the index it
walks instead of looking up the deputy of every seat it passes over (issue 26.2: 3,943
look-ups for the first page of '马' at the large scale). Every way a name is written keeps
them: a new seat, an edit, a re-import and the migration that fills them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.models import User
from lvzhi.registry import selectors
from lvzhi.registry.models import SEAT_COPIES, Deputy, Membership, seat_copies

from .test_directory import _rename
from .test_import import row, run, xlsx

pytestmark = pytest.mark.django_db


def stale_seats() -> list[int]:
    """Seats whose copies differ from what their deputy gives now."""
    seats = Membership.objects.select_related("deputy").only("deputy", *SEAT_COPIES)
    return [m.pk for m in seats if {c: getattr(m, c) for c in SEAT_COPIES} != seat_copies(m.deputy)]


def found(q: str, **filters: Any) -> list[str]:
    office = User.objects.get(username="office")
    f = selectors.DirectoryFilters(q=q, status="", **filters)
    return [m.deputy.name for m in selectors.directory(office, f).select_related("deputy")]


def found_ids(q: str) -> set[int]:
    """The deputies of the seats the directory finds for ``q``."""
    office = User.objects.get(username="office")
    f = selectors.DirectoryFilters(q=q, status="")
    return set(selectors.directory(office, f).values_list("deputy_id", flat=True))


def test_every_seeded_seat_carries_its_deputys_name_initials_and_sort_key() -> None:
    assert Membership.objects.exists()
    assert stale_seats() == []


def test_an_edited_name_is_found_by_its_characters_initials_and_pinyin_not_the_old_one() -> None:
    d = Deputy.objects.filter(memberships__isnull=False).first()
    assert d is not None
    old = d.name
    _rename(d, "玛依拉·阿不都")
    d.refresh_from_db()
    assert stale_seats() == []
    assert "玛依拉·阿不都" in found("依拉")
    assert "玛依拉·阿不都" in found(d.name_initials.upper())
    assert "玛依拉·阿不都" in found(d.name_pinyin[:5])
    assert d.pk not in found_ids(old)


def test_a_reimport_that_corrects_a_name_corrects_the_seats_copies() -> None:
    first = row("张建国", birth=dt.date(1970, 1, 9))
    run(xlsx([first]))
    first[0] = "张建华"
    result = run(xlsx([first]))
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    assert stale_seats() == []
    assert "张建华" in found("建华") and "张建华" in found("zjh")
    assert "张建国" not in found("建国")


def test_the_name_search_of_the_whole_list_does_not_look_up_the_deputies() -> None:
    """The count and the ids of a page read the seats alone; only the page's rows join the
    deputies (to show them)."""
    office = User.objects.get(username="office")
    name = Membership.objects.values_list("deputy_name", flat=True).first()
    assert name
    for q in (name[:1], "ma", name):
        with CaptureQueriesContext(connection) as queries:
            page = selectors.directory_page(
                office, selectors.DirectoryFilters(q=q, status=""), 1, 50
            )
        assert page.object_list, q
        sqls = [x["sql"] for x in queries]
        searching = [sql for sql in sqls if "deputy_name" in sql or "sort_key" in sql]
        assert searching, q
        assert all('"registry_deputy"' not in sql for sql in searching), (q, searching)


def test_the_ethnicity_filter_still_searches_the_deputies_own_name() -> None:
    d = Deputy.objects.filter(memberships__isnull=False).first()
    assert d is not None
    assert d.name in found(d.name, ethnicity=d.ethnicity)


def test_the_migration_fills_the_copies_of_every_seat() -> None:
    import importlib

    migration = importlib.import_module(
        "lvzhi.registry.migrations.0007_seat_copies_of_the_deputys_name"
    )
    Membership.objects.update(deputy_name="", deputy_initials="")
    assert stale_seats()
    migration.copy_the_names(apps, None)
    assert stale_seats() == []
