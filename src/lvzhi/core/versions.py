"""Version counters that retire cached reads when the data behind them changes (issue 26.3).

A reader that caches something computed from many apps' records (the compliance table) keys it
with ``current(name)``. Apps say which writes change it: ``watch(name, prefixes)`` names the
beginnings of event kinds (``core.events.record``) and audit actions (``core.audit.record``)
that bump the counter. Both logs are appended to by every service that changes state, so a
cache keyed this way never outlives a change made through the services.

The bump happens at once and again after the commit: at once, so the request that wrote (and
a test inside one transaction) reads fresh; after the commit, so a reader that computed from
the data before the commit and stored its result under the new version during the transaction
is retired too. A counter that the cache lost (eviction, a restart of Redis) starts again from
a random value, so results stored under an older value are never read as current.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_PREFIX = "lvzhi:version:"
_TIMEOUT = None  # counters do not expire
_watched: dict[str, tuple[str, ...]] = {}


def watch(name: str, prefixes: Iterable[str]) -> None:
    """Bump ``name`` whenever an event kind or audit action starting with one of
    ``prefixes`` is recorded. Apps call this in ``AppConfig.ready``."""
    _watched[name] = tuple(sorted(set(_watched.get(name, ())) | set(prefixes)))


def current(name: str) -> int:
    key = _PREFIX + name
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.randbelow(2**40), timeout=_TIMEOUT)
        value = cache.get(key)
    return int(value or 0)


def bump(name: str) -> None:
    key = _PREFIX + name
    try:
        cache.incr(key)
    except ValueError:  # not there: start from a random value
        cache.add(key, secrets.randbelow(2**40), timeout=_TIMEOUT)


def touched(code: str) -> None:
    """``code`` (an event kind or an audit action) was recorded: bump what watches it."""
    for name, prefixes in _watched.items():
        if code.startswith(prefixes):
            bump(name)
            transaction.on_commit(lambda name=name: bump(name))  # type: ignore[misc]
