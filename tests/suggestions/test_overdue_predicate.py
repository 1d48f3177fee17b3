"""R14's "overdue" written once as a query (``overdue_q``) and once for a row already read
(``is_overdue``, the lists' tag): both say the same of every suggestion and opinion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Q

from lvzhi.core import clock
from lvzhi.stations import selectors as station_selectors
from lvzhi.stations.models import Opinion
from lvzhi.suggestions import selectors
from lvzhi.suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "overdue_q", "is_overdue"),
    [
        (Suggestion, selectors.overdue_q, selectors.is_overdue),
        (Opinion, station_selectors.overdue_q, station_selectors.is_overdue),
    ],
    ids=["suggestion", "opinion"],
)
def test_a_row_is_overdue_in_the_list_exactly_when_the_query_finds_it(
    model: Any, overdue_q: Callable[[], Q], is_overdue: Callable[[Any, dt.date], bool]
) -> None:
    """For a suggestion the time limit is R14's; for an opinion, the station's answer date."""
    today = clock.today()
    found = set(model.objects.filter(overdue_q()).values_list("pk", flat=True))
    rows = list(model.objects.only("id", "status", "due_on"))
    assert rows
    assert {row.pk for row in rows if is_overdue(row, today)} == found


def test_r14_only_an_assigned_suggestion_past_its_date_is_overdue():
    today = dt.date(2026, 12, 7)
    past, future = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    assert selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=past), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=today), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=future), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=None), today)
    assert not selectors.is_overdue(Suggestion(status=Status.REPLIED, due_on=past), today)
