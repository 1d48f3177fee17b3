"""The kinds of event of a deputies' meeting request (约见, Art 34), one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.models import User

from .models import MeetingRequest

# Data keys a timeline shows after the label, in this order.
DETAIL = ("note",)


def _record(step: str, request: MeetingRequest, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"contacts.{step}", subject=request, actor=actor, data=data)


_request = events.Family("contacts", "request", _record, detail=DETAIL)


meeting_request_requested = _request.define("meeting_requested", _("Requested"), "note")


meeting_request_arranged = _request.define("meeting_arranged", _("Arranged by the office"), "note")


meeting_request_confirmed = _request.define(
    "meeting_confirmed", _("Date confirmed by the organ"), "note"
)


meeting_request_held = _request.define("meeting_held", _("Meeting and outcome recorded"), "note")


meeting_request_declined = _request.define("meeting_declined", _("Not arranged"), "note")


meeting_request_withdrawn = _request.define(
    "meeting_withdrawn", _("Withdrawn by the deputies"), "note"
)
