"""R14 reminders and overdue alerts, run by a scheduler (``lvzhi suggestion_reminders``).

Idempotent: each message carries a key made of the suggestion, the kind and the due date, so
running the job twice sends nothing twice (and ``ReminderSent`` records the due date each item
was reminded for, so the second run does not even read it again); after an approved extension
the reminders follow the new due date (a new key). A run takes at most ``rules.REMINDER_BATCH``
items, earliest due first, and says when more are left for the next run (issue 26.3). The
messages go to the inbox and, through ``notify_many``, to each account's outbound channels
(email, SMS, webhook) in background tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.db import insert_rows, job_lock
from lvzhi.core.notifications import Message, notify_many
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from . import rules
from .models import Assignment, ReminderKind, ReminderSent, Status, Suggestion, UnitRole


@dataclass
class ReminderResult:
    scanned: int = 0
    reminded: int = 0
    overdue: int = 0
    more: bool = False  # the batch was full: the next run goes on with the rest


def run(today: dt.date | None = None, *, batch: int | None = None) -> ReminderResult:
    """One run at a time (``job_lock``): two runs started together send everything once."""
    with job_lock("suggestion-reminders"):
        return _run(today, batch or rules.REMINDER_BATCH)


def _run(today: dt.date | None, batch: int) -> ReminderResult:
    today = today or clock.today()
    days = int(getattr(settings, "SUGGESTION_REMINDER_DAYS", rules.REMINDER_DAYS_BEFORE))

    # Only items not reminded (or alerted) for their current due date: a second run reads
    # nothing, and an approved extension moves the due date, so its reminders come again.
    def not_sent(kind: str) -> Any:
        return ~Exists(
            ReminderSent.objects.filter(
                suggestion_id=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")
            )
        )

    # First which items, earliest due first, from the index of the assigned items alone
    # (``suggestion_assigned_due``) and the narrow ReminderSent: the wide suggestion rows are
    # read for this run's batch only, and a run that finds nothing reads none (issue 26.3).
    due_soon_q = Q(due_on__gte=today) & Q(not_sent(ReminderKind.DUE_SOON))
    overdue_q = Q(due_on__lt=today) & Q(not_sent(ReminderKind.OVERDUE))
    has_lead = Exists(Assignment.objects.filter(suggestion_id=OuterRef("pk"), role=UnitRole.LEAD))
    pending = (
        Suggestion.objects.filter(
            due_soon_q | overdue_q,
            has_lead,
            status=Status.ASSIGNED,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(pending[: batch + 1])
    result = ReminderResult(more=len(ids) > batch)
    # Then the batch's items with their lead unit.
    leads = (
        Assignment.objects.filter(suggestion_id__in=ids[:batch], role=UnitRole.LEAD)
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
    due = list(leads)
    result.scanned = len(due)
    # The accounts to tell, for every unit and congress at once (a fixed number of queries):
    # after a bulk load the first run has items of thousands of units and congresses.
    units = registry_selectors.users_with_role_over_many(
        {d[4] for d in due}, frozenset({Role.HANDLING_UNIT})
    )
    bodies = registry_selectors.congress_bodies({d[3] for d in due if d[2] and d[2] < today})
    body_users = registry_selectors.users_with_role_over_many(
        set(bodies.values()), frozenset({Role.OFFICE})
    )
    offices = {c: body_users.get(b, ()) for c, b in bodies.items()}
    due_soon: list[Message] = []
    overdue: list[Message] = []
    sent: list[tuple[int, str, dt.date]] = []
    newly_overdue: dict[int, list[int]] = {}
    # The two reminders (R14): where the message goes, the kind recorded, the title and the
    # key's tag; an overdue one names the unit.
    reminders = {
        False: (due_soon, ReminderKind.DUE_SOON, _("Reply due on %(due)s: %(title)s"), "due-soon"),
        True: (overdue, ReminderKind.OVERDUE, _("Overdue since %(due)s: %(title)s"), "overdue"),
    }
    for pk, title, due_on, congress, unit_id, unit_name in due:
        assert due_on is not None  # the filter on due_on excludes NULL
        late = due_on < today
        messages, kind, heading, tag = reminders[late]
        if late:
            newly_overdue.setdefault(congress, []).append(pk)
        sent.append((pk, kind, due_on))
        users = units.get(unit_id, ())
        if users:
            messages.append(
                Message(
                    user_ids=users,
                    url=f"/suggestions/{pk}/",
                    body=unit_name if late else "",
                    title=heading % {"due": due_on, "title": title},
                    key=f"suggestion:{pk}:{tag}:{due_on.isoformat()}",
                )
            )
    # The office hears once per run and congress, with the count and a link to the overdue
    # list, rather than once per item: twenty thousand alerts in one morning help nobody.
    digest_title = _("%(n)d suggestions became overdue; the lead units were alerted.")
    for congress, pks in newly_overdue.items():
        if offices.get(congress):
            overdue.append(
                Message(
                    user_ids=offices[congress],
                    url="/suggestions/queue/?status=assigned&overdue=on",
                    title=digest_title % {"n": len(pks)},
                    key=f"suggestion-overdue-digest:{congress}:{today.isoformat()}:"
                    f"{min(pks)}-{max(pks)}-{len(pks)}",
                )
            )
    with transaction.atomic():
        result.reminded = notify_many(due_soon)
        result.overdue = notify_many(overdue)
        insert_rows(ReminderSent, ("suggestion", "kind", "due_on"), sent)
    return result
