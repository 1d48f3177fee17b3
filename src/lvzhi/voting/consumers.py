"""The presiding screen's WebSocket: listens to the poll's announcements and shows its counts.

Votes only announce a change (``live.announce``, thinned per web process to one per
``live.WINDOW``); this consumer does the counting, coalesced: one count at a time, at most one
every ``MIN_INTERVAL`` seconds, and for every announcement one count that starts at once and
one that starts no sooner than ``live.WINDOW`` after it — that one includes every vote a web
process left unannounced after it. Under a crowd of votes a screen therefore counts a few times
a second, never once per vote, and the last vote is always in a count well within the second
the regulation allows (R56).
"""

from __future__ import annotations

import asyncio
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live, policies, selectors
from .models import Poll

MIN_INTERVAL = 0.2  # seconds between two counts of one screen


def _poll_for(user: Any, pk: int) -> Poll | None:
    poll = Poll.objects.select_related("meeting", "sitting").filter(pk=pk).first()
    if poll is None or user is None or not policies.can_view(user, poll):
        return None
    return poll


def _counts(pk: int) -> dict[str, Any] | None:
    poll = Poll.objects.select_related("sitting").filter(pk=pk).first()
    return selectors.live_counts(poll) if poll is not None else None


class PollScreenConsumer(AsyncJsonWebsocketConsumer):
    poll_pk: int | None = None
    _dirty: bool = False  # a count is owed now
    _due: float | None = None  # a count is owed that starts no sooner than this (loop time)
    _counting: asyncio.Task[None] | None = None
    _listening: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        poll = await database_sync_to_async(_poll_for)(self.scope.get("user"), pk)
        if poll is None:
            await self.close(code=4403)
            return
        self.poll_pk = pk
        self._listening = await live.listen(pk, self._announced)  # before the first count
        await self.accept()
        # Count now, and once more after a window: a vote that a web process left unannounced
        # because it had announced the poll just before this screen listened is in that count.
        self._announced()

    async def disconnect(self, code: Any) -> None:
        for task in (self._listening, self._counting):
            if task is not None:
                task.cancel()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The screen asks for the current counts every few seconds: an announcement dropped
        by a full channel (the layer discards, it never blocks a vote) is made good soon."""
        if self.poll_pk is not None and isinstance(content, dict) and "refresh" in content:
            self._schedule()

    def _announced(self) -> None:
        self._due = asyncio.get_running_loop().time() + live.WINDOW
        self._schedule()

    def _schedule(self) -> None:
        self._dirty = True
        if self._counting is None or self._counting.done():
            self._counting = asyncio.ensure_future(self._count_while_owed())

    async def _count_while_owed(self) -> None:
        loop = asyncio.get_running_loop()
        while self._dirty or self._due is not None:
            if not self._dirty and self._due is not None and self._due > loop.time():
                await asyncio.sleep(self._due - loop.time())
            started = loop.time()
            self._dirty = False
            if self._due is not None and self._due <= started:
                self._due = None
            await self._send_counts()
            await asyncio.sleep(MIN_INTERVAL)

    async def _send_counts(self) -> None:
        if self.poll_pk is None:
            return
        counts = await database_sync_to_async(_counts)(self.poll_pk)
        if counts is not None:
            await self.send_json(counts)
