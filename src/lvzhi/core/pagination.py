"""Pages of long lists with a number of queries that does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


def page_query(request: HttpRequest) -> str:
    """The list's query string without its page number, for the links to the other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def paged(request: HttpRequest, rows: Any, per_page: int) -> tuple[Page, str]:
    """The page of ``rows`` the request asks for (``?page=``) and :func:`page_query`."""
    return Paginator(rows, per_page).get_page(request.GET.get("page")), page_query(request)


# A capped list counts no further than this many pages past the one asked for (issue 26.2):
# finding the 10,001st match of a sparse filter over a million seats cost 170-300 ms, the
# page itself a few. The links reach ten pages ahead and the list says "more than"; from
# the last of them the next ten are counted.
COUNT_AHEAD_PAGES = 10


# ``head_of(limit, stop)``: the ids of the list's first rows in its order, from a way cheaper
# than counting, when that way can tell: ``(ids, more)``, ``more`` saying that rows follow
# them. Without ``more`` they are every row; with it, more than ``limit`` of them or at least
# ``stop + 2`` (the page asked for ends at row ``stop``). At most ``limit + 1`` are needed.
# None: the list is counted as usual.
HeadOf = Callable[[int, int], tuple[list[int], bool] | None]


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows, and no further than ``COUNT_AHEAD_PAGES`` past the page
    asked for: counting 100,000 items costs more than the page itself, and nobody pages past
    the ten-thousandth; the page says "more than" and asks for a filter. ``cap=None``
    counts everything. With ``head_of``, the list's first rows may stand for the count: "more
    than" as many whole pages of them as there are before the last (see :data:`HeadOf`)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        cap: int | None = None,
        head_of: HeadOf | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False
        self.asked = 1
        self.head_of = head_of
        self.head: list[int] | None = None  # the first rows' ids, when ``head_of`` told them

    def get_page(self, number: Any) -> Page:
        try:
            self.asked = max(1, int(number))
        except (TypeError, ValueError):
            self.asked = 1
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        if self.cap is None:
            return int(super().count)
        size = int(self.per_page)
        limit = min(self.cap, (self.asked + COUNT_AHEAD_PAGES) * size)
        if self.head_of is not None:
            told = self.head_of(limit, min(self.asked * size, limit))
            if told is not None:
                self.head, more = told
                return self._head_count(len(self.head), more, limit, size)
        qs: Any = self.object_list
        n = qs.order_by()[: limit + 1].count()
        if n > limit:
            self.capped = True
            return limit
        return int(n)

    def _head_count(self, n: int, more: bool, limit: int, size: int) -> int:
        """The count the first ``n`` rows stand for: all of them; or, when more follow, "more
        than" ``limit`` or than the whole pages among them before the last row (at least one
        row past the page asked for, so that the next page is linked)."""
        if not more and n <= limit:
            return n
        self.capped = True
        if n > limit:
            return limit
        return max((n - 1) // size * size, self.asked * size + 1)


# ``ids_of(many, start, stop)``: the ids of the rows start..stop of the list, in its order;
# ``many`` says the count stopped at its limit (more rows match than it counted).
IdsOf = Callable[[bool, int, int], list[int]]


def two_phase_page(
    qs: QuerySet[Any],
    number: Any,
    size: int,
    related: tuple[str, ...] = (),
    cap: int | None = None,
    ids_of: IdsOf | None = None,
    fields: tuple[str, ...] = (),
    head_of: HeadOf | None = None,
) -> Page:
    """One page in three queries: the count, the ids of the page (a narrow query the database
    can answer from an index on the sort order), then those rows with their relations,
    kept in the order of the ids. ``ids_of`` finds the ids instead of ``qs`` when the best
    way to them depends on how many rows match, which the count has just told. ``head_of``
    (with ``cap``) may give the first rows' ids instead of the count: the page is then among
    them, and the ids query is not sent. ``fields`` (as for ``QuerySet.only``, through
    ``related``) loads only the columns the page shows; empty loads every column."""
    paginator = CappedPaginator(qs.values_list("id", flat=True), size, cap, head_of)
    page = paginator.get_page(number)
    start = max(page.start_index() - 1, 0)
    ids: list[int]
    if paginator.head is not None:
        ids = paginator.head[start : page.end_index()]
    elif ids_of is None:
        ids = list(page.object_list)
    else:
        ids = ids_of(paginator.capped, start, page.end_index())
    # Unordered: the rows are put in the ids' order below. The model's default ordering would
    # join its tables for nothing (the directory's seats: term, congress and division, 4-5 ms
    # of planning and execution a page at the large scale; issue 26.2).
    rows_qs = qs.model._default_manager.filter(id__in=ids).select_related(*related).order_by()
    if fields:
        rows_qs = rows_qs.only(*fields)
    rows = list(rows_qs)
    position = {pk: i for i, pk in enumerate(ids)}
    rows.sort(key=lambda row: position[row.pk])
    page.object_list = rows  # the page now holds the rows, not the ids
    return page
