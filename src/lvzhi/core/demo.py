"""Demo-data seeders of the capabilities, run after the registry's seed (``lvzhi seed``).

``core`` knows no domain app: each app registers a seeder in its ``AppConfig.ready()``; the
registry's seed calls them in order with the scale and a seeded random generator.

The ``large`` scale (PostgreSQL only) first seeds ``prefecture`` through the same seeders, then
the registry adds a national-size set of synthetic regions, congresses and deputies, and each
seeder with a ``bulk`` function adds its mass rows (COPY through ``core.db.insert_rows``) for
the ``Volume`` asked — suggestions and citizens' opinions. ``size_factor`` shrinks every volume
alike, so tests run the same code at a tiny size.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

Progress = Callable[[str, int, int], None]

# Synthetic divisions of the large scale carry codes that start with 9: GB/T 2260 gives no
# province a code starting with 9, so they never clash with a real division.
SYNTHETIC_CODE_PREFIX = "9"

# The rows a bulk seeder gathers before it inserts them (``core.db.insert_rows``) and reports
# its progress: the same for every app's ``demo.bulk``.
BULK_CHUNK = 20_000


@dataclass(frozen=True)
class Volume:
    """How many mass rows the large scale adds (1,000,000 deputies and 5,000,000 suggestions
    and citizens' opinions together at ``size_factor`` 1)."""

    deputies: int
    suggestions: int
    opinions: int

    @classmethod
    def large(cls, size_factor: float = 1.0) -> Volume:
        if size_factor <= 0:
            raise ValueError("size_factor must be positive")
        return cls(
            deputies=max(1, round(1_000_000 * size_factor)),
            suggestions=max(1, round(2_500_000 * size_factor)),
            opinions=max(1, round(2_500_000 * size_factor)),
        )


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Callable[[str, random.Random, Progress], None]
    order: int = 100
    bulk: Callable[[Volume, random.Random, Progress], None] | None = None


_seeders: dict[str, Seeder] = {}


def register_seeder(seeder: Seeder) -> None:
    _seeders[seeder.name] = seeder


def run_seeders(scale: str, rng: random.Random, progress: Progress) -> None:
    for seeder in sorted(_seeders.values(), key=lambda s: (s.order, s.name)):
        seeder.run(scale, rng, progress)


def run_bulk_seeders(volume: Volume, rng: random.Random, progress: Progress) -> None:
    for seeder in sorted(_seeders.values(), key=lambda s: (s.order, s.name)):
        if seeder.bulk is not None:
            seeder.bulk(volume, rng, progress)


class RateProgress:
    """A progress line for long bulk loads: rows done of the total, rows per second and the
    time left, rewritten in place on a terminal (one line per stage elsewhere)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self._started: dict[str, float] = {}
        self._finished: set[str] = set()
        self._last_print = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        out = self.stream
        now = time.monotonic()
        if not total:
            out.write(f"  {stage}\n")
            out.flush()
            return
        finished = done >= total
        if finished and stage in self._finished:
            return  # the last chunk already reported the end
        start = self._started.setdefault(stage, now)
        if not finished and now - self._last_print < 0.5:
            return
        self._last_print = now
        out.write("\r" + self.line(stage, done, total, now - start))
        if finished:
            out.write("\n")
            self._started.pop(stage, None)
            self._finished.add(stage)
        out.flush()

    @staticmethod
    def line(stage: str, done: int, total: int, elapsed: float) -> str:
        rate = done / elapsed if elapsed > 0 else 0.0
        if done >= total:
            tail = f"done in {_duration(elapsed)}"
        elif rate > 0:
            tail = f"ETA {_duration((total - done) / rate)}"
        else:
            tail = "ETA --"
        pct = 100 * done / total
        speed = f"{rate:>9,.0f}" if rate >= 10 else f"{rate:>9.1f}"
        return f"  {stage:<28} {done:>10,}/{total:<10,} {pct:5.1f}%  {speed} rows/s  {tail}"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"
