"""R56: the presiding screen's WebSocket receives the counts after each vote is committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from lvzhi.voting import services
from lvzhi.voting.routing import websocket_urlpatterns

from ..meetings.helpers import u
from .helpers import named_poll

APP = URLRouter(websocket_urlpatterns)


def _connect(poll_pk: int, user: object) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(APP, f"/ws/voting/polls/{poll_pk}/")
    communicator.scope["user"] = user
    return communicator


async def _open(poll_pk: int, user: object) -> WebsocketCommunicator:
    """The screen of the poll, connected (the user may see it)."""
    screen = _connect(poll_pk, user)
    connected, _code = await screen.connect()
    assert connected
    return screen


async def _until(screen: WebsocketCommunicator, wanted: Any) -> dict[str, Any]:
    """The first counts the screen is sent that show what ``wanted`` looks for (a screen may
    be sent the same counts twice: it counts again a window after each announcement)."""
    while True:
        counts: dict[str, Any] = await screen.receive_json_from(timeout=5)
        if wanted(counts):
            return counts


@pytest.mark.django_db(transaction=True)
def test_r56_screen_gets_the_new_counts_pushed_after_each_vote(seeded_transactional: None) -> None:
    poll, people = named_poll(members=3, present=3)
    services.poll_open(actor=u("office"), poll=poll)
    office = u("office")

    async def scenario() -> None:
        screen = await _open(poll.pk, office)
        first = await screen.receive_json_from(timeout=5)
        assert (first["status"], first["voted"], first["yes"], first["present"]) == (
            "open",
            0,
            0,
            3,
        )
        await database_sync_to_async(services.vote_cast)(
            actor=people[0].user, poll=poll, choice="yes"
        )
        pushed = await _until(screen, lambda counts: counts["voted"] == 1)
        assert (pushed["yes"], pushed["not_voted"]) == (1, 2)
        await screen.send_json_to({"refresh": 1})
        asked = await screen.receive_json_from(timeout=5)
        assert (asked["voted"], asked["yes"]) == (1, 1)
        await database_sync_to_async(services.poll_close)(actor=office, poll=poll)
        final = await _until(screen, lambda counts: counts["status"] == "closed")
        assert (final["yes"], final["adopted"]) == (1, False)
        await screen.disconnect()

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_r56_screen_refuses_who_may_not_see_the_poll(seeded_transactional: None) -> None:
    poll, _people = named_poll(members=3, present=3)
    station, office = u("station"), u("office")

    async def scenario() -> None:
        for user, pk in ((station, poll.pk), (office, 999999)):
            screen = _connect(pk, user)
            connected, _code = await screen.connect()
            assert not connected

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_r56_screen_counts_once_for_a_burst_of_votes_and_ends_on_the_full_count(
    seeded_transactional: None,
) -> None:
    """R56 under a crowd: votes only announce a change; the screen counts for itself, at most
    one count at a time — a burst of announcements costs a couple of counts, not one each —
    and the count after the last announcement includes every vote."""
    from lvzhi.voting import live

    poll, people = named_poll(members=6, present=6)
    services.poll_open(actor=u("office"), poll=poll)
    office = u("office")

    def burst() -> None:
        for person in people[:4]:
            services.vote_cast(actor=person.user, poll=poll, choice="yes")
        for _ in range(40):
            live.announce(poll.pk)

    async def scenario() -> None:
        screen = await _open(poll.pk, office)
        await screen.receive_json_from(timeout=5)
        await database_sync_to_async(burst)()
        seen = [await screen.receive_json_from(timeout=5)]
        while not await screen.receive_nothing(timeout=0.6):
            seen.append(await screen.receive_json_from(timeout=5))
        # 44 announcements, a handful of counts; the last one has every vote.
        assert len(seen) <= 6 and seen[-1]["yes"] == 4 and seen[-1]["not_voted"] == 2
        await screen.disconnect()

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_r56_a_vote_the_window_left_unannounced_still_reaches_the_screen(
    seeded_transactional: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A web process that has just announced a poll announces its next votes no sooner than a
    window later; the screen counts again a window after the announcement it heard, and that
    count has the vote nobody announced."""
    from lvzhi.voting import live

    monkeypatch.setattr(live, "WINDOW", 3.0)
    monkeypatch.setattr(live._thinning, "window", 3.0)
    poll, people = named_poll(members=3, present=3)
    services.poll_open(actor=u("office"), poll=poll)
    office = u("office")

    async def scenario() -> None:
        screen = await _open(poll.pk, office)
        await _until(screen, lambda counts: counts["voted"] == 0)
        live._thinning.forget()
        await database_sync_to_async(live.announce)(poll.pk)  # heard by the screen
        await database_sync_to_async(services.vote_cast)(
            actor=people[0].user, poll=poll, choice="yes"
        )
        assert not live._thinning.due(poll.pk)  # inside the window: the vote was not announced
        later = await _until(screen, lambda counts: counts["voted"] == 1)
        assert later["yes"] == 1
        await screen.disconnect()

    asyncio.run(scenario())
