"""Read scaling (issue 27.2) on a real streaming replica: a primary the test starts, a standby
made by pg_basebackup following it, and gunicorn with ``LVZHI_DB_REPLICA_URL``. With the
replica's replay paused (so it is visibly behind), the portal's pages read the replica, while
the office worker who just published a news item sees it at once on the same pages (the
primary pinned for ``rules.REPLICA_PIN_SECONDS``) and the editor always reads the primary.
Once replay resumes, everyone sees it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory

from lvzhi.core import clock, dbrouting, rules
from lvzhi.core.divisions import load
from lvzhi.core.models import Division, User
from lvzhi.registry.demo.seed import seed
from lvzhi.registry.models import Congress

from .appserver import AppServer
from .servers import Postgres, copy_database, missing_postgres

pytestmark = [
    # The seeded test database (copied into the servers the test starts), never DATABASE_URL's.
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming replication"),
]
TITLE = "读写分离演练新闻"


@dataclass
class Pair:
    primary: Postgres
    replica: Postgres
    app: AppServer
    office_session: str


def _session_for(primary: Postgres, user: User) -> str:
    """A signed-in session written straight into the primary's session table."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    now = clock.now().timestamp()
    data = SessionStore().encode(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "last_seen": now,
            "started_at": now,
        }
    )
    key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
    primary.sql(
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        "VALUES (%s, %s, now() + interval '1 hour')",
        db="lvzhi",
        params=(key, data),
    )
    return key


@pytest.fixture(scope="module")
def pair(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Pair]:
    if missing_postgres():
        pytest.skip(missing_postgres())
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if not Division.objects.exists():  # emptied by a transactional test before
            load(Division)
        if not Congress.objects.exists():
            seed("small", progress=lambda *a: None)
        office = User.objects.get(username="office")
    s = connection.settings_dict
    primary = Postgres.init()
    replica = app = None
    try:
        # The seeded test database, copied into the primary the test owns.
        copy_database(s, primary)
        replica = primary.replica()
        app = AppServer(
            primary.url("lvzhi"),
            LVZHI_DB_REPLICA_URL=replica.url("lvzhi"),
            LVZHI_DB_CONN_MAX_AGE="60",
            REDIS_URL="",
        )
        yield Pair(primary, replica, app, _session_for(primary, office))
    finally:
        if app is not None:
            app.stop()
        if replica is not None:
            replica.destroy()
        primary.destroy()


def _news(pg: Postgres) -> int:
    rows = pg.sql("SELECT count(*) FROM portal_news WHERE title = %s", "lvzhi", (TITLE,))
    return int(str(rows[0][0]))


def _pin(headers: list[tuple[str, str]]) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith(rules.REPLICA_PIN_COOKIE + "="):
            return value.split(";", 1)[0]
    return ""


def test_the_router_sends_only_safe_reads_of_the_read_only_parts_to_the_replica() -> None:
    rf = RequestFactory()
    assert dbrouting.read_only_request(rf.get("/portal/news/"))
    assert dbrouting.read_only_request(rf.get("/api/v1/deputies"))
    assert dbrouting.read_only_request(rf.get("/registry/deputies/", {"format": "csv"}))
    assert not dbrouting.read_only_request(rf.get("/registry/deputies/"))
    assert not dbrouting.read_only_request(rf.post("/portal/news/"))
    assert not dbrouting.read_only_request(rf.get("/portal/editor/"))
    router = dbrouting.PrimaryReplicaRouter()
    assert router.db_for_write(User) == "default"
    assert router.db_for_read(User) == "default"  # outside a read-only request
    assert not router.allow_migrate("replica", "core")


def test_portal_reads_the_replica_and_the_writer_always_sees_their_own_write(pair: Pair) -> None:
    app, office = pair.app, pair.office_session
    status, body = app.request("GET", "/portal/news/", session=office)
    assert status == 200 and TITLE.encode() not in body

    pair.replica.sql("SELECT pg_wal_replay_pause()")
    status, body = app.request(
        "POST",
        "/portal/editor/new/",
        session=office,
        htmx=False,
        body=urlencode(
            {
                "title": TITLE,
                "summary": "",
                "body": "主库写入,只读副本暂停回放。",
                "is_published": "on",
                "published_on": "",
            }
        ),
    )
    assert status == 302, body[:500]
    pin = _pin(app.last_headers)
    assert pin, app.last_headers
    assert _news(pair.primary) == 1
    assert _news(pair.replica) == 0

    # The writer, pinned: the portal's pages read the primary and show the new item.
    for path in ("/portal/news/", "/portal/"):
        status, body = app.request("GET", path, session=office, cookies=pin)
        assert status == 200 and TITLE.encode() in body, path
    # The same person without the pin (another browser), and a visitor: the portal reads the
    # replica, which has not replayed the item yet.
    status, body = app.request("GET", "/portal/news/", session=office)
    assert status == 200 and TITLE.encode() not in body
    # The editor is not a read-only part: it reads the primary, pinned or not.
    status, body = app.request("GET", "/portal/editor/", session=office)
    assert status == 200 and TITLE.encode() in body

    pair.replica.sql("SELECT pg_wal_replay_resume()")
    for _ in range(300):
        if _news(pair.replica) == 1:
            break
        time.sleep(0.1)
    status, body = app.request("GET", "/portal/news/", session=office)
    assert status == 200 and TITLE.encode() in body
    assert settings.DATABASES.get("replica") is None  # the tests' own process: no replica
