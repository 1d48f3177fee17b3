"""Connection pooling (issue 27.6): the platform behind pgBouncer in transaction mode, with the
settings ``LVZHI_DB_POOLER=pgbouncer`` selects (no server-side cursors, no startup options, no
session state). Real gunicorn threads vote concurrently through a pool of three server
connections — more clients than servers, every ballot counted once — and pages, a streamed CSV
export and a signed-in page answer through the same pool. pgBouncer runs in front of the
test's own PostgreSQL database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from django.db import connection

from lvzhi.voting import selectors, services
from lvzhi.voting.models import Receipt

from ..meetings.helpers import check_in, sc_meeting, sitting_now, u
from .appserver import ROOT, AppServer, sessions
from .servers import PGBOUNCER, PgBouncer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgBouncer pools PostgreSQL"),
    pytest.mark.skipif(not os.path.exists(PGBOUNCER), reason="pgbouncer is not installed"),
]
VOTERS = 60
POOL = 3


@pytest.fixture(scope="module")
def bouncer() -> Iterator[PgBouncer]:
    s = connection.settings_dict
    pgb = PgBouncer(s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432), pool_size=POOL)
    try:
        yield pgb
    finally:
        pgb.stop()


def _settings_with(env: dict[str, str]) -> str:
    code = (
        "import json; from lvzhi import settings as s; "
        "d = s.DATABASES['default']; "
        "print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS', False), "
        "d.get('OPTIONS', {}).get('options', ''), d['CONN_MAX_AGE']]))"
    )
    base = {k: v for k, v in os.environ.items() if k != "LVZHI_DB_POOLER"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or out.stderr.strip().splitlines()[-1]


def test_the_pooler_setting_turns_off_server_side_cursors_and_startup_options() -> None:
    url = {"DATABASE_URL": "postgres://lvzhi@127.0.0.1:6432/lvzhi", "LVZHI_DB_CONN_MAX_AGE": "60"}
    assert _settings_with(url) == '[false, "-c work_mem=16MB", 60]'
    assert _settings_with({**url, "LVZHI_DB_POOLER": "pgbouncer"}) == '[true, "", 60]'
    assert "LVZHI_DB_POOLER" in _settings_with({**url, "LVZHI_DB_POOLER": "pgpool"})


def test_concurrent_votes_and_pages_through_pgbouncer_in_transaction_mode(
    bouncer: PgBouncer, seeded_transactional: None
) -> None:
    meeting, people = sc_meeting(members=VOTERS)
    sitting = sitting_now(meeting)
    check_in(sitting, people)
    poll = services.poll_create(
        actor=u("office"),
        sitting=sitting,
        kind="election",
        subject="election",
        title="补选",
        seats=1,
        candidates=["阿力木", "巴合提"],
    )
    shares = services.poll_generate_keys(actor=u("office"), poll=poll)
    services.poll_open(actor=u("office"), poll=poll)
    candidate = poll.candidates.order_by("position").first().pk
    keys = list(sessions([d.user for d in people]).values())
    office = sessions([u("office")])[u("office").pk]
    db = connection.settings_dict["NAME"]
    server = AppServer(
        bouncer.url(db), threads=8, LVZHI_DB_POOLER="pgbouncer", LVZHI_DB_CONN_MAX_AGE="60"
    )
    outcome: dict[str, tuple[str, str]] = {}
    lock = threading.Lock()
    start = threading.Barrier(VOTERS)
    try:

        def voter(key: str) -> None:
            start.wait(timeout=60)
            result = server.cast(poll.pk, key, candidate)
            with lock:
                outcome[key] = result

        threads = [threading.Thread(target=voter, args=(k,)) for k in keys]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        pages = {
            path: server.request("GET", path, session=office)
            for path in ("/portal/", "/suggestions/public/?format=csv", "/registry/deputies/")
        }
        clients = [c for c in bouncer.show("CLIENTS") if c["database"] == db]
        servers = [s for s in bouncer.show("SERVERS") if s["database"] == db]
        stats = bouncer.stats(db)
    finally:
        server.stop()

    assert all(r[0] == "ack" for r in outcome.values()) and len(outcome) == VOTERS, outcome
    for path, (status, body) in pages.items():
        assert status == 200, (path, body[:300])
    assert pages["/suggestions/public/?format=csv"][1].count(b"\n") > 1
    # Transaction pooling: the app servers' threads held more client connections than
    # pgBouncer ever opened to PostgreSQL, and every transaction went through it.
    assert len(servers) <= POOL < len(clients), (len(servers), len(clients))
    assert int(stats["total_xact_count"]) > VOTERS

    services.poll_close(actor=u("office"), poll=poll)
    counted = services.poll_count(actor=u("office"), poll=poll, shares=shares[:2])
    box = set(selectors.trackers(counted))
    assert {r[1] for r in outcome.values()} <= box
    assert counted.result["returned"] == VOTERS == Receipt.objects.filter(poll=poll).count()
