"""The presiding screen's WebSocket: joins the poll's group and receives its counts."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer

from . import live, policies, selectors
from .models import Poll


class PollScreenConsumer(JsonWebsocketConsumer):
    poll_pk: int | None = None

    def connect(self) -> None:
        user = self.scope.get("user")
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        poll = Poll.objects.select_related("meeting", "sitting").filter(pk=pk).first()
        if poll is None or user is None or not policies.can_view(user, poll):
            self.close(code=4403)
            return
        self.poll_pk = pk
        async_to_sync(self.channel_layer.group_add)(live.group(pk), self.channel_name)
        self.accept()
        self.send_json(selectors.live_counts(poll))

    def disconnect(self, code: Any) -> None:
        if self.poll_pk is not None:
            async_to_sync(self.channel_layer.group_discard)(
                live.group(self.poll_pk), self.channel_name
            )

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The screen asks for the current counts every few seconds: a push dropped by a full
        channel (the layer discards, it never blocks a vote) is made good within seconds."""
        if self.poll_pk is None or not isinstance(content, dict) or "refresh" not in content:
            return
        poll = Poll.objects.select_related("sitting").filter(pk=self.poll_pk).first()
        if poll is not None:
            self.send_json(selectors.live_counts(poll))

    def poll_counts(self, event: dict[str, Any]) -> None:
        self.send_json(event["counts"])
