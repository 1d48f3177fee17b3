"""`lvzhi rotate_field_key [--batch N] [--check]`: re-encrypt the stored personal numbers with
the current field key (``LVZHI_FIELD_KEY``) while the old ones are still in
``LVZHI_FIELD_OLD_KEYS`` (issue 27.5, ``core.keyrotation``). ``--check`` only reports what still
needs an old key and exits with status 1 while anything does."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core import crypto, keyrotation, rules
from lvzhi.core.demo import RateProgress


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data with the current field key (LVZHI_FIELD_KEY), reading the old "
        "keys of LVZHI_FIELD_OLD_KEYS; --check tells whether the old keys can be retired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=rules.KEY_ROTATION_BATCH)
        parser.add_argument(
            "--check", action="store_true", help="only report; exit 1 while an old key is needed"
        )

    def _report(self, status: keyrotation.Status) -> None:
        for t in status.tables:
            self.stdout.write(
                f"  {t.label:<28} {t.rows:>9,} rows  {t.stale:>9,} under an old key"
                f"  {t.unreadable:>6,} unreadable"
            )
        if status.codes_before_rotation:
            self.stdout.write(
                f"  {status.codes_before_rotation:,} unused one-time codes (activation, reset, "
                "recovery) were issued before the rotation: they stop working once the old key "
                "is removed; issue new ones to their holders or wait until they expire."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        ring = crypto.keyring()
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        if options["check"]:
            status = keyrotation.status()
            self._report(status)
            if status.ready_to_retire:
                self.stdout.write(
                    "Every row is on the current key: LVZHI_FIELD_OLD_KEYS can be removed."
                )
                return
            self.stdout.write("Rows still need an old key: run `lvzhi rotate_field_key` first.")
            raise SystemExit(1)
        if len(ring) < 2:
            self.stdout.write(
                "No old key in LVZHI_FIELD_OLD_KEYS: rows are checked and re-hashed with the "
                "current key only."
            )
        status = keyrotation.rotate(
            batch_size=options["batch"], progress=RateProgress(getattr(self.stdout, "_out", None))
        )
        self._report(status)
        if status.unreadable:
            raise CommandError(
                f"{status.unreadable} rows hold a value no key of the keyring reads: keep the "
                "old keys and find the key they were written with."
            )
        self.stdout.write(
            "Done: every row is on the current key. Remove LVZHI_FIELD_OLD_KEYS and restart."
        )
