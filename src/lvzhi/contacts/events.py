"""The kinds of event of a deputies' meeting request (约见, Art 34), one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import MeetingRequest

# Data keys a timeline shows after the label, in this order.
DETAIL = ("note",)


def _record(step: str, request: MeetingRequest, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"contacts.{step}", subject=request, actor=actor, data=data)


@kind("contacts.meeting_requested", _("Requested"), detail=DETAIL)
def meeting_request_requested(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_requested", request, actor, note=note)


@kind("contacts.meeting_arranged", _("Arranged by the office"), detail=DETAIL)
def meeting_request_arranged(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_arranged", request, actor, note=note)


@kind("contacts.meeting_confirmed", _("Date confirmed by the organ"), detail=DETAIL)
def meeting_request_confirmed(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_confirmed", request, actor, note=note)


@kind("contacts.meeting_held", _("Meeting and outcome recorded"), detail=DETAIL)
def meeting_request_held(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_held", request, actor, note=note)


@kind("contacts.meeting_declined", _("Not arranged"), detail=DETAIL)
def meeting_request_declined(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_declined", request, actor, note=note)


@kind("contacts.meeting_withdrawn", _("Withdrawn by the deputies"), detail=DETAIL)
def meeting_request_withdrawn(*, request: MeetingRequest, actor: User | None, note: str) -> Event:
    return _record("meeting_withdrawn", request, actor, note=note)
