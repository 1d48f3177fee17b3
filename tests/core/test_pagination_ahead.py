"""A capped list counts no further than ten pages past the one asked for (issue 26.2,
core.pagination.COUNT_AHEAD_PAGES): the count of a sparse filter over a million seats cost
more than the page."""

from __future__ import annotations

import pytest

from lvzhi.core.models import Division
from lvzhi.core.pagination import COUNT_AHEAD_PAGES, CappedPaginator, HeadOf, two_phase_page

pytestmark = pytest.mark.django_db


def test_the_count_stops_ten_pages_past_the_page_asked_for() -> None:
    rows = Division.objects.order_by("code")
    assert rows.count() > (5 + COUNT_AHEAD_PAGES) * 10
    first = CappedPaginator(rows, 10, cap=10_000)
    page = first.get_page(1)
    assert first.capped and first.count == (1 + COUNT_AHEAD_PAGES) * 10
    assert page.has_next() and first.num_pages == 1 + COUNT_AHEAD_PAGES
    fifth = CappedPaginator(rows, 10, cap=10_000)
    assert fifth.get_page(5).number == 5
    assert fifth.count == (5 + COUNT_AHEAD_PAGES) * 10


def test_the_cap_still_bounds_it_and_a_short_list_is_counted_exactly() -> None:
    rows = Division.objects.order_by("code")
    capped = CappedPaginator(rows, 10, cap=25)
    capped.get_page(1)
    assert capped.capped and capped.count == 25
    seven = list(rows.values_list("pk", flat=True)[:7])
    short = CappedPaginator(rows.filter(pk__in=seven), 10, cap=10_000)
    short.get_page("nonsense")
    assert not short.capped and short.count == 7


def test_a_two_phase_page_asks_ids_of_for_its_rows_and_says_whether_the_count_stopped() -> None:
    rows = Division.objects.order_by("code")
    ordered = list(rows.values_list("pk", flat=True)[:30])
    asked: list[tuple[bool, int, int]] = []

    def ids_of(many: bool, start: int, stop: int) -> list[int]:
        asked.append((many, start, stop))
        return ordered[start:stop]

    page = two_phase_page(rows, 2, 10, cap=10_000, ids_of=ids_of)
    assert asked == [(True, 10, 20)]
    assert [d.pk for d in page.object_list] == ordered[10:20]
    short = rows.filter(pk__in=ordered[:7])
    page = two_phase_page(short, 1, 10, cap=10_000, ids_of=ids_of)
    assert asked[-1] == (False, 0, 7) and len(page.object_list) == 7
    empty = two_phase_page(rows.none(), 1, 10, cap=10_000, ids_of=ids_of)
    assert asked[-1] == (False, 0, 0) and empty.object_list == []


def test_the_first_rows_told_by_head_of_stand_for_the_count_and_give_the_page() -> None:
    rows = Division.objects.order_by("code")
    ordered = list(rows.values_list("pk", flat=True)[:40])
    asked: list[tuple[int, int]] = []

    def told(ids: list[int], more: bool) -> HeadOf:
        def head_of(limit: int, stop: int) -> tuple[list[int], bool]:
            asked.append((limit, stop))
            return ids, more

        return head_of

    # Every row: counted exactly, no "more than".
    every = CappedPaginator(rows, 10, cap=10_000, head_of=told(ordered[:7], False))
    every.get_page(1)
    assert asked[-1] == ((1 + COUNT_AHEAD_PAGES) * 10, 10)
    assert not every.capped and every.count == 7 and every.head == ordered[:7]
    # Past the limit: "more than" the limit, as a count that stopped there would say.
    past = CappedPaginator(rows, 10, cap=25, head_of=told(ordered[:26], True))
    past.get_page(1)
    assert past.capped and past.count == 25
    # Fewer, and more follow: "more than" their whole pages before the last row, and at
    # least one row past the page asked for, so that the next page is linked.
    some = CappedPaginator(rows, 10, cap=10_000, head_of=told(ordered[:35], True))
    page = some.get_page(2)
    assert some.capped and some.count == 30 and page.has_next()
    few = CappedPaginator(rows, 10, cap=10_000, head_of=told(ordered[:12], True))
    page = few.get_page(1)
    assert few.capped and few.count == 11 and page.has_next() and few.num_pages == 2


def test_a_two_phase_page_takes_its_ids_from_the_rows_head_of_told() -> None:
    rows = Division.objects.order_by("code")
    ordered = list(rows.values_list("pk", flat=True)[:40])

    def ids_of(many: bool, start: int, stop: int) -> list[int]:
        raise AssertionError("the page is among the rows told")

    def head_of(limit: int, stop: int) -> tuple[list[int], bool]:
        return ordered[:35], True

    page = two_phase_page(rows, 2, 10, cap=10_000, ids_of=ids_of, head_of=head_of)
    assert [d.pk for d in page.object_list] == ordered[10:20]
    assert page.paginator.count == 30

    def cannot_tell(limit: int, stop: int) -> None:
        return None

    page = two_phase_page(rows, 1, 10, cap=10_000, head_of=cannot_tell)
    assert [d.pk for d in page.object_list] == ordered[:10]
    assert page.paginator.capped and page.paginator.head is None
