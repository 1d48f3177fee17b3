"""R14's "overdue" written once as a query (``overdue_q``) and once for a row already read
(``is_overdue``, the lists' tag): both say the same of every suggestion and opinion."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock
from lvzhi.stations import selectors as station_selectors
from lvzhi.stations.models import Opinion
from lvzhi.suggestions import selectors
from lvzhi.suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


def test_r14_a_suggestion_is_overdue_in_the_list_exactly_when_the_query_finds_it():
    today = clock.today()
    found = set(Suggestion.objects.filter(selectors.overdue_q()).values_list("pk", flat=True))
    rows = list(Suggestion.objects.only("id", "status", "due_on"))
    assert rows
    assert {s.pk for s in rows if selectors.is_overdue(s, today)} == found


def test_r14_only_an_assigned_suggestion_past_its_date_is_overdue():
    today = dt.date(2026, 12, 7)
    past, future = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    assert selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=past), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=today), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=future), today)
    assert not selectors.is_overdue(Suggestion(status=Status.ASSIGNED, due_on=None), today)
    assert not selectors.is_overdue(Suggestion(status=Status.REPLIED, due_on=past), today)


def test_an_opinion_is_overdue_in_the_list_exactly_when_the_query_finds_it():
    today = clock.today()
    found = set(Opinion.objects.filter(station_selectors.overdue_q()).values_list("pk", flat=True))
    rows = list(Opinion.objects.only("id", "status", "due_on"))
    assert rows
    assert {o.pk for o in rows if station_selectors.is_overdue(o, today)} == found
