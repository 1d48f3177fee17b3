"""The selectors other apps gained for the compliance view: what each returns, in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.activities import selectors as activities_selectors
from lvzhi.contacts import selectors as contacts_selectors
from lvzhi.meetings import selectors as meetings_selectors
from lvzhi.meetings.models import MeetingKind, Participant
from lvzhi.suggestions import selectors as suggestions_selectors

from .helpers import YEAR, at, congress, serving, term
from .test_rules import _sc, _stage, _suggestion, _supervision, _training

pytestmark = pytest.mark.django_db

D = dt.date


def test_compliance_meetings_annotates_attendees_and_first_material_in_one_query() -> None:
    _sc("常委会甲", D(YEAR, 4, 20), 9, 10, 7)
    congress_id = congress().pk
    with CaptureQueriesContext(connection) as q:
        rows = meetings_selectors.compliance_meetings(
            congress_id, MeetingKind.STANDING_COMMITTEE, D(YEAR, 1, 1), D(YEAR, 12, 31)
        )
    assert len(q.captured_queries) == 1
    assert [(m.title, m.non_voting_invited, m.non_voting, m.notice_days) for m in rows] == [
        ("常委会甲", 9, 9, None)
    ]
    assert rows[0].first_material_at.date() == D(YEAR, 4, 13)
    # R30 term coverage counts attendance: invited only, nobody is covered yet; registered, all.
    window = (congress().pk, D(YEAR, 1, 1), D(YEAR, 12, 31))
    Participant.objects.filter(meeting__title="常委会甲").update(registered_at=None)
    assert meetings_selectors.non_voting_term_coverage(*window) == set()
    again = meetings_selectors.compliance_meetings(
        congress_id, MeetingKind.STANDING_COMMITTEE, D(YEAR, 1, 1), D(YEAR, 12, 31)
    )
    assert (again[0].non_voting_invited, again[0].non_voting) == (9, 0)
    Participant.objects.filter(meeting__title="常委会甲").update(registered_at=at(D(YEAR, 4, 20)))
    assert meetings_selectors.non_voting_term_coverage(*window) == {d.pk for d in serving(9)}


def test_due_between_gives_the_first_reply_of_each_suggestion_due() -> None:
    """R14: only suggestions due in the window, with their first reply."""
    _suggestion("窗口内", D(YEAR, 1, 10), D(YEAR, 3, 1))
    _suggestion("窗口外", D(YEAR, 9, 10), None)
    rows = suggestions_selectors.due_between(congress().pk, D(YEAR, 4, 1), D(YEAR, 4, 30))
    assert [r["title"] for r in rows] == ["窗口内"]
    assert rows[0]["first_reply_at"].date() == D(YEAR, 3, 1)


def test_stages_and_supervisions_count_invitations() -> None:
    """R26 counts every invited deputy, R28 only the local ones."""
    _stage("条例丙", 3)
    _supervision("执法检查丙", 1)
    stages = activities_selectors.stages_between(term().pk, D(YEAR, 1, 1), D(YEAR, 12, 31))
    assert [(s.project.title, s.invited) for s in stages] == [("条例丙", 3)]
    sups = activities_selectors.supervisions_between(term().pk, D(YEAR, 1, 1), D(YEAR, 12, 31))
    assert [(s.title, s.local) for s in sups] == [("执法检查丙", 1)]


def test_untrained_between_lists_the_serving_deputies_without_training() -> None:
    """R32: a deputy trained in the window is not listed; everyone else serving is."""
    _training(serving(5))
    total, missing = activities_selectors.untrained_between(
        term().pk, D(YEAR, 1, 1), D(YEAR, 12, 31)
    )
    assert len(missing) == total - 5
    assert not {d.pk for d in serving(5)} & {d.pk for d in missing}


def test_obligations_of_division_keeps_to_the_congress_level() -> None:
    """Chapter 4 obligations of the prefecture level only, not the counties' organs."""
    organisations = contacts_selectors.obliged_of_division(congress().division_id)
    assert organisations
    assert {o.division_id for o in organisations} == {congress().division_id}
    rows = contacts_selectors.obligations_of_division(congress().division_id, YEAR)
    assert [r.organisation for r in rows] == organisations
