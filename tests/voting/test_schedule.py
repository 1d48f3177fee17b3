"""Polls scheduled to open and close at set times (`lvzhi voting_schedule`)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from lvzhi.core import clock
from lvzhi.core.errors import ValidationFailed
from lvzhi.voting import services
from lvzhi.voting.models import Poll, PollStatus

from ..meetings.helpers import check_in, sc_meeting, sitting_now, u

pytestmark = pytest.mark.django_db


def _scheduled(present: int, opens_in: int, closes_in: int) -> Poll:
    """A poll of a new sitting, scheduled to open and close ``opens_in`` and ``closes_in``
    minutes from now: the only scheduled poll. The seeded one opens two hours into its sitting
    by the wall clock and fell inside these tests' minutes in one CI run (11:30 Beijing time),
    so it is unscheduled here (the transaction is rolled back)."""
    Poll.objects.filter(open_at__isnull=False).update(open_at=None, close_at=None)
    meeting, people = sc_meeting(members=6)
    sitting = sitting_now(meeting)
    check_in(sitting, people[:present])
    now = clock.now()
    return services.poll_create(
        actor=u("office"),
        sitting=sitting,
        kind="named",
        subject="report",
        title="定时表决",
        open_at=now + dt.timedelta(minutes=opens_in),
        close_at=now + dt.timedelta(minutes=closes_in),
    )


def test_r56_scheduled_poll_opens_and_closes_on_time_and_twice_changes_nothing() -> None:
    poll = _scheduled(present=5, opens_in=5, closes_in=20)
    assert services.polls_run_schedule()["opened"] == []
    with clock.frozen(clock.now() + dt.timedelta(minutes=6)):
        out = StringIO()
        call_command("voting_schedule", stdout=out)
        assert "opened 1" in out.getvalue()
        poll.refresh_from_db()
        assert poll.status == PollStatus.OPEN
        assert poll.pk not in services.polls_run_schedule()["opened"]
    with clock.frozen(clock.now() + dt.timedelta(minutes=21)):
        assert poll.pk in services.polls_run_schedule()["closed"]
        poll.refresh_from_db()
        first = (poll.status, poll.result, poll.closed_at)
        assert poll.pk not in services.polls_run_schedule()["closed"]
        poll.refresh_from_db()
        assert (poll.status, poll.result, poll.closed_at) == first


def test_r56_scheduled_poll_without_quorum_waits_and_is_reported() -> None:
    poll = _scheduled(present=2, opens_in=1, closes_in=30)
    with clock.frozen(clock.now() + dt.timedelta(minutes=2)):
        assert poll.pk in services.polls_run_schedule()["no_quorum"]
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_scheduled_close_before_opening_refused() -> None:
    with pytest.raises(ValidationFailed):
        _scheduled(present=5, opens_in=10, closes_in=5)
    assert not Poll.objects.filter(title="定时表决").exists()


def test_r56_demo_data_holds_a_scheduled_poll_that_the_scheduler_runs() -> None:
    """In the demo data (the seed of `make demo`), the Standing Committee meeting has a poll
    that opens and closes by itself: at its time the scheduler opens it when the sitting has
    its quorum (or reports it waiting), and closes it at its close time."""
    poll = Poll.objects.get(title__endswith="（定时）", status=PollStatus.DRAFT)
    assert poll.open_at is not None and poll.close_at is not None
    with clock.frozen(poll.open_at + dt.timedelta(minutes=1)):
        out = services.polls_run_schedule()
    assert poll.pk in out["opened"] + out["no_quorum"]
    if poll.pk in out["opened"]:
        with clock.frozen(poll.close_at + dt.timedelta(minutes=1)):
            assert poll.pk in services.polls_run_schedule()["closed"]
        poll.refresh_from_db()
        assert poll.status == PollStatus.CLOSED and "not_voted" in poll.result


def test_r56_demo_session_results_keep_absent_leave_not_voted_and_abstain_apart() -> None:
    """R01/R56 in the demo data: the session's results count deputies on approved leave apart
    from the absent (and as absent for the quorum: present excludes them), and "present but
    did not vote" apart from "abstain"."""
    polls = list(Poll.objects.filter(status=PollStatus.CLOSED, kind="named"))
    assert polls
    for poll in polls:
        r = poll.result
        assert {"absent", "on_leave", "not_voted", "abstain", "present"} <= set(r)
        assert r["present"] + r["on_leave"] + r["absent"] == r["members"]
        assert r["yes"] + r["no"] + r["abstain"] + r["not_voted"] == r["present"]
    assert any(p.result["on_leave"] > 0 for p in polls)
