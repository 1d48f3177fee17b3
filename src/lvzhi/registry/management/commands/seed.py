"""`lvzhi seed --scale small|prefecture|large`: fill an empty database with demo data.

``large`` (PostgreSQL only) adds 1,000,000 deputies and 5,000,000 suggestions and citizens'
opinions to the prefecture, written with COPY; run it niced on a shared machine:
``nice -n 10 lvzhi seed --scale large``. The hidden ``--size-factor`` shrinks the large
volumes alike (tests use a tiny factor).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lvzhi.core.demo import RateProgress
from lvzhi.registry.demo.seed import DEMO_PASSWORD, LARGE_NEEDS_POSTGRES, SCALES, seed
from lvzhi.registry.models import Congress


class Command(BaseCommand):
    help = "Fill an empty database with synthetic demo data for the prefecture."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, default="prefecture")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--size-factor", type=float, default=1.0, help=argparse.SUPPRESS)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale == "large" and connection.vendor != "postgresql":
            raise CommandError(LARGE_NEEDS_POSTGRES)
        if options["size_factor"] <= 0:
            raise CommandError("--size-factor must be positive.")
        if Congress.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds data; keeping it.")
                return
            raise CommandError("The database already holds data; seeding needs an empty one.")
        started = time.monotonic()
        self.stdout.write(f"Seeding the '{scale}' data set …")
        summary = seed(
            scale,
            seed_value=options["seed"],
            size_factor=options["size_factor"],
            progress=RateProgress() if scale == "large" else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {summary['deputies']} deputies, "
                f"{summary['memberships']} seats, {summary['organisations']} organisations."
            )
        )
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for p in summary["personas"]:
            self.stdout.write(f"  {p['username']:<12} {p['role']} — {p['scope']}")
