"""The presiding screen's WebSocket: joins the poll's group and shows its counts.

Votes only announce a change (``live.announce``); this consumer does the counting, coalesced:
one count at a time, at most one every ``MIN_INTERVAL`` seconds, and one more if announcements
arrived meanwhile. Under a crowd of votes a screen therefore counts a few times a second, never
once per vote, and the last announcement is always followed by a count that includes it, well
within the second the issue allows (R56).
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
    _dirty: bool = False
    _counting: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        poll = await database_sync_to_async(_poll_for)(self.scope.get("user"), pk)
        if poll is None:
            await self.close(code=4403)
            return
        self.poll_pk = pk
        await self.channel_layer.group_add(live.group(pk), self.channel_name)
        await self.accept()
        await self._send_counts()

    async def disconnect(self, code: Any) -> None:
        if self.poll_pk is not None:
            await self.channel_layer.group_discard(live.group(self.poll_pk), self.channel_name)
        if self._counting is not None:
            self._counting.cancel()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The screen asks for the current counts every few seconds: an announcement dropped
        by a full channel (the layer discards, it never blocks a vote) is made good soon."""
        if self.poll_pk is not None and isinstance(content, dict) and "refresh" in content:
            self._schedule()

    async def poll_changed(self, event: dict[str, Any]) -> None:
        self._schedule()

    def _schedule(self) -> None:
        self._dirty = True
        if self._counting is None or self._counting.done():
            self._counting = asyncio.ensure_future(self._count_while_dirty())

    async def _count_while_dirty(self) -> None:
        while self._dirty:
            self._dirty = False
            await self._send_counts()
            await asyncio.sleep(MIN_INTERVAL)

    async def _send_counts(self) -> None:
        if self.poll_pk is None:
            return
        counts = await database_sync_to_async(_counts)(self.poll_pk)
        if counts is not None:
            await self.send_json(counts)
