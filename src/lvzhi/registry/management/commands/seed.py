"""`lvzhi seed --scale small|prefecture`: fill an empty database with demo data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.registry.demo.seed import DEMO_PASSWORD, seed
from lvzhi.registry.models import Congress


class Command(BaseCommand):
    help = "Fill an empty database with synthetic demo data for the prefecture."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "prefecture"], default="prefecture")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Congress.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds data; keeping it.")
                return
            raise CommandError("The database already holds data; seeding needs an empty one.")
        started = time.monotonic()
        self.stdout.write(f"Seeding the '{options['scale']}' data set …")
        summary = seed(options["scale"], seed_value=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {summary['deputies']} deputies, "
                f"{summary['memberships']} seats, {summary['organisations']} organisations."
            )
        )
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for p in summary["personas"]:
            self.stdout.write(f"  {p['username']:<12} {p['role']} — {p['scope']}")
