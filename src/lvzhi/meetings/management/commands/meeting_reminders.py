"""`lvzhi meeting_reminders`: R02/R31 notice deadlines for the staff and opening reminders for
the participants; safe to run as often as the scheduler likes (daily is usual)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.meetings import reminders


class Command(BaseCommand):
    help = "Remind the staff of notices due (R02, R31) and the participants of meetings opening."

    def handle(self, *args: Any, **options: Any) -> None:
        r = reminders.run()
        self.stdout.write(
            f"{r.scanned} meetings opening soon; {r.notice_due} notice reminders and "
            f"{r.opening} opening reminders sent."
        )
