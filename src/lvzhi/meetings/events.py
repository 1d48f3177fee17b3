"""The kinds of event of a meeting's life (its timeline), one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import Meeting

# Data keys a timeline shows after the label, in this order.
DETAIL = ("title", "count", "days", "reason")


def _record(step: str, meeting: Meeting, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"meetings.{step}", subject=meeting, actor=actor, data=data)


@kind("meetings.created", _("Meeting created"), detail=DETAIL)
def meeting_created(*, meeting: Meeting, actor: User | None, title: str) -> Event:
    return _record("created", meeting, actor, title=title)


@kind("meetings.agenda_added", _("Agenda item added"), detail=DETAIL)
def meeting_agenda_added(*, meeting: Meeting, actor: User | None, title: str) -> Event:
    return _record("agenda_added", meeting, actor, title=title)


@kind("meetings.sitting_added", _("Sitting added"), detail=DETAIL)
def meeting_sitting_added(*, meeting: Meeting, actor: User | None, title: str) -> Event:
    return _record("sitting_added", meeting, actor, title=title)


@kind("meetings.participants_added", _("Participants added"), detail=DETAIL)
def meeting_participants_added(
    *, meeting: Meeting, actor: User | None, count: int, role: str
) -> Event:
    return _record("participants_added", meeting, actor, count=count, role=role)


@kind("meetings.notice_sent", _("Notice sent"), detail=DETAIL)
def meeting_notice_sent(
    *, meeting: Meeting, actor: User | None, days: int, late: bool, reason: str
) -> Event:
    return _record("notice_sent", meeting, actor, days=days, late=late, reason=reason)


@kind("meetings.material_published", _("Material published"), detail=DETAIL)
def meeting_material_published(*, meeting: Meeting, actor: User | None, title: str) -> Event:
    return _record("material_published", meeting, actor, title=title)


@kind("meetings.material_file_added", _("Material file uploaded"), detail=DETAIL)
def meeting_material_file_added(
    *, meeting: Meeting, actor: User | None, title: str, name: str, version: int
) -> Event:
    return _record("material_file_added", meeting, actor, title=title, name=name, version=version)


@kind("meetings.registered", _("Deputy registered on arrival"), detail=DETAIL)
def meeting_registered(
    *, meeting: Meeting, actor: User | None, deputy: int, by_staff: bool
) -> Event:
    return _record("registered", meeting, actor, deputy=deputy, by_staff=by_staff)


@kind("meetings.checked_in", _("Deputy checked in"), detail=DETAIL)
def meeting_checked_in(*, meeting: Meeting, actor: User | None, deputy: int, sitting: int) -> Event:
    return _record("checked_in", meeting, actor, deputy=deputy, sitting=sitting)


@kind("meetings.leave_requested", _("Leave requested"), detail=DETAIL)
def meeting_leave_requested(*, meeting: Meeting, actor: User | None, deputy: int) -> Event:
    return _record("leave_requested", meeting, actor, deputy=deputy)


@kind("meetings.leave_decided", _("Leave request decided"), detail=DETAIL)
def meeting_leave_decided(
    *, meeting: Meeting, actor: User | None, deputy: int, status: str
) -> Event:
    return _record("leave_decided", meeting, actor, deputy=deputy, status=status)


@kind("meetings.speech_recorded", _("Speech recorded"), detail=DETAIL)
def meeting_speech_recorded(*, meeting: Meeting, actor: User | None, deputy: int) -> Event:
    return _record("speech_recorded", meeting, actor, deputy=deputy)


@kind("meetings.brief_published", _("Brief published"), detail=DETAIL)
def meeting_brief_published(
    *, meeting: Meeting, actor: User | None, number: int, speeches: int
) -> Event:
    return _record("brief_published", meeting, actor, number=number, speeches=speeches)


@kind("meetings.inquiry_recorded", _("Inquiry recorded"), detail=DETAIL)
def meeting_inquiry_recorded(
    *, meeting: Meeting, actor: User | None, deputy: int, organ: int
) -> Event:
    return _record("inquiry_recorded", meeting, actor, deputy=deputy, organ=organ)


@kind("meetings.inquiry_answered", _("Inquiry answered"), detail=DETAIL)
def meeting_inquiry_answered(*, meeting: Meeting, actor: User | None, inquiry: int) -> Event:
    return _record("inquiry_answered", meeting, actor, inquiry=inquiry)


@kind("meetings.attendees_fixed", _("Attendee list fixed"), detail=DETAIL)
def meeting_attendees_fixed(
    *, meeting: Meeting, actor: User | None, count: int, days: int, late: bool
) -> Event:
    return _record("attendees_fixed", meeting, actor, count=count, days=days, late=late)
