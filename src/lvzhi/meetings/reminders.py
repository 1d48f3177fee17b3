"""R02 (Art 4) and R31 (Art 57) by the periodic job (``lvzhi meeting_reminders``, daily).

- The staff running a meeting are told when the last day for its notice comes near and no
  notice has gone out (15 days before a session, R02; 7 before a Standing Committee meeting,
  R31).
- The participants of a meeting whose notice went out are reminded shortly before it opens.

Every message carries a key of the meeting and its opening date, and one run holds a job lock,
so running the job twice — or two runs at once — sends nothing twice; a meeting moved to another
day is reminded again. ``notify_many`` hands the messages to each account's outbound channels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core import clock
from lvzhi.core.db import job_lock
from lvzhi.core.i18n import Localized
from lvzhi.core.notifications import Message, notify_many
from lvzhi.registry import selectors as registry_selectors

from . import policies, rules
from .models import Meeting, MeetingKind, Notice, Participant


@dataclass
class ReminderResult:
    scanned: int = 0
    notice_due: int = 0
    opening: int = 0


def run(today: dt.date | None = None) -> ReminderResult:
    with job_lock("meeting-reminders"):
        return _run(today or clock.today())


def _run(today: dt.date) -> ReminderResult:
    horizon = today + dt.timedelta(days=rules.NOTICE_DAYS_BEFORE + rules.NOTICE_WARNING_DAYS)
    meetings = (
        Meeting.objects.filter(opens_at__date__gte=today, opens_at__date__lte=horizon)
        .annotate(noticed=Exists(Notice.objects.filter(meeting=OuterRef("pk"))))
        .order_by("opens_at", "pk")
    )
    result = ReminderResult()
    staff_messages: list[Message] = []
    opening_messages: list[Message] = []
    for meeting in meetings:
        result.scanned += 1
        opens_on = timezone.localdate(meeting.opens_at)
        url = f"/meetings/{meeting.pk}/"
        if not meeting.noticed:
            is_session = meeting.kind == MeetingKind.SESSION
            last_day = opens_on - dt.timedelta(days=rules.notice_days(is_session))
            if today < last_day - dt.timedelta(days=rules.NOTICE_WARNING_DAYS):
                continue
            staff = _staff(meeting)
            if staff:
                staff_messages.append(
                    Message(
                        user_ids=staff,
                        url=url,
                        title=_(
                            "Send the notice of %(title)s by %(day)s: it opens on %(opens)s "
                            "(%(article)s)."
                        )
                        % {
                            "title": meeting.title,
                            "day": last_day,
                            "opens": opens_on,
                            "article": _("Art 4") if is_session else _("Art 57"),
                        },
                        key=f"meeting-notice-due:{meeting.pk}:{opens_on.isoformat()}",
                    )
                )
        elif (opens_on - today).days <= rules.OPENING_REMINDER_DAYS:
            users = tuple(
                Participant.objects.filter(meeting=meeting, deputy__user__isnull=False)
                .values_list("deputy__user_id", flat=True)
                .order_by("deputy__user_id")
            )
            if users:
                opening_messages.append(
                    Message(
                        user_ids=users,
                        url=url,
                        # Deputies read it in their own language (issue 24).
                        title=Localized(
                            gettext_noop("%(title)s opens on %(opens)s"),
                            title=meeting.title,
                            opens=timezone.localtime(meeting.opens_at).strftime("%Y-%m-%d %H:%M"),
                        ),
                        key=f"meeting-opens:{meeting.pk}:{opens_on.isoformat()}",
                    )
                )
    result.notice_due = notify_many(staff_messages)
    result.opening = notify_many(opening_messages)
    return result


def _staff(meeting: Meeting) -> tuple[int, ...]:
    body = registry_selectors.congress_body(meeting.congress_id)
    if body is None:
        return ()
    roles: Any = policies.staff_roles(meeting)
    return tuple(
        registry_selectors.users_with_role_over(body, roles)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
