"""`lvzhi ruleindex [--check]`: rewrite (or check) the rule index of docs/architecture.md,
generated from the rule ids (R01…R56) the code and the tests cite (`lvzhi.core.ruleindex`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core import ruleindex


class Command(BaseCommand):
    help = "Rewrite the rule index of docs/architecture.md from the code's rule-id citations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail when out of date")
        parser.add_argument("--root", type=Path, default=None, help="the repository checkout")

    def handle(self, *args: Any, **options: Any) -> None:
        root = options["root"]
        if options["check"]:
            if not ruleindex.is_current(root):
                raise CommandError(
                    "the rule index of docs/architecture.md is out of date: run lvzhi ruleindex"
                )
            self.stdout.write("rule index current")
            return
        changed = ruleindex.write(root)
        self.stdout.write("rule index rewritten" if changed else "rule index already current")
