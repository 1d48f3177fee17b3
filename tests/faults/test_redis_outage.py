"""Issue 18.4: with Redis killed, every signed-in POST (a vote included: not recorded), the
portal and the tracking page answered 500. Redis is a cache: the platform must keep working.

The test starts its OWN redis-server on a free loopback port, points the cache and the channel
layer at it, kills it, then drives a signed-in POST (a vote, through the one-time submission
key), a citizen's opinion (its rate limit), the portal and the tracking page."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from lvzhi.stations.models import Opinion
from lvzhi.voting.models import NamedVote

from ..stations.test_pages import post_opinion
from ..voting.helpers import named_poll

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def own_redis(tmp_path: Any) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (make system-deps installs it)")
    port = _free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_the_platform_keeps_working_when_redis_is_away(
    own_redis: tuple[str, subprocess.Popen[bytes]], login: Any
) -> None:
    url, proc = own_redis
    from lvzhi.core.cache import ResilientRedisCache

    ResilientRedisCache._down_until = 0.0
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "lvzhi.core.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            },
            "fallback": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "lvzhi_cache_fallback",
            },
        },
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [url]},
            }
        },
    ):
        caches["default"].set("alive", "yes")
        assert caches["default"].get("alive") == "yes"  # Redis really serves the cache
        poll, _people = named_poll(members=3, present=3)
        assert login("office").post(f"/voting/{poll.pk}/open/").status_code == 302

        proc.kill()
        proc.wait()

        deputy = login("deputy")
        data = {"choice": "yes", "_submission": "redis-down-1"}
        vote = deputy.post(f"/voting/{poll.pk}/vote/", data)
        assert vote.status_code == 303
        assert NamedVote.objects.get(poll=poll).choice == "yes"  # recorded
        again = deputy.post(f"/voting/{poll.pk}/vote/", data)  # the same submission key
        assert again.status_code < 500 and NamedVote.objects.filter(poll=poll).count() == 1

        citizen = Client()
        sent = post_opinion(citizen, title="Redis 停了也要收到")
        assert sent.status_code == 302, sent.content.decode()[:500]
        opinion = Opinion.objects.get(title="Redis 停了也要收到")

        assert Client().get("/portal/").status_code == 200
        track = Client().get("/stations/track/", {"code": opinion.tracking_code})
        assert track.status_code == 200 and opinion.tracking_code in track.content.decode()
        # The live screen falls back to polling (screen.js): its JSON counts still answer.
        office = login("office")
        screen = office.get(f"/voting/{poll.pk}/screen/").content.decode()
        assert f'data-counts="/voting/{poll.pk}/screen/counts/"' in screen
        counts = office.get(f"/voting/{poll.pk}/screen/counts/").json()
        assert counts["poll"] == poll.pk
    ResilientRedisCache._down_until = 0.0
