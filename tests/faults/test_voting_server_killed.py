"""R56, issue 20 "done means" (b): the app server is killed (SIGKILL, master and workers) in the
middle of a secret election. Every ballot whose cast was acknowledged to a phone is counted;
the deputies whose answer never came send again after the restart and are told their ballot
is already in the box, or it is put in now — each ballot counts exactly once. A real gunicorn
on a free loopback port, on the test's PostgreSQL database."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from lvzhi.voting import selectors, services
from lvzhi.voting.models import Receipt

from ..meetings.helpers import check_in, sc_meeting, sitting_now, u

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a server on PostgreSQL"),
]

ROOT = Path(__file__).resolve().parents[2]
VOTERS = 40
CSRF = "c" * 32
TRACKER = re.compile(rb'class="tracker-code">([0-9a-f]{64})<')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    def __init__(self) -> None:
        self.port = _free_port()
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "LVZHI_DEBUG": "0",
            "LVZHI_SSL_REDIRECT": "0",
            "LVZHI_STAFF_2FA": "0",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
            # The test's own keys: the sessions it wrote are signed with them.
            "LVZHI_SECRET_KEY": settings.SECRET_KEY,
            "LVZHI_FIELD_KEY": settings.FIELD_ENCRYPTION_KEY,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(
            [str(gunicorn), "lvzhi.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", "2"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the kill reaches every worker
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.kill()
        raise TimeoutError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL to the server's own process group (the master and its workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def cast(self, poll_pk: int, session_key: str, candidate_pk: int) -> tuple[str, str]:
        """('ack', tracker) | ('already', '') | ('lost', reason)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "POST",
                f"/voting/{poll_pk}/vote/",
                body=f"c{candidate_pk}=yes&write_in=&write_in=",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
                    "X-CSRFToken": CSRF,
                    "HX-Request": "true",
                },
            )
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            return "lost", repr(exc)
        finally:
            conn.close()
        if response.status != 200:
            return "lost", f"HTTP {response.status}"
        m = TRACKER.search(body)
        if m:
            return "ack", m.group(1).decode()
        if "只计一次".encode() in body:
            return "already", ""
        return "lost", body[:200].decode(errors="replace")


def _sessions(users: list[Any]) -> dict[int, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lvzhi.core import clock

    out = {}
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["last_seen"] = store["started_at"] = clock.now().timestamp()
        store.create()
        out[user.pk] = str(store.session_key)
    return out


@pytest.mark.slow
def test_r56_server_killed_mid_election_loses_no_acknowledged_ballot(
    seeded_transactional: None,
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
    sessions = _sessions([d.user for d in people])
    keys = [sessions[d.user.pk] for d in people]
    outcome: dict[str, tuple[str, str]] = {}
    server = _Server()
    half = threading.Event()
    lock = threading.Lock()

    def voter(key: str) -> None:
        result = server.cast(poll.pk, key, candidate)
        with lock:
            outcome[key] = result
            if sum(1 for r in outcome.values() if r[0] == "ack") >= VOTERS // 3:
                half.set()

    threads = [threading.Thread(target=voter, args=(k,)) for k in keys]
    for t in threads:
        t.start()
        time.sleep(0.01)
    half.wait(timeout=120)
    server.kill()  # mid-poll: some casts answered, some in flight, some not yet sent
    for t in threads:
        t.join(timeout=60)
    acknowledged = {r[1] for r in outcome.values() if r[0] == "ack"}
    assert acknowledged, outcome
    lost = [k for k in keys if outcome.get(k, ("lost", ""))[0] != "ack"]
    assert lost, "the kill came after every cast: nothing was tested"

    # The server comes back; the phones that got no answer send again.
    server = _Server()
    try:
        retried = {k: server.cast(poll.pk, k, candidate) for k in lost}
    finally:
        server.kill()
    assert all(r[0] in ("ack", "already") for r in retried.values()), retried
    acknowledged |= {r[1] for r in retried.values() if r[0] == "ack"}

    services.poll_close(actor=u("office"), poll=poll)
    counted = services.poll_count(actor=u("office"), poll=poll, shares=shares[:2])
    box = set(selectors.trackers(counted))
    assert acknowledged <= box  # every acknowledged ballot is counted
    assert counted.result["returned"] == len(box) == Receipt.objects.filter(poll=poll).count()
    assert counted.result["returned"] == VOTERS  # and each deputy's exactly once
    assert counted.result["candidates"][0]["yes"] == VOTERS
    services.poll_publish(actor=u("office"), poll=counted)
