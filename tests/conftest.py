"""Shared fixtures. The session's test database is seeded once with the ``small`` data set
(three counties, deterministic); each test runs in a transaction rolled back afterwards.
Transactional tests (concurrency, browser) run last (pytest-django orders them so) and seed
their own data through ``seeded_transactional``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.backends.signals import connection_created
from django.test import Client

from lvzhi.core.models import Division, User
from lvzhi.registry.demo.seed import DEMO_PASSWORD, seed
from lvzhi.registry.models import Congress

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _allow_event_log_flush(sender: Any, connection: Any, **kwargs: Any) -> None:
    """The event log refuses TRUNCATE on PostgreSQL (core migration 0011) unless
    ``lvzhi.events_purge`` is on; the flush between transactional tests truncates every table,
    so test connections turn it on (tests/core/test_events.py turns it off to see the refusal)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lvzhi.events_purge = 'on'")


connection_created.connect(_allow_event_log_flush)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        seed("small", progress=lambda *a: None)
    yield


@pytest.fixture
def seeded_transactional(transactional_db: Any) -> None:
    """For transactional tests: the flush between them empties every table."""
    if not Division.objects.exists():
        from lvzhi.core.divisions import load

        load(Division)
    if not Congress.objects.exists():
        seed("small", progress=lambda *a: None)


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def login(client: Client) -> Any:
    """``login("yining")`` signs the test client in as a demo persona."""

    def _login(username: str) -> Client:
        client.force_login(user(username))
        session = client.session
        from lvzhi.core import clock

        session["last_seen"] = session["started_at"] = clock.now().timestamp()
        session.save()
        return client

    return _login


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploads of a test land in its own temporary folder, never in var/."""
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    settings.PREBUILT_ROOT = str(tmp_path / "prebuilt")  # stored documents (core.prebuilt)


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_blocker: Any) -> Iterator[None]:
    """The live server's threads may keep a PostgreSQL session open until the very end, which
    would stop the test database from being dropped; end them before the teardown. Only ever
    on a test database (a run with no database test never created one)."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql" and connection.settings_dict["NAME"].startswith("test_"):
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: no cached anonymous page (core.pagecache; a page
    cached by an earlier test would show that test's data) and no counters."""
    from django.core.cache import cache

    from lvzhi.core.cache import ResilientRedisCache
    from lvzhi.core.pagecache import invalidate

    # A test that made Redis look away (tests/api/test_limits.py, the faults) leaves the
    # process asking the fallback table for RETRY_SECONDS; the next test asks Redis again.
    ResilientRedisCache._down_until = 0.0
    invalidate()
    # Counters kept in the cache (the opinion form's per-address limit, sign-in throttling)
    # start at zero, so a test does not depend on how many forms earlier tests sent. The test
    # run's cache is its own (locmem, or the Redis database of REDIS_URL in CI).
    cache.clear()
    # The data version each process remembers for a second (core.prebuilt.current_version):
    # an earlier test's, read inside its rolled-back transaction, is not this test's.
    from lvzhi.core.prebuilt import _remembered

    _remembered.clear()
    # The announcements a process made of a poll within the last window (voting.live): an
    # earlier test's poll may have this test's number.
    from lvzhi.voting.live import _thinning

    _thinning.forget()
