"""The one clock of the platform.

Code asks ``clock.now()`` and ``clock.today()`` instead of ``timezone.now()`` so a test can move
time (``clock.frozen(...)``) and check deadlines without sleeping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current aware datetime (UTC-based, shown in Asia/Shanghai)."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    """Today's date in the platform's time zone (Asia/Shanghai)."""
    return timezone.localdate(now())


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Freeze the clock at ``at`` (aware) for the duration of the block."""
    global _frozen
    if timezone.is_naive(at):
        raise ValueError("frozen() needs an aware datetime")
    previous, _frozen = _frozen, at
    try:
        yield
    finally:
        _frozen = previous


def advance(delta: dt.timedelta) -> None:
    """Move a frozen clock forward (only inside ``frozen``)."""
    global _frozen
    if _frozen is None:
        raise RuntimeError("advance() only works inside clock.frozen()")
    _frozen = _frozen + delta
