"""`lvzhi export KIND --user NAME --out FILE [--param key=value ...]`: any background file
(``core.filejobs``: the deputy list, a report, a document's PDF) made on the command line with
a progress bar, for the account ``--user`` whose permissions are checked as on the page.

    lvzhi export registry.directory --user office --param fmt=xlsx --param level=prefecture \\
        --out 代表名册.xlsx
    lvzhi export --list

The file is written in the account's preferred language (as its notifications are), or in
``--language`` (zh-hans, ug, kk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core import filejobs
from lvzhi.core.demo import RateProgress
from lvzhi.core.errors import DomainError
from lvzhi.core.models import User


class Command(BaseCommand):
    help = "Make a background file (export, report, PDF) here, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="the kind of file (see --list)")
        parser.add_argument("--list", action="store_true", help="list the kinds of file")
        parser.add_argument("--user", help="the account the file is made for")
        parser.add_argument("--out", type=Path, help="where to write the file")
        parser.add_argument(
            "--language", default="", help="the file's language (default: the account's)"
        )
        parser.add_argument(
            "--param", action="append", default=[], help="key=value (repeatable): filters, ids"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"] or not options["kind"]:
            for key, kind in sorted(filejobs.KINDS.items()):
                self.stdout.write(f"{key}\t{kind.title}")
            return
        if not options["user"] or not options["out"]:
            raise CommandError("Give --user NAME and --out FILE.")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account named {options['user']!r}.")
        language = options["language"]
        if language and language not in dict(settings.LANGUAGES):
            raise CommandError(
                f"--language {language!r}: one of {', '.join(dict(settings.LANGUAGES))}."
            )
        params: dict[str, str] = {}
        for item in options["param"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--param {item!r}: write key=value.")
            params[key] = value
        # The wrapped stream itself: the bar rewrites its line with \r, no newline added.
        bar = RateProgress(cast(TextIO, self.stdout._out))
        try:
            made = filejobs.make_now(
                actor=actor,
                kind=options["kind"],
                params=params,
                progress=lambda done, total: bar(options["kind"], done, total),
                language=language,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        out: Path = options["out"]
        out.write_bytes(made.data)
        out.chmod(0o600)
        self.stdout.write(f"{out} ({len(made.data):,} bytes, {made.filename})")
