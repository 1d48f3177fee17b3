"""R14 (Art 24) and issue 9 item 5: two runs of the periodic reminder job at the same time
send every reminder once, through the inbox and the outbound channels alike (PostgreSQL, real
concurrent connections)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections

from lvzhi.core.models import Delivery, DeliveryStatus, Notification, User
from lvzhi.suggestions import reminders

from ..suggestions.helpers import assigned

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL locks"),
]
RUNS = 2


def test_r14_two_concurrent_reminder_runs_send_each_reminder_once_by_every_channel(
    seeded_transactional: None, settings: Any
) -> None:
    settings.NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    s = assigned(on=dt.date(2026, 3, 10))  # reply due 2026-06-10 (R14: three months)
    key = f"suggestion:{s.pk}:due-soon:2026-06-10"
    User.objects.filter(is_active=True).update(email="someone@example.org")
    barrier = threading.Barrier(RUNS)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(reminders.run(today=dt.date(2026, 5, 30)).reminded)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    notified = Notification.objects.filter(key=key)
    assert notified.count() >= 1
    assert sorted(results)[0] == 0  # the second run found everything sent
    deliveries = Delivery.objects.filter(notification__key=key)
    assert deliveries.count() == notified.count()
    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(deliveries.values_list("attempts", flat=True)) == {1}
    reminder_mails = [m for m in mail.outbox if "2026-06-10" in m.subject]
    assert len(reminder_mails) == notified.count()
    # A third run later sends nothing again.
    assert reminders.run(today=dt.date(2026, 5, 31)).reminded == 0
    assert len([m for m in mail.outbox if "2026-06-10" in m.subject]) == notified.count()
