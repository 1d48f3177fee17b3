"""`lvzhi suggestion_reminders`: R14 reminders and overdue alerts; safe to run as often as
the scheduler likes (daily is usual)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.suggestions import reminders


class Command(BaseCommand):
    help = "Remind handling units of due replies and alert on overdue suggestions (R14)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        r = reminders.run()
        self.stdout.write(
            f"{r.scanned} suggestions due soon or overdue; {r.reminded} reminders and "
            f"{r.overdue} overdue alerts sent ({time.monotonic() - started:.2f} s)."
        )
