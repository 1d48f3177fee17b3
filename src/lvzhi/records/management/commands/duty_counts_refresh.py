"""`lvzhi duty_counts_refresh`: bring the evaluation's stored counts up to now (R48, issue
26.3) — recount the deputies whose records changed since (``records_dirtydeputy``, drained)
and those with a duty that came due — also for the congresses nobody reads; safe to run as
often as the scheduler likes (every 15 minutes; two runs at once wait on the same lock)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.records import stored


class Command(BaseCommand):
    help = "Recount the stored duty counts of the deputies whose records changed (R48)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if not stored.enabled():
            self.stdout.write("Nothing stored on this database (PostgreSQL only).")
            return
        n = stored.refresh()
        self.stdout.write(f"{n} seats recounted ({time.monotonic() - started:.2f} s).")
