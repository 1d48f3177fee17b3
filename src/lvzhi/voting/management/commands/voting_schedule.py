"""`lvzhi voting_schedule`: open and close polls at their scheduled times (run every minute
from cron or a systemd timer; running it twice changes nothing more)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.voting.services import polls_run_schedule


class Command(BaseCommand):
    help = "Open and close the polls whose scheduled time has come."

    def handle(self, *args: Any, **options: Any) -> None:
        done = polls_run_schedule()
        self.stdout.write(
            f"opened {len(done['opened'])}, closed {len(done['closed'])}, "
            f"waiting for a quorum {len(done['no_quorum'])}"
        )
