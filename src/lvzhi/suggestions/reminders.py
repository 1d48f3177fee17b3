"""R14 reminders and overdue alerts, run by a scheduler (``lvzhi suggestion_reminders``).

Idempotent: each message carries a key made of the suggestion, the kind and the due date, so
running the job twice sends nothing twice, and after an approved extension the reminders
follow the new due date (a new key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.notifications import Message, notify_many
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from . import rules
from .models import Assignment, Status, UnitRole


@dataclass
class ReminderResult:
    scanned: int = 0
    reminded: int = 0
    overdue: int = 0


def run(today: dt.date | None = None) -> ReminderResult:
    today = today or clock.today()
    days = int(getattr(settings, "SUGGESTION_REMINDER_DAYS", rules.REMINDER_DAYS_BEFORE))
    leads = (
        Assignment.objects.filter(
            role=UnitRole.LEAD,
            suggestion__status=Status.ASSIGNED,
            suggestion__due_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("unit", "suggestion__term")
        .order_by("suggestion__due_on")
    )
    result = ReminderResult()
    units: dict[int, tuple[int, ...]] = {}
    offices: dict[int, tuple[int, ...]] = {}
    messages: list[Message] = []
    for a in leads.iterator(chunk_size=2000):
        s = a.suggestion
        assert s.due_on is not None
        result.scanned += 1
        if a.unit_id not in units:
            units[a.unit_id] = tuple(
                registry_selectors.users_with_role_over(
                    a.unit, frozenset({Role.HANDLING_UNIT})
                ).values_list("id", flat=True)
            )
        url = f"/suggestions/{s.pk}/"
        if s.due_on >= today:
            messages.append(
                Message(
                    user_ids=units[a.unit_id],
                    url=url,
                    title=_("Reply due on %(due)s: %(title)s")
                    % {"due": s.due_on, "title": s.title},
                    key=f"suggestion:{s.pk}:due-soon:{s.due_on.isoformat()}",
                )
            )
            continue
        congress = s.term.congress_id
        if congress not in offices:
            body = registry_selectors.congress_body(congress)
            offices[congress] = (
                tuple(
                    registry_selectors.users_with_role_over(
                        body, frozenset({Role.OFFICE})
                    ).values_list("id", flat=True)
                )
                if body
                else ()
            )
        messages.append(
            Message(
                user_ids=(*units[a.unit_id], *offices[congress]),
                url=url,
                body=a.unit.name,
                title=_("Overdue since %(due)s: %(title)s") % {"due": s.due_on, "title": s.title},
                key=f"suggestion:{s.pk}:overdue:{s.due_on.isoformat()}",
            )
        )
    due_soon = [m for m in messages if ":due-soon:" in m.key]
    overdue = [m for m in messages if ":overdue:" in m.key]
    result.reminded = notify_many(due_soon)
    result.overdue = notify_many(overdue)
    return result
