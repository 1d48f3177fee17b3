"""Who hears of a meeting's state changes: this app's rows of the one table of
``core.notices`` (issue 22, point 4). ``meetings/events.py`` writes the event; the dispatcher
reads these rows; the services call no ``notify`` for these steps."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Notice, register
from lvzhi.registry.selectors import deputy_users

from .models import LeaveStatus, Meeting, Participant
from .models import Notice as MeetingNotice


def _url(event: Event, m: Meeting) -> str:
    return f"/meetings/{m.pk}/"


def _participants(event: Event, m: Meeting) -> list[Any]:
    return deputy_users(Participant.objects.filter(meeting=m).values_list("deputy_id", flat=True))


def _notice_body(event: Event, m: Meeting) -> str:
    n = MeetingNotice.objects.filter(meeting=m).order_by("-sent_at", "-id").first()
    return n.body[:500] if n is not None else ""


register(
    Notice(
        kind="meetings.notice_sent",
        audience=gettext_lazy("the meeting's participants"),
        recipients=_participants,
        title=lambda e, m: Localized(gettext_noop("Notice: %(title)s"), title=m.title),
        body=_notice_body,
        url=_url,
    ),
    Notice(
        kind="meetings.leave_decided",
        audience=gettext_lazy("the deputy who asked for leave"),
        recipients=lambda e, m: deputy_users([e.data["deputy"]]),
        title=lambda e, m: Localized(
            gettext_noop("Your leave request: %(status)s"),
            status=LeaveStatus(e.data["status"]).label,
        ),
        url=_url,
    ),
    Notice(
        kind="meetings.attendees_fixed",
        audience=gettext_lazy("the deputies invited to attend"),
        recipients=lambda e, m: deputy_users(e.data["deputies"]),
        title=lambda e, m: Localized(
            gettext_noop("Invitation to attend: %(title)s"), title=m.title
        ),
        url=_url,
    ),
)
