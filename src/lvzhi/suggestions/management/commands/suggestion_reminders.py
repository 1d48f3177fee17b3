"""`lvzhi suggestion_reminders`: R14 reminders and overdue alerts; safe to run as often as
the scheduler likes (hourly in the day, deploy/systemd: a run sends at most
``rules.REMINDER_BATCH`` items, earliest due first)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.suggestions import reminders, rules


class Command(BaseCommand):
    help = "Remind handling units of due replies and alert on overdue suggestions (R14)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        r = reminders.run()
        self.stdout.write(
            f"{r.scanned} suggestions due soon or overdue; {r.reminded} reminders and "
            f"{r.overdue} overdue alerts sent ({time.monotonic() - started:.2f} s)."
        )
        if r.more:
            self.stdout.write(
                f"More are due than one run sends ({rules.REMINDER_BATCH:,}, earliest due "
                "first): the next run goes on with the rest."
            )
