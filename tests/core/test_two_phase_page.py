"""``core.pagination.two_phase_page``: one page of a long list in three queries, rows in the
order of the list, with only the columns the page shows when it names them (issue 26.2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.models import Division
from lvzhi.core.pagination import two_phase_page

pytestmark = pytest.mark.django_db


def test_the_page_keeps_the_lists_order_and_loads_only_the_named_columns() -> None:
    rows = Division.objects.filter(parent__isnull=False).order_by("-code")
    with CaptureQueriesContext(connection) as captured:
        page = two_phase_page(rows, 2, 5, ("parent",), fields=("code", "parent__name"))
        shown = [(d.code, d.parent.name) for d in page]  # type: ignore[union-attr]
    assert len(captured) == 3  # the count, the ids, the rows with their parents
    expected = list(rows.select_related("parent")[5:10])
    assert shown == [(d.code, d.parent.name) for d in expected]  # type: ignore[union-attr]
    first = page.object_list[0]
    assert {"name", "level"} <= first.get_deferred_fields()
    assert {"code", "level"} <= first.parent.get_deferred_fields()


def test_without_fields_every_column_is_loaded() -> None:
    page = two_phase_page(Division.objects.order_by("code"), 1, 3, ())
    assert [d.get_deferred_fields() for d in page] == [set(), set(), set()]
