"""`lvzhi seed --scale small|prefecture|large`: fill an empty database with demo data.

``large`` (PostgreSQL only; on a database that already holds the prefecture data set it adds
only the mass rows) adds 1,000,000 deputies and 5,000,000 suggestions and citizens'
opinions to the prefecture, written with COPY; run it niced on a shared machine:
``nice -n 10 lvzhi seed --scale large``. The hidden ``--size-factor`` shrinks the large
volumes alike (tests use a tiny factor).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from lvzhi.core.db import settle_bulk_load
from lvzhi.core.demo import RateProgress, Volume
from lvzhi.registry.demo.large import synthetic_divisions
from lvzhi.registry.demo.seed import (
    DEMO_PASSWORD,
    LARGE_NEEDS_POSTGRES,
    SCALES,
    seed,
    seed_large_mass,
)
from lvzhi.registry.models import Congress, Deputy


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
        if not settings.DEMO_MODE:
            # Issue 18: demo accounts with a published password never reach production.
            raise CommandError(
                "Refusing to seed: this is a production database. The demo data (accounts with "
                "the published demo password) is only for LVZHI_ENV=demo or LVZHI_ENV=test."
            )
        scale = options["scale"]
        if scale == "large" and connection.vendor != "postgresql":
            raise CommandError(LARGE_NEEDS_POSTGRES)
        if options["size_factor"] <= 0:
            raise CommandError("--size-factor must be positive.")
        if Congress.objects.exists() and scale == "large" and not options["if_empty"]:
            self._extend(options)
            return
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
        self._accounts(summary)

    def _extend(self, options: dict[str, Any]) -> None:
        """``--scale large`` on a database that holds the prefecture data set: add only the mass
        rows (one prefecture seed can serve both a prefecture and a large database)."""
        if synthetic_divisions().exists():
            raise CommandError("The database already holds the large data set.")
        if Deputy.objects.count() < 5000:
            raise CommandError(
                "The database holds data, but not the prefecture data set; the large scale "
                "extends an empty database or a prefecture one."
            )
        started = time.monotonic()
        self.stdout.write("Adding the large data set to the prefecture one …")
        with transaction.atomic():
            seed_large_mass(Volume.large(options["size_factor"]), options["seed"], RateProgress())
        self.stdout.write(
            "Vacuum and statistics (the first requests then read as fast as later ones) …"
        )
        settle_bulk_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {Deputy.objects.count()} deputies."
            )
        )

    def _accounts(self, summary: dict[str, Any]) -> None:
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for p in summary["personas"]:
            self.stdout.write(f"  {p['username']:<12} {p['role']} — {p['scope']}")
