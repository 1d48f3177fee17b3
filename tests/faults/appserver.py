"""A real gunicorn for the high-availability tests (issue 27): the platform as production runs
it, on a loopback port, with the environment the test gives, and the HTTP calls of a deputy's
phone (a cast vote, a page)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from .servers import free_port, wait_port

ROOT = Path(__file__).resolve().parents[2]
CSRF = "c" * 32
TRACKER = re.compile(rb'class="tracker-code">([0-9a-f]{64})<')


class AppServer:
    def __init__(self, database_url: str, *, threads: int = 4, workers: int = 2, **env: str):
        self.port = free_port()
        # Per client thread: a test's threads share one server object, and one thread's
        # answer must not be read as another's (a Location taken from another deputy's
        # redirect once sent a submit to someone else's suggestion: 404).
        self._local = threading.local()
        full = {
            **os.environ,
            "DATABASE_URL": database_url,
            "LVZHI_DEBUG": "0",
            "LVZHI_SSL_REDIRECT": "0",
            "LVZHI_STAFF_2FA": "0",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
            # The test's own keys: the sessions it wrote are signed with them.
            "LVZHI_SECRET_KEY": settings.SECRET_KEY,
            "LVZHI_FIELD_KEY": settings.FIELD_ENCRYPTION_KEY,
            # This checkout's code, whatever the virtualenv has installed.
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p
            ),
            **env,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn), "lvzhi.wsgi:application", "-b", f"127.0.0.1:{self.port}"]
        cmd += ["-w", str(workers), "-k", "gthread", "--threads", str(threads), "--timeout", "60"]
        self.log = Path(tempfile.mkstemp(prefix="lvzhi-gunicorn-", suffix=".log")[1])
        self.proc = subprocess.Popen(
            cmd,
            env=full,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
            start_new_session=True,
        )
        try:
            wait_port(self.port)
            self._wait_ready()
        except TimeoutError:
            self.stop()
            raise

    def _wait_ready(self, seconds: float = 180) -> None:
        """The master listens at once; its workers import Django for a while on a busy
        machine. Ready when a worker answers the liveness probe."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.request("GET", "/healthz", timeout=10)[0] == 200:
                    return
            time.sleep(0.5)
        raise TimeoutError("gunicorn's workers did not answer")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)

    def request(
        self,
        method: str,
        path: str,
        *,
        session: str = "",
        body: str = "",
        timeout: float = 90,
        cookies: str = "",
        htmx: bool = True,
    ) -> tuple[int, bytes]:
        """One HTTP call; the response's headers are left in ``last_headers`` (this thread's)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        cookie = f"sessionid={session}; csrftoken={CSRF}" + (f"; {cookies}" if cookies else "")
        headers = {"Cookie": cookie, "X-CSRFToken": CSRF}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if htmx:
                headers["HX-Request"] = "true"
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            self._local.headers = response.getheaders()
            return response.status, response.read()
        finally:
            conn.close()

    @property
    def last_headers(self) -> list[tuple[str, str]]:
        """The headers of this thread's last answer."""
        return list(getattr(self._local, "headers", []))

    def cast(self, poll_pk: int, session: str, candidate_pk: int) -> tuple[str, str]:
        """('ack', tracker) | ('already', '') | ('lost', reason)."""
        try:
            status, body = self.request(
                "POST",
                f"/voting/{poll_pk}/vote/",
                session=session,
                body=f"c{candidate_pk}=yes&write_in=&write_in=",
            )
        except (OSError, http.client.HTTPException) as exc:
            return "lost", repr(exc)
        if status != 200:
            return "lost", f"HTTP {status}: {body[:300].decode(errors='replace')}"
        m = TRACKER.search(body)
        if m:
            return "ack", m.group(1).decode()
        if "只计一次".encode() in body:
            return "already", ""
        return "lost", body[:200].decode(errors="replace")


def sessions(users: list[Any]) -> dict[int, str]:
    """A signed-in session for each user, written to the test's database."""
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
