"""Demo-data seeders of the capabilities, run after the registry's seed (``lvzhi seed``).

``core`` knows no domain app: each app registers a seeder in its ``AppConfig.ready()``; the
registry's seed calls them in order with the scale and a seeded random generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Callable[[str, random.Random, Progress], None]
    order: int = 100


_seeders: dict[str, Seeder] = {}


def register_seeder(seeder: Seeder) -> None:
    _seeders[seeder.name] = seeder


def run_seeders(scale: str, rng: random.Random, progress: Progress) -> None:
    for seeder in sorted(_seeders.values(), key=lambda s: (s.order, s.name)):
        seeder.run(scale, rng, progress)
