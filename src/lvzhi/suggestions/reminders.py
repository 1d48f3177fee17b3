"""R14 reminders and overdue alerts, run by a scheduler (``lvzhi suggestion_reminders``).

Idempotent: each message carries a key made of the suggestion, the kind and the due date, so
running the job twice sends nothing twice (and the suggestion remembers the due date it was
reminded for, so the second run does not even read it again); after an approved extension
the reminders follow the new due date (a new key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.notifications import Message, notify_many
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from . import rules
from .models import Assignment, Status, Suggestion, UnitRole


@dataclass
class ReminderResult:
    scanned: int = 0
    reminded: int = 0
    overdue: int = 0


def run(today: dt.date | None = None) -> ReminderResult:
    today = today or clock.today()
    days = int(getattr(settings, "SUGGESTION_REMINDER_DAYS", rules.REMINDER_DAYS_BEFORE))
    # Only items whose due date was not reminded (or alerted) yet: a second run reads nothing,
    # and an approved extension moves the due date, so its reminders come again.
    due_soon_q = Q(suggestion__due_on__gte=today) & (
        Q(suggestion__reminded_for__isnull=True)
        | ~Q(suggestion__reminded_for=F("suggestion__due_on"))
    )
    overdue_q = Q(suggestion__due_on__lt=today) & (
        Q(suggestion__overdue_alerted_for__isnull=True)
        | ~Q(suggestion__overdue_alerted_for=F("suggestion__due_on"))
    )
    leads = (
        Assignment.objects.filter(
            due_soon_q | overdue_q,
            role=UnitRole.LEAD,
            suggestion__status=Status.ASSIGNED,
            suggestion__due_on__lte=today + dt.timedelta(days=days),
        )
        .order_by("suggestion__due_on", "suggestion_id")
        .values_list(
            "suggestion_id",
            "suggestion__title",
            "suggestion__due_on",
            "suggestion__term__congress_id",
            "unit_id",
            "unit__name",
        )
    )
    result = ReminderResult()
    units: dict[int, tuple[int, ...]] = {}
    offices: dict[int, tuple[int, ...]] = {}
    due_soon: list[Message] = []
    overdue: list[Message] = []
    reminded: list[int] = []
    alerted: list[int] = []
    due_title = _("Reply due on %(due)s: %(title)s")
    overdue_title = _("Overdue since %(due)s: %(title)s")
    for pk, title, due_on, congress, unit_id, unit_name in leads.iterator(chunk_size=5000):
        assert due_on is not None  # the filter on due_on excludes NULL
        result.scanned += 1
        if unit_id not in units:
            units[unit_id] = _users_over(unit_id, Role.HANDLING_UNIT)
        url = f"/suggestions/{pk}/"
        if due_on >= today:
            reminded.append(pk)
            due_soon.append(
                Message(
                    user_ids=units[unit_id],
                    url=url,
                    title=due_title % {"due": due_on, "title": title},
                    key=f"suggestion:{pk}:due-soon:{due_on.isoformat()}",
                )
            )
            continue
        if congress not in offices:
            body = registry_selectors.congress_body(congress)
            offices[congress] = _users_over(body.pk, Role.OFFICE) if body else ()
        alerted.append(pk)
        overdue.append(
            Message(
                user_ids=(*units[unit_id], *offices[congress]),
                url=url,
                body=unit_name,
                title=overdue_title % {"due": due_on, "title": title},
                key=f"suggestion:{pk}:overdue:{due_on.isoformat()}",
            )
        )
    with transaction.atomic():
        result.reminded = notify_many(due_soon)
        result.overdue = notify_many(overdue)
        for start in range(0, len(reminded), 5000):
            Suggestion.objects.filter(pk__in=reminded[start : start + 5000]).update(
                reminded_for=F("due_on")
            )
        for start in range(0, len(alerted), 5000):
            Suggestion.objects.filter(pk__in=alerted[start : start + 5000]).update(
                overdue_alerted_for=F("due_on")
            )
    return result


def _users_over(organisation_id: int, role: str) -> tuple[int, ...]:
    from lvzhi.registry.models import Organisation

    unit = Organisation.objects.get(pk=organisation_id)
    return tuple(
        registry_selectors.users_with_role_over(unit, frozenset({role})).values_list(
            "id", flat=True
        )
    )
