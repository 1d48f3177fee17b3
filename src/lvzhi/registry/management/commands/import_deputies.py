"""`lvzhi import_deputies FILE --term ID --user NAME [--valid-rows]` with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.console import progress_bar
from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.registry import imports
from lvzhi.registry.models import ImportMode, Term


class Command(BaseCommand):
    help = "Import deputies from the xlsx template into a congress term."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--term", type=int, required=True, help="id of the congress term")
        parser.add_argument("--user", required=True, help="account the import is made for")
        parser.add_argument(
            "--valid-rows", action="store_true", help="import the valid rows and list the bad ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            term = Term.objects.select_related("congress").get(pk=options["term"])
            user = User.objects.get(username=options["user"])
        except (Term.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        mode = ImportMode.VALID_ROWS if options["valid_rows"] else ImportMode.ALL_OR_NOTHING
        with path.open("rb") as fh:
            try:
                result = imports.run(
                    actor=user,
                    term=term,
                    fh=fh,
                    size=path.stat().st_size,
                    mode=mode,
                    progress=progress_bar,
                )
            except DomainError as exc:
                raise CommandError(exc.message) from None
        for e in result.errors[:200]:
            self.stdout.write(f"  第{e.row}行 {e.column} {e.header}：{e.message}")
        if result.written:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.created} created, {result.updated} updated, "
                    f"{result.skipped} rows skipped."
                )
            )
        else:
            raise CommandError(f"{len(result.errors)} problems; nothing was written.")
