"""The compliance table's query count does not grow with the data: each rule's check reads
through selectors with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.compliance import selectors
from lvzhi.compliance.periods import Period
from lvzhi.compliance.rule_registry import RULES
from lvzhi.core import clock
from lvzhi.meetings.models import Meeting, MeetingKind, Participant

from .helpers import at, congress, ctx, serving
from .test_rules import _sc, _suggestion, _training

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    out = {}
    c = ctx(today=clock.today())
    for rule in RULES:
        with CaptureQueriesContext(connection) as q:
            rule.check(c)
        out[rule.id] = len(q.captured_queries)
    return out


def test_query_count_per_rule_does_not_grow_with_the_data() -> None:
    before = _counts()
    year = 2016
    for n in range(5):
        _sc(f"常委会{n}", dt.date(year, 3 + n, 10), 3 + n, 10, 7)
        _suggestion(f"建议{n}", dt.date(year, 1, 3 + n), dt.date(year, 4, 1 + n))
    _training(serving(30))
    after = _counts()
    assert after == before


def test_whole_table_has_a_bounded_query_count() -> None:
    with CaptureQueriesContext(connection) as q:
        selectors.table(congress(), Period(clock.today().year))
    # A handful per rule (the chapter 4 obligations are read once and shared).
    assert len(q.captured_queries) <= 4 * len(RULES)


def test_meeting_count_does_not_change_the_r30_reads() -> None:
    """R30: one query for any number of meetings and attendees."""
    c = ctx()
    with CaptureQueriesContext(connection) as q:
        RULES_BY = {r.id: r for r in RULES}
        RULES_BY["R30"].check(c)
    first = len(q.captured_queries)
    m = Meeting.objects.create(
        kind=MeetingKind.STANDING_COMMITTEE,
        congress=congress(),
        title="再一次",
        opens_at=at(dt.date(2016, 11, 1)),
        closes_at=at(dt.date(2016, 11, 1), 18),
        created_at=at(dt.date(2016, 10, 1)),
    )
    for d in serving(12):
        Participant.objects.create(meeting=m, deputy=d, role="non_voting")
    c = ctx()
    with CaptureQueriesContext(connection) as q:
        RULES_BY["R30"].check(c)
    assert len(q.captured_queries) == first
