"""The live counts of the presiding screen, through Channels.

The vote path only *announces* that a poll changed (``announce``, called after the commit): a
small message to the poll's group, sent without waiting, from one long-lived event loop per
web server process. It reads nothing from the database. Announcements are coalesced per
process (issue 26.1): a poll is announced at once, then at most once per ``WINDOW``, and once
more at the end of a window in which it changed again — a crowd of votes costs the channel
layer and the screens a few messages a second instead of one per vote, and the last vote is
always announced, at most ``WINDOW`` after its commit. The screens' consumers
(``consumers.PollScreenConsumer``) count, and they coalesce too: a screen counts at most once
at a time and once more after the last announcement, so 1,000 votes cost the vote path no
count query and the screen a few dozen, and the final count still shows within a fraction of
a second (R56: within one).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

log = logging.getLogger(__name__)

CHANGED = "poll.changed"
# R56 (live counts within a second): seconds between two announcements of one poll by one
# process; a change within the window is announced at its end.
WINDOW = 0.1

Send = Callable[[], Coroutine[Any, Any, None]]


def group(poll_pk: int) -> str:
    return f"poll-{poll_pk}"


class _Sender:
    """One event loop in a daemon thread of this process, started on first use (after a
    pre-forking server has forked). The Redis channel layer keeps its connections per loop, so
    every announcement reuses the same connection instead of opening one (which is what
    ``async_to_sync`` from a plain WSGI thread does: a new loop, a new thread, a new
    connection, each time)."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0
        self._lock = threading.Lock()
        # The polls inside a window, each with the send owed at the window's end (or None).
        self._windows: dict[int, Send | None] = {}

    def _loop_locked(self) -> asyncio.AbstractEventLoop:
        # A forked process (a pre-loading server) inherits the loop but not its thread.
        if self._loop is None or self._loop.is_closed() or self._pid != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="lvzhi-live", daemon=True).start()
            self._loop, self._pid = loop, os.getpid()
            self._windows.clear()  # the windows of the parent's thread, which is not here
        return self._loop

    def coalesce(self, key: int, send: Send) -> None:
        """``send()`` now, unless ``key`` was sent less than ``window`` ago: then once at the
        end of that window, however many calls came in meanwhile. The caller never waits; a
        call inside a window only marks it (no wake-up of the sender's thread)."""
        with self._lock:
            loop = self._loop_locked()
            if key in self._windows:
                self._windows[key] = send
                return
            self._windows[key] = None
        loop.call_soon_threadsafe(self._send, loop, key, send)

    def pending(self) -> bool:
        """Whether a window is open (tests)."""
        with self._lock:
            return bool(self._windows)

    def _send(self, loop: asyncio.AbstractEventLoop, key: int, send: Send) -> None:
        """In the sender's thread: send, and close the window ``window`` seconds later."""
        asyncio.ensure_future(send(), loop=loop).add_done_callback(_report)
        loop.call_later(self.window, self._close, loop, key)

    def _close(self, loop: asyncio.AbstractEventLoop, key: int) -> None:
        with self._lock:
            owed = self._windows.pop(key, None)
            if owed is not None:
                self._windows[key] = None  # the owed send opens the next window
        if owed is not None:
            self._send(loop, key, owed)


def _report(future: Any) -> None:
    exc = future.exception()
    if exc is not None:  # the vote is committed; the screen catches up on its next refresh
        log.error("could not announce a change of a poll", exc_info=exc)


_sender = _Sender()


def announce(poll_pk: int) -> None:
    """Tell the poll's screens that it changed. Never raises, never waits for the channel
    layer (an in-memory layer, used by the demo and the tests, lives in the server's own loop
    and is reached through it, at once)."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        message = {"type": CHANGED, "poll": poll_pk}
        if isinstance(layer, InMemoryChannelLayer):
            async_to_sync(layer.group_send)(group(poll_pk), message)
        else:
            _sender.coalesce(poll_pk, lambda: layer.group_send(group(poll_pk), message))
    except Exception:
        log.exception("could not announce a change of poll %s", poll_pk)
