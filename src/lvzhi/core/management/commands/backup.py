"""`lvzhi backup [--dir DIR]`: the database and the uploads in one .tar with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from lvzhi.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the uploads into one .tar file (with a verification manifest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(Path(settings.VAR_DIR) / "backups"))

    def handle(self, *args: Any, **options: Any) -> None:
        backup(Path(options["dir"]), progress=self.stdout.write)
