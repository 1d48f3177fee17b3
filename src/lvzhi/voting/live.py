"""The live counts of the presiding screen, pushed through Channels after each commit."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)


def group(poll_pk: int) -> str:
    return f"poll-{poll_pk}"


def push(poll_pk: int) -> None:
    """Send the poll's current counts to its screens. Called through
    ``transaction.on_commit``: a failure here never undoes or blocks a vote."""
    from . import selectors
    from .models import Poll

    try:
        layer = get_channel_layer()
        if layer is None:
            return
        poll = Poll.objects.select_related("sitting").get(pk=poll_pk)
        counts = selectors.live_counts(poll)
        async_to_sync(layer.group_send)(group(poll_pk), {"type": "poll.counts", "counts": counts})
    except Exception:  # the vote is committed; the screen catches up on the next push
        log.exception("could not push the counts of poll %s", poll_pk)
