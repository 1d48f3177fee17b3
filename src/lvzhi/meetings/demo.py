"""Demo data (placeholder during development)."""

from typing import Any


def seed(scale: str, rng: Any, progress: Any) -> None:
    return None
