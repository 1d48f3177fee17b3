"""The live counts of the presiding screen: announcements of a changed poll, and listening.

The vote path only *announces* that a poll changed (``announce``, called after the commit): it
reads nothing from the database and runs no thread of its own (issue 26.1: a sender thread in
every web process, with its own event loop, took the interpreter's lock from the requests it
served). With Redis, an announcement is one ``PUBLISH`` from the request's own thread, over
the cache's connection pool, to the poll's Redis channel (``channel``); without Redis (the demo
and the SQLite tests), a message to the poll's group of the in-memory channel layer.

Announcements are thinned per process: a poll is announced at once, then not again until
``WINDOW`` has passed since the last announcement this process made of it — a crowd of votes
costs Redis and the screens a few messages a second instead of one per vote. What a thinned
announcement would have said, the screen learns anyway: on each announcement it counts at once
and once more ``WINDOW`` later (``consumers.PollScreenConsumer``), and every vote a process left
unannounced was committed before that second count started (it came less than ``WINDOW`` after
the announcement the screen received). So the final count shows within a fraction of a second
(R56: within one), and 1,000 votes cost the vote path no count query.

A Redis that is away costs a vote nothing but a refused connection now and then (the cache's
breaker, ``core.cache.publish``); the screen catches up on its periodic refresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from lvzhi.core import cache as core_cache

log = logging.getLogger(__name__)

CHANGED = "poll.changed"
# R56 (live counts within a second): seconds after one announcement of a poll during which the
# same process announces it no more; the screen counts again this long after an announcement.
WINDOW = 0.1


def group(poll_pk: int) -> str:
    """The poll's group in the in-memory channel layer (no Redis)."""
    return f"poll-{poll_pk}"


def channel(poll_pk: int) -> str:
    """The poll's Redis channel. Redis' channels are shared by all its databases: the name
    carries the database number, so two platforms on one Redis do not hear each other."""
    return f"lvzhi:{_redis_db()}:poll-{poll_pk}"


def _redis_db() -> str:
    return urlsplit(core_cache.redis_url()).path.strip("/") or "0"


class Thinning:
    """Which announcements to make: a key at once, then not again within ``window`` seconds.
    Threads of one process share it; two of them racing may both announce, never neither."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()

    def due(self, key: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, -self.window) < self.window:
                return False
            self._last[key] = now
            return True

    def forget(self) -> None:
        with self._lock:
            self._last.clear()


_thinning = Thinning()


def announce(poll_pk: int) -> None:
    """Tell the poll's screens that it changed. Never raises, never waits for more than one
    Redis round trip, starts no thread."""
    try:
        if not _thinning.due(poll_pk):
            return
        if core_cache.redis_url():
            core_cache.publish(channel(poll_pk), b"1")
            return
        layer = get_channel_layer()
        if layer is not None:  # the in-memory layer lives in the server's own loop
            async_to_sync(layer.group_send)(group(poll_pk), {"type": CHANGED, "poll": poll_pk})
    except Exception:
        log.exception("could not announce a change of poll %s", poll_pk)


async def _redis_subscription(poll_pk: int) -> AsyncIterator[None]:
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(core_cache.redis_url(), socket_connect_timeout=0.5)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(channel(poll_pk))
    except BaseException:
        await _close(pubsub, client)
        raise

    async def announcements() -> AsyncIterator[None]:
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    yield None
        finally:
            await _close(pubsub, client)

    return announcements()


async def _close(*connections: Any) -> None:
    for connection in connections:
        with contextlib.suppress(Exception):
            await connection.aclose()


async def _layer_subscription(poll_pk: int) -> AsyncIterator[None]:
    layer = get_channel_layer()
    name = await layer.new_channel()
    await layer.group_add(group(poll_pk), name)

    async def announcements() -> AsyncIterator[None]:
        try:
            while True:
                message = await layer.receive(name)
                if message.get("type") == CHANGED:
                    yield None
        finally:
            with contextlib.suppress(Exception):
                await layer.group_discard(group(poll_pk), name)

    return announcements()


async def listen(poll_pk: int, changed: Callable[[], None]) -> asyncio.Task[None] | None:
    """Subscribe to the poll's announcements, then call ``changed()`` on each, from a task of
    the running loop (cancel it to stop listening). Announcements made after this returns are
    heard. None when Redis cannot be reached (logged): the screen's periodic refresh still
    brings it the counts."""
    subscribe = _redis_subscription if core_cache.redis_url() else _layer_subscription
    try:
        announcements = await subscribe(poll_pk)
    except Exception:
        log.exception("the screen of poll %s cannot listen for announcements", poll_pk)
        return None

    async def run() -> None:
        try:
            async for _ in announcements:
                changed()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the screen of poll %s stopped listening for announcements", poll_pk)

    return asyncio.ensure_future(run())
