"""The queue's word search walks the newest items first, and its first matches stand for the
count when the walk can tell it (issue 26.2, suggestions.selectors.queue_page): every item
passed, more matches than the count would count, or the page and more; otherwise the
search is counted and its matches sorted. Either way the same items, in the same order,
as the queue's own query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import pagination
from lvzhi.suggestions import selectors
from lvzhi.suggestions.selectors import QueueFilters

from .helpers import submitted, u

pytestmark = pytest.mark.django_db

MATCHING = "关于改善牧区饮水条件的建议"
SEARCH = QueueFilters(status="", q="牧区 饮水")


def items(n_matching: int, n_other: int) -> list[int]:
    """Matching and other items submitted in turn (the newest last), and the ids the queue's
    own query lists for the search, newest first."""
    for i in range(max(n_matching, n_other)):
        if i < n_matching:
            submitted(title=MATCHING)
        if i < n_other:
            submitted()
    expected = list(selectors.queue(u("office"), SEARCH).values_list("pk", flat=True))
    assert len(expected) == n_matching
    return expected


def pages(size: int, n: int) -> tuple[list[list[int]], list[str]]:
    """The ``n`` pages of ``size`` items of the search, and the SQL each page sent."""
    out, sent = [], []
    for number in range(1, n + 1):
        with CaptureQueriesContext(connection) as queries:
            page = selectors.queue_page(u("office"), SEARCH, number, size)
        assert page.number == number
        out.append([s.pk for s in page.object_list])
        sent.append(" ".join(q["sql"] for q in queries.captured_queries))
    return out, sent


def by_page(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def test_a_walk_past_every_item_gives_the_pages_and_the_exact_count() -> None:
    expected = items(7, 3)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)
    assert all(" w.id " in sql and "MATERIALIZED" not in sql for sql in sent)
    assert not any("COUNT(" in sql for sql in sent)
    page = selectors.queue_page(u("office"), SEARCH, 1, 3)
    assert page.paginator.count == 7 and not page.paginator.capped


def test_more_matches_than_the_count_counts_say_more_than_it() -> None:
    expected = items(40, 5)
    page = selectors.queue_page(u("office"), SEARCH, 1, 3)
    limit = (1 + pagination.COUNT_AHEAD_PAGES) * 3
    assert page.paginator.capped and page.paginator.count == limit
    assert [s.pk for s in page.object_list] == expected[:3]


def test_a_walk_that_stops_early_says_more_than_its_whole_pages(monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors, "WALK_ITEMS_PER_MATCH", 3)  # 9 items for page 1 of 3
    expected = items(20, 0)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)[:3]
    assert not any("COUNT(" in sql or "MATERIALIZED" in sql for sql in sent)
    first = selectors.queue_page(u("office"), SEARCH, 1, 3)
    assert first.paginator.capped and first.paginator.count == 6 and first.has_next()


def test_a_walk_that_finds_too_few_gives_way_to_counting_and_sorting(monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors, "WALK_ITEMS_PER_MATCH", 1)  # the newest items do not match
    expected = items(7, 9)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)
    assert " w.id " in sent[0] and "COUNT(" in sent[0] and "MATERIALIZED" in sent[0]
    page = selectors.queue_page(u("office"), SEARCH, 1, 3)
    assert page.paginator.count == 7 and not page.paginator.capped


def test_words_other_than_ideographs_are_matched_by_the_full_test_alone() -> None:
    office = u("office")
    submitted(title="关于改善牧区饮水条件和WiFi覆盖的建议")
    submitted(title=MATCHING)
    for q in ("wifi 饮水", "WIFI", "牧区 wifi"):
        search = QueueFilters(status="", q=q)
        expected = list(selectors.queue(office, search).values_list("pk", flat=True))
        assert len(expected) == 1
        page = selectors.queue_page(office, search, 1, 30)
        assert [s.pk for s in page.object_list] == expected and page.paginator.count == 1


def test_the_search_page_query_count_does_not_grow() -> None:
    office = u("office")
    items(2, 1)
    selectors.queue_page(office, SEARCH, 1, 30)  # warm: roots cached a minute
    with CaptureQueriesContext(connection) as few:
        selectors.queue_page(office, SEARCH, 1, 30)
    for _ in range(9):
        submitted(title=MATCHING)
    with CaptureQueriesContext(connection) as more:
        page = selectors.queue_page(office, SEARCH, 1, 30)
    assert len(page.object_list) == 11
    assert len(few) == len(more)


def test_the_parser_keeps_a_word_of_ideographs_whole() -> None:
    """What the substring test before the full match relies on (selectors.IDEOGRAPHS)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT plainto_tsquery('simple', %s)::text", ["牧民 饮水 㐀字"])
        assert cursor.fetchone()[0] == "'牧民' & '饮水' & '㐀字'"
    assert selectors.IDEOGRAPHS.fullmatch("牧民") and not selectors.IDEOGRAPHS.fullmatch("5G网络")
