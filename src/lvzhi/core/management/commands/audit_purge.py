"""`lvzhi audit_purge`: delete audit events older than the retention period
(``LVZHI_AUDIT_RETENTION_DAYS``, at least six months). Run it from the scheduler, e.g. weekly."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.errors import DomainError
from lvzhi.core.services import audit_purge


class Command(BaseCommand):
    help = "Delete audit events older than the retention period (at least six months)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: LVZHI_AUDIT_RETENTION_DAYS)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only count")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] or settings.AUDIT_RETENTION_DAYS
        try:
            n = audit_purge(older_than_days=days, dry_run=options["dry_run"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{verb} {n} audit events older than {days} days")
