"""`lvzhi prebuild [--list NAME ...] [--language CODE ...]`: make the public lists' workbooks of
the current data ahead of time (``core.publicfiles``), with a progress bar — after an
installation or an upgrade, so that no visitor waits for the first one.

    lvzhi prebuild
    lvzhi prebuild --list public-deputies --language ug
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core import publicfiles
from lvzhi.core.demo import RateProgress


class Command(BaseCommand):
    help = "Make the public lists' workbooks of the current data, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="append", default=[], dest="lists", help="a list")
        parser.add_argument("--language", action="append", default=[], dest="langs")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [n for n in options["lists"] if n not in publicfiles.LISTS]
        if unknown:
            raise CommandError(
                f"No such list: {', '.join(unknown)} ({', '.join(publicfiles.LISTS)})."
            )
        strange = [c for c in options["langs"] if c not in publicfiles.languages()]
        if strange:
            raise CommandError(f"No such language: {', '.join(strange)}.")
        bar = RateProgress(cast(TextIO, self.stdout._out))
        made = publicfiles.prebuild(
            options["lists"] or None,
            options["langs"] or None,
            lambda done, total: bar("public workbooks", done, total),
        )
        for name in made:
            self.stdout.write(name)
        self.stdout.write(f"{len(made)} made; the others were current.")
