"""The cache when Redis is away (issue 18, item 4): Redis is a cache, so its absence must not
answer 500.

:class:`ResilientRedisCache` is Django's Redis cache with a fallback: when Redis does not answer
(refused, reset, timed out), the operation goes to the ``fallback`` cache, a database table
(``DatabaseCache``, created by migration core 0012). So what the cache carries keeps working,
more slowly: the one-time submission keys (nothing is submitted twice), the rate limits (the
throttles fall back to the database), the page cache and the look-ups. After a failure Redis is
not asked again for :data:`RETRY_SECONDS`, so a dead Redis costs one refused connection per
process and interval, not one per call. Short socket timeouts (settings) bound a Redis that
hangs instead of refusing.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

FALLBACK_ALIAS = "fallback"
RETRY_SECONDS = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.url: str = self._servers[0]  # type: ignore[attr-defined]  # the first: writes

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        now = time.monotonic()
        if now >= ResilientRedisCache._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except _redis_errors() as exc:
                if ResilientRedisCache._down_until <= now:
                    log.warning("Redis unavailable (%s); the database cache stands in", exc)
                ResilientRedisCache._down_until = now + RETRY_SECONDS
        return getattr(caches[FALLBACK_ALIAS], name)(*args, **kwargs)


def _fallible(name: str) -> Any:
    """The cache operation ``name``, asked of Redis while it answers, else of the fallback."""

    def operation(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    operation.__name__ = operation.__qualname__ = name
    return operation


# Every operation Django's cache offers and the platform uses.
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)
for _name in OPERATIONS:
    setattr(ResilientRedisCache, _name, _fallible(_name))


def redis_url() -> str:
    """The Redis the default cache talks to, or "" when the cache is not Redis."""
    backend = caches["default"]
    return backend.url if isinstance(backend, ResilientRedisCache) else ""


def publish(channel: str, message: bytes) -> bool:
    """Redis ``PUBLISH`` over the default cache's connections (the live screens, issue 26.1),
    from the caller's thread; False, never an error, when the cache is not Redis or Redis is
    away — then, like the cache, it is not asked again for :data:`RETRY_SECONDS`."""
    backend = caches["default"]
    now = time.monotonic()
    if not isinstance(backend, ResilientRedisCache) or now < ResilientRedisCache._down_until:
        return False
    try:
        backend._cache.get_client(write=True).publish(channel, message)
    except _redis_errors() as exc:
        log.warning("Redis unavailable (%s); the live screens refresh on their own", exc)
        ResilientRedisCache._down_until = now + RETRY_SECONDS
        return False
    return True


def throttle(key: str, limit: int, window: int) -> bool:
    """Count one hit on ``key``; True while it stays within ``limit`` hits per ``window``
    seconds (the public forms' and look-ups' bound per client address)."""
    from django.core.cache import cache

    cache.add(key, 0, timeout=window)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        hits = 1
    return bool(hits <= limit)
