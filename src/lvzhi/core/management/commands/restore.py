"""`lvzhi restore FILE`: put a backup back and verify row counts and checksum. Stop the web
and worker processes first: the restore replaces the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by `lvzhi backup` and verify it (stop the platform first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"no such backup file: {archive}")
        try:
            restore(archive, progress=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
