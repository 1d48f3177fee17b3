"""Scenarios of the meetings rows of the notice table (``tests/test_notice_table.py``): each
produces its event through the service and names who must hear of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lvzhi.meetings import services
from lvzhi.meetings.models import Meeting, Participant

from .helpers import deputies_with_accounts, sc_meeting, session_meeting, u


def _notice_sent() -> tuple[Meeting, set[str]]:
    meeting, people = session_meeting(opens_in_days=16)
    services.notice_send(actor=u("office"), meeting=meeting, body="会期一天，议程草案附后。")
    # A session's members are the whole term (meeting_create calls the roll, R01): every
    # member with an active account hears of it, the deputies the scenario added among them.
    members = Participant.objects.filter(meeting=meeting).select_related("deputy__user")
    expected = {
        p.deputy.user.username
        for p in members
        if p.deputy.user is not None and p.deputy.user.is_active
    }
    assert {d.user.username for d in people} <= expected
    return meeting, expected


def _leave_decided() -> tuple[Meeting, set[str]]:
    meeting, people = sc_meeting()
    leave = services.leave_request(actor=people[0].user, meeting=meeting, reason="住院治疗")
    services.leave_decide(actor=u("yining"), leave=leave, approve=True)
    return meeting, {people[0].user.username}


def _attendees_fixed() -> tuple[Meeting, set[str]]:
    meeting, _people = sc_meeting(members=1)
    invited = deputies_with_accounts(3)[1:]
    services.attendees_fix(
        actor=u("office"), meeting=meeting, invitations={d.pk: "基层代表" for d in invited}
    )
    return meeting, {d.user.username for d in invited}


SCENARIOS: dict[str, Callable[[], tuple[Any, set[str]]]] = {
    "meetings.notice_sent": _notice_sent,
    "meetings.leave_decided": _leave_decided,
    "meetings.attendees_fixed": _attendees_fixed,
}
