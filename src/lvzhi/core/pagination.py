"""Pages of long lists with a number of queries that does not grow with the data."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def two_phase_page(
    qs: QuerySet[Any], number: Any, size: int, related: tuple[str, ...] = ()
) -> Page:
    """One page in three queries: the count, the ids of the page (a narrow query the database
    can answer from an index on the sort order), then those rows with their relations,
    kept in the order of the ids."""
    page = Paginator(qs.values_list("id", flat=True), size).get_page(number)
    ids: list[int] = list(page.object_list)
    rows = list(qs.model._default_manager.filter(id__in=ids).select_related(*related))
    position = {pk: i for i, pk in enumerate(ids)}
    rows.sort(key=lambda row: position[row.pk])
    page.object_list = rows  # the page now holds the rows, not the ids
    return page
