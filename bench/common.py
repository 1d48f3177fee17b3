"""Shared by the benchmarks: the Django set-up of a bench run, and the one load client (client
threads, each with its share of the requests, timed together from the moment all are ready)
that ``bench/voting.py`` and ``bench/openslides33.py`` drive their servers with."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


def ensure_postgres_database() -> None:
    """Create the benchmark's PostgreSQL database when DATABASE_URL names one that does not
    exist yet, so the documented command works on a fresh server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    params = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (cfg["NAME"],)
        ).fetchone()
        if not exists:
            print(f"Creating the database {cfg['NAME']} …")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def setup_django(var_dir: str | None = None, *, fast_hasher: bool = True) -> None:
    """Django for a bench run: its own ``LVZHI_VAR_DIR`` (a fresh temporary one unless given),
    the test environment's demo data and keys, tasks run at once, the fast password hasher
    (unless ``fast_hasher`` is false: a bench that times signing in), and the benchmark's
    database created where it does not exist yet. What the environment sets already wins."""
    os.environ.setdefault("LVZHI_VAR_DIR", var_dir or tempfile.mkdtemp(prefix="lvzhi-bench-"))
    if fast_hasher:
        os.environ.setdefault("LVZHI_FAST_HASHER", "1")
    os.environ.setdefault("LVZHI_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("LVZHI_ENV", "test")  # the demo data and keys (settings.py)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    ensure_postgres_database()
    import django

    django.setup()


def migrated(*, empty: bool = True) -> None:
    """The bench database migrated; ``empty``: emptied first (its public schema dropped and
    made again, on PostgreSQL)."""
    from django.core.management import call_command
    from django.db import connection

    if empty and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def signed_in_client(username: str | None = None, **defaults: Any) -> Any:
    """Django's test client, signed in as ``username`` (none: anonymous) with a session that
    has just started, as after signing in (the idle and absolute session limits read it)."""
    from django.test import Client

    from lvzhi.core import clock
    from lvzhi.core.models import User

    client = Client(**defaults)
    if username:
        client.force_login(User.objects.get(username=username))
        session = client.session
        session["last_seen"] = session["started_at"] = clock.now().timestamp()
        session.save()
    return client


def page_timer(
    username: str | None, url: str, params: dict[str, str], n: int
) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, queries) of ``n`` requests through the Django test client after one
    warm-up request, signed in as ``username`` (``signed_in_client``; None: anonymous).
    ``bench/all.py``'s page rows and ``bench/suggestions.py`` time pages with it."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from table import percentile

    client = signed_in_client(username)
    client.get(url, params)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url, params)
        if response.streaming:  # a file sent in blocks: the time includes reading them all
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    return statistics.median(times), percentile(times, 95), len(captured)


@dataclass
class ClientRun:
    """What the client threads of ``run_clients`` saw, per phase: the latency of every request
    that succeeded (seconds), when each thread finished, and when the phase started (all
    threads ready); the errors of every thread."""

    latencies: dict[str, list[float]]
    done_at: dict[str, list[float]]
    started: dict[str, float] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)


def run_clients(
    items: Sequence[Any],
    threads: int,
    prepare: Callable[[list[Any]], Any],
    request: Callable[[Any, Any, str], None],
    *,
    phases: Sequence[str] = ("timed",),
    on_start: Callable[[str], None] | None = None,
    finish: Callable[[Any], None] | None = None,
    tolerated: tuple[type[BaseException], ...] = (),
    timeout: float = 600,
) -> ClientRun:
    """The load client: ``threads`` threads, thread i taking ``items[i::threads]``. Each first
    calls ``prepare(its items)`` (untimed: connections, sign-in, pages loaded) for a state of
    its own; then, phase after phase, all start together (``on_start(phase)`` runs once as the
    last thread arrives, after the start is noted) and each times ``request(state, item,
    phase)`` for every item of its share; a phase ends when every thread is through it. An
    exception in ``tolerated`` counts as an error and the thread goes on with its next item;
    any other stops the run (every thread's wait is broken). ``finish(state)`` is called in
    each thread at its end (``None`` where ``prepare`` failed)."""
    run = ClientRun({p: [] for p in phases}, {p: [] for p in phases})

    def mark(phase: str) -> None:
        run.started[phase] = time.perf_counter()
        if on_start is not None:
            on_start(phase)

    starts = {p: threading.Barrier(threads, action=lambda p=p: mark(p)) for p in phases}
    ends = {p: threading.Barrier(threads) for p in phases}

    def work(mine: list[Any]) -> None:
        state = None
        try:
            state = prepare(mine)
            for phase in phases:
                starts[phase].wait(timeout=timeout)
                for item in mine:
                    t0 = time.perf_counter()
                    try:
                        request(state, item, phase)
                    except tolerated as exc:
                        run.errors.append(exc)
                        continue
                    run.latencies[phase].append(time.perf_counter() - t0)
                run.done_at[phase].append(time.perf_counter())
                ends[phase].wait(timeout=timeout)
        except BaseException as exc:  # reported in the run
            run.errors.append(exc)
            for barrier in (*starts.values(), *ends.values()):
                barrier.abort()
        finally:
            if finish is not None:
                finish(state)

    pool = [threading.Thread(target=work, args=(list(items[i::threads]),)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return run


def percentile99(ms: Sequence[float]) -> float:
    """The p99 every vote table reads: the value at index ⌊0.99·n⌋ − 1 of the sorted list."""
    ordered = sorted(ms)
    return ordered[max(int(len(ordered) * 0.99) - 1, 0)]


def children_cpu_seconds(master: int) -> float:
    """User + system CPU so far of the processes whose parent is ``master`` (gunicorn's
    workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def listening(port: int, seconds: float = 60) -> bool:
    """Whether a server accepts connections on the loopback ``port`` within ``seconds``."""
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """Terminate a server, killed where it does not stop within 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
