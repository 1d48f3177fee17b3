"""Print (or write into docs/architecture.md) the state diagram of every process, generated
from the workflows the apps declare (lvzhi.core.workflow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lvzhi.core.workflow import diagrams, replace_diagrams

DOC = Path(__file__).resolve().parents[5] / "docs" / "architecture.md"


class Command(BaseCommand):
    help = "Mermaid state diagrams of every workflow; --write updates docs/architecture.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="update docs/architecture.md")

    def handle(self, *args: Any, **options: Any) -> None:
        section = diagrams()
        if not options["write"]:
            self.stdout.write(section)
            return
        DOC.write_text(replace_diagrams(DOC.read_text(encoding="utf-8"), section), "utf-8")
        self.stdout.write(f"{DOC} updated")
