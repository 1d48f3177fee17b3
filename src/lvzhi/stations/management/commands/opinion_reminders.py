"""`lvzhi opinion_reminders`: every citizen's opinion gets an answer (R42); the staff and
deputies of overdue opinions are reminded once a day. Safe to run as often as the scheduler
likes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.stations import services


class Command(BaseCommand):
    help = "Remind station staff and deputies of citizens' opinions past their step's due date."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.overdue_remind()
        self.stdout.write(f"{sent} reminders of overdue citizens' opinions sent.")
