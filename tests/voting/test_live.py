"""R56, the announcements to the presiding screens (issue 26.1): a web process announces a poll
at most once per window (``live.WINDOW``), from the request's own thread (one Redis
``PUBLISH``, no thread of its own), and a screen hears every announcement made after it started
listening. The screen's second count, which covers what the window left unannounced, is proven
in test_consumer.py."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
import redis
from django.test import override_settings

from lvzhi.core import cache as core_cache
from lvzhi.voting import live

needs_redis = pytest.mark.skipif(
    not core_cache.redis_url(), reason="the announcements go through Redis only with REDIS_URL"
)


def test_r56_a_burst_of_announcements_is_made_once_per_window() -> None:
    thinning = live.Thinning(window=60.0)
    made = [thinning.due(7) for _ in range(200)]
    assert made[0] and not any(made[1:])
    assert thinning.due(8)  # each poll has its own window


def test_r56_an_announcement_after_a_quiet_window_is_made_at_once() -> None:
    thinning = live.Thinning(window=0.01)
    assert thinning.due(7)
    time.sleep(0.02)
    assert thinning.due(7)


@needs_redis
def test_r56_the_vote_path_starts_no_thread_to_announce() -> None:
    live._thinning.forget()
    before = threading.active_count()
    for poll in range(1, 50):
        live.announce(poll)
    assert threading.active_count() == before


@needs_redis
def test_r56_an_announcement_is_one_publish_on_the_polls_channel() -> None:
    live._thinning.forget()
    listener = redis.Redis.from_url(core_cache.redis_url()).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(live.channel(4242))
    try:
        for _ in range(30):
            live.announce(4242)
        heard = []
        give_up = time.monotonic() + 5
        while time.monotonic() < give_up:
            message = listener.get_message(timeout=0.2)
            if message is not None:
                heard.append(message["channel"])
            elif heard:
                break
        assert heard == [live.channel(4242).encode()]
    finally:
        listener.close()


@needs_redis
def test_r56_a_screen_hears_each_announcement_made_after_it_listens() -> None:
    live._thinning.forget()

    async def scenario() -> int:
        heard = asyncio.Event()
        count = 0

        def changed() -> None:
            nonlocal count
            count += 1
            heard.set()

        listening = await live.listen(4343, changed)
        assert listening is not None
        await asyncio.to_thread(live.announce, 4343)  # from a thread, as a request does
        await asyncio.wait_for(heard.wait(), timeout=5)
        listening.cancel()
        return count

    assert asyncio.run(scenario()) == 1


def test_r56_an_unreachable_redis_costs_the_vote_nothing() -> None:
    """Refused: the announcement is dropped, logged, and Redis is not asked again for a while;
    a screen that cannot subscribe still opens (it refreshes on its own)."""
    unreachable = {
        "BACKEND": "lvzhi.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
    fallback = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    live._thinning.forget()
    try:
        with override_settings(CACHES={"default": unreachable, "fallback": fallback}):
            assert core_cache.redis_url() == "redis://127.0.0.1:9/0"
            live.announce(4444)  # does not raise
            assert core_cache.ResilientRedisCache._down_until > time.monotonic()
            assert core_cache.publish(live.channel(4444), b"1") is False  # not asked again

            async def subscribe() -> object:
                return await live.listen(4444, lambda: None)

            assert asyncio.run(subscribe()) is None
    finally:
        core_cache.ResilientRedisCache._down_until = 0.0
