"""`lvzhi webhooks_send`: turn new events of the log into webhook deliveries and send those
whose time has come (first attempts and retries after their backoff). Run it every minute from
the scheduler (deploy/systemd/lvzhi-job-webhooks_send.timer); a delivery is claimed by one
sender only, so overlapping runs send nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.api import webhooks


class Command(BaseCommand):
    help = "Dispatch new platform events to webhook subscriptions and send due deliveries."

    def handle(self, *args: Any, **options: Any) -> None:
        written, sent = webhooks.run()
        self.stdout.write(f"{written} deliveries written, {sent} sent.")
