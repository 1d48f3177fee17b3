"""The live counts of the presiding screen, through Channels.

The vote path only *announces* that a poll changed (``announce``, called through
``transaction.on_commit``): a small message to the poll's group, sent without waiting, from one
long-lived event loop per web server process. It reads nothing from the database. The screens'
consumers (``consumers.PollScreenConsumer``) count, and they coalesce: however many votes
arrive, a screen counts at most once at a time and once more after the last announcement, so
1,000 votes cost the vote path no count query and the screen a few dozen, and the final count
still shows within a fraction of a second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

log = logging.getLogger(__name__)

CHANGED = "poll.changed"


def group(poll_pk: int) -> str:
    return f"poll-{poll_pk}"


class _Sender:
    """One event loop in a daemon thread of this process, started on first use (after a
    pre-forking server has forked). The Redis channel layer keeps its connections per loop, so
    every announcement reuses the same connection instead of opening one (which is what
    ``async_to_sync`` from a plain WSGI thread does: a new loop, a new thread, a new
    connection, each time)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            # A forked process (a pre-loading server) inherits the loop but not its thread.
            if self._loop is None or self._loop.is_closed() or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="lvzhi-live", daemon=True).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def submit(self, coroutine: Coroutine[Any, Any, None]) -> None:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop())
        future.add_done_callback(_report)


def _report(future: Any) -> None:
    exc = future.exception()
    if exc is not None:  # the vote is committed; the screen catches up on its next refresh
        log.error("could not announce a change of a poll", exc_info=exc)


_sender = _Sender()


def announce(poll_pk: int) -> None:
    """Tell the poll's screens that it changed. Never raises, never waits for the channel
    layer (an in-memory layer, used by the demo and the tests, lives in the server's own loop
    and is reached through it)."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        message = {"type": CHANGED, "poll": poll_pk}
        if isinstance(layer, InMemoryChannelLayer):
            async_to_sync(layer.group_send)(group(poll_pk), message)
        else:
            _sender.submit(layer.group_send(group(poll_pk), message))
    except Exception:
        log.exception("could not announce a change of poll %s", poll_pk)
