"""R03: attendance, leave, speeches, inquiries and votes are available to the duty archive."""

from __future__ import annotations

import pytest

from lvzhi.core import clock
from lvzhi.meetings import selectors, services
from lvzhi.voting import selectors as voting_selectors
from lvzhi.voting import services as voting

from ..voting.helpers import election, named_poll
from .helpers import sc_meeting, sitting_now, u

pytestmark = pytest.mark.django_db


def test_r03_year_record_counts_presence_leave_and_absence_and_lists_speeches() -> None:
    meeting, people = sc_meeting(members=3)
    d = people[1]
    year = meeting.opens_at.year
    before = selectors.duty_record(d.pk, year)
    s1, s2, s3 = (sitting_now(meeting) for _ in range(3))
    services.check_in(actor=d.user, sitting=s1)
    leave = services.leave_request(actor=d.user, meeting=meeting, sitting=s2, reason="出差")
    services.leave_decide(actor=u("admin"), leave=leave, approve=True)
    services.speech_record(actor=u("office"), meeting=meeting, deputy=d, text="审议意见")
    record = selectors.duty_record(d.pk, year)
    assert (
        record.sittings_present - before.sittings_present,
        record.sittings_on_leave - before.sittings_on_leave,
        record.sittings_absent - before.sittings_absent,
    ) == (1, 1, 1)  # s1 present, s2 on leave, s3 absent
    assert [s.text for s in record.speeches][len(before.speeches) :] == ["审议意见"]
    assert record.leaves[len(before.leaves) :] == [leave]
    assert s3.meeting_id == meeting.pk


def test_r03_votes_cast_named_with_choice_elections_only_as_taking_part(
    django_assert_max_num_queries,
) -> None:
    poll, people = named_poll(members=3, present=3)
    voting.poll_open(actor=u("office"), poll=poll)
    voting.vote_cast(actor=people[0].user, poll=poll, choice="abstain")
    voting.poll_close(actor=u("office"), poll=poll)
    ballot_poll, others = election(members=3, present=3, seats=1)
    voting.poll_open(actor=u("office"), poll=ballot_poll)
    voting.ballot_cast(actor=others[0].user, poll=ballot_poll, marks={})
    voting.poll_close(actor=u("office"), poll=ballot_poll)
    with django_assert_max_num_queries(2):
        votes = voting_selectors.deputy_votes(people[0].pk, clock.today().year)
    assert [(v.poll_id, v.choice) for v in votes["named"]] == [(poll.pk, "abstain")]
    assert votes["elections"] == [ballot_poll]
