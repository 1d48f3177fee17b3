"""The queue's word search finds the ids of its page in the way its count says fits
(issue 26.2, suggestions.selectors.queue_page): a walk newest first when many items match,
the matches sorted when few do or the walk finds too few. Either way the same items, in
the same order, as the queue's own query."""

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


def test_few_matches_are_sorted_newest_first() -> None:
    expected = items(7, 3)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)
    assert all("MATERIALIZED" in sql and " w.id " not in sql for sql in sent)


def test_many_matches_are_walked_newest_first(monkeypatch: Any) -> None:
    monkeypatch.setattr(pagination, "COUNT_AHEAD_PAGES", 0)  # the count stops at the page
    expected = items(7, 3)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)
    assert " w.id " in sent[0] and "MATERIALIZED" not in sent[0]


def test_a_walk_that_finds_too_few_gives_way_to_sorting(monkeypatch: Any) -> None:
    monkeypatch.setattr(pagination, "COUNT_AHEAD_PAGES", 0)
    monkeypatch.setattr(selectors, "WALK_ITEMS_PER_MATCH", 1)  # the newest items do not match
    expected = items(7, 9)
    found, sent = pages(3, 3)
    assert found == by_page(expected, 3)
    assert " w.id " in sent[0] and "MATERIALIZED" in sent[0]


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
