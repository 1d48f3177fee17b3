"""`lvzhi notifications_send`: send the outbound deliveries whose time has come — retries
after their backoff and rows a stopped worker left behind. Run it every minute from the
scheduler; a row is sent by one sender only, so overlapping runs send nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lvzhi.core import outbound


class Command(BaseCommand):
    help = "Send the pending notification deliveries (email, SMS, webhook) that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = outbound.send_due(limit=options["limit"])
        self.stdout.write(f"{sent} deliveries sent.")
