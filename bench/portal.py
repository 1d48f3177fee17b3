"""Portal throughput benchmark (issue 9, speed): anonymous portal pages against a minimal
Django view, both served by the same gunicorn in one run. Prints a table; never a pass/fail
test. The target: every portal page reaches at least half the minimal view's requests/s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_bench \\
        .venv/bin/python bench/portal.py --port 18201

The database named in DATABASE_URL is migrated and, when it holds no congress yet, seeded
with the ``prefecture`` data set (``--reseed`` empties it first). gunicorn runs the platform
with production settings through ``bench/portal_wsgi.py``, which only adds the minimal view
(``/bench/minimal/``: one HttpResponse, behind the same middleware). The load comes from
``wrk`` (Debian package ``wrk``); without it, from a small threaded client in this file, with
keep-alive connections (the figures are then lower for every row alike, the ratio holds).

``--api`` measures the public API instead (issue 25, "done means"): the deputies,
organisations, suggestions and proposals lists under ``/api/v1/public/`` beside the same minimal
view. The per-address rate limit (120 calls a minute, ``LVZHI_API_RATE_PER_ADDRESS``) is off for
that run (0), or the load generator would measure 429s; what is measured is the API's cost.
With ``--api`` the Popolo export is measured in the same run: served from its stored file while
the data is unchanged (a row of the table like the others), and built after a change: each of
``--builds`` times, the bench writes one audit entry (a change of the data's version, as any
service's change is) and times one request, which then builds the document before answering
(the bench's task backend is the immediate one; in production the build runs in the background
and the request meanwhile gets the previous file: core.prebuilt).
``--scale small`` seeds the small data set instead of the prefecture one (a quick run).

The machine's load (``/proc/loadavg``) is printed with the figures: on a shared machine a run
is only comparable with one taken under a similar load. The URLs take turns over several short
rounds and each row shows its median round, so the others' load falls on every row alike.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

TARGET = 0.5  # a portal page reaches at least half the minimal view's throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="load generator threads")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="per URL and round")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds over all URLs; the median is reported"
    )
    parser.add_argument("--reseed", action="store_true", help="empty and seed the database")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument(
        "--api", action="store_true", help="the public API's lists instead of the portal pages"
    )
    parser.add_argument(
        "--scale", default="prefecture", choices=["small", "prefecture"], help="seed scale"
    )
    parser.add_argument(
        "--builds", type=int, default=5, help="with --api: Popolo builds after a change, timed"
    )
    args = parser.parse_args()

    os.environ.setdefault("LVZHI_SECRET_KEY", "bench-" + "s" * 50)
    os.environ.setdefault("LVZHI_FIELD_KEY", "bench-" + "f" * 50)
    from common import migrated, setup_django

    setup_django(fast_hasher=False)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/portal.py needs DATABASE_URL naming a PostgreSQL database")
    migrated(empty=args.reseed)
    from lvzhi.registry.models import Congress, Membership

    if not Congress.objects.exists():
        from lvzhi.registry.demo.seed import seed

        print(f"Seeding the {args.scale} data set …", flush=True)
        t0 = time.monotonic()
        seed(args.scale, progress=lambda *a: None)
        print(f"  seeded in {time.monotonic() - t0:.0f} s", flush=True)
    if not os.environ.get("LVZHI_STATIC_ROOT_READY"):
        call_command("collectstatic", interactive=False, verbosity=0)
    seats = Membership.objects.filter(status="serving", term__is_current=True)
    deputy_id = seats.order_by("deputy_id").values_list("deputy_id", flat=True).first()
    connection.close()

    urls = [
        ("minimal Django view", "/bench/minimal/"),
        ("portal home", "/portal/"),
        ("deputies directory", "/portal/deputies/"),
        ("a deputy's profile", f"/portal/deputies/{deputy_id}/"),
        ("public suggestions", "/suggestions/public/"),
    ]
    if args.api:
        urls = [
            ("minimal Django view", "/bench/minimal/"),
            ("API deputies, 100", "/api/v1/public/deputies?limit=100"),
            ("API one deputy", f"/api/v1/public/deputies/{deputy_id}"),
            ("API organisations", "/api/v1/public/organisations?limit=100"),
            ("API suggestions", "/api/v1/public/suggestions?limit=100"),
            ("API proposals", "/api/v1/public/proposals?limit=100"),
            ("Popolo, stored file", "/api/v1/public/popolo"),
        ]
    wrk = None if args.python_client else shutil.which("wrk")
    server = _Gunicorn(args.port, args.workers, rate_limited=not args.api)
    try:
        for _label, url in urls:  # warm up: first hits fill the page cache of every worker
            for _ in range(args.workers * 4):
                status = _get(server.port, url)
                if status != 200:
                    sys.exit(f"{url} answered {status}")
        # The URLs take turns, round after round, so a burst of load from the machine's other
        # users falls on every row alike; each row reports its median round.
        runs: dict[str, list[tuple[float, float, float]]] = {url: [] for _l, url in urls}
        load_before = _loadavg()
        for _round in range(args.rounds):
            for _label, url in urls:
                if wrk:
                    runs[url].append(_wrk(wrk, server.port, url, args))
                else:
                    runs[url].append(_python_load(server.port, url, args))
        builds = _popolo_builds(server.port, args.builds) if args.api else []
        load_after = _loadavg()
        results = []
        for label, url in urls:
            ordered = sorted(runs[url])
            rps, p50, p99 = ordered[len(ordered) // 2]
            results.append((label, url, rps, p50, p99))
    finally:
        server.stop()

    base = results[0][2]
    print()
    print(
        f"load generator: {'wrk' if wrk else 'python threads'}, {args.threads} threads, "
        f"{args.connections} connections, {args.rounds} rounds of {args.seconds} s per URL "
        f"(median round shown); gunicorn {args.workers} workers; {os.cpu_count()} CPUs"
    )
    print(f"machine load (1/5/15 min) before: {load_before}, after: {load_after}")
    head = f"{'page':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs minimal':>10}"
    print(head)
    print("-" * len(head))
    for label, _url, rps, p50, p99 in results:
        ratio = rps / base if base else 0.0
        mark = "" if label.startswith("minimal") else ("ok" if ratio >= TARGET else "BELOW")
        print(f"{label:<22} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {ratio:>9.0%} {mark}")
    if builds:
        builds.sort()
        label = f"Popolo, after a change ({len(builds)} builds, one at a time)"
        print(f"{label}: p50 {builds[len(builds) // 2]:.0f} ms, max {builds[-1]:.0f} ms")


def _popolo_builds(port: int, count: int) -> list[float]:
    """Milliseconds of one Popolo request after each of ``count`` changes of the data version."""
    import http.client

    from django.db import connection

    from lvzhi.core import audit, prebuilt

    times = []
    for i in range(count):
        audit.record(actor=None, action="bench.data_changed", object_label=f"bench {i}")
        version = prebuilt.data_version()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        try:
            t0 = time.perf_counter()
            conn.request("GET", "/api/v1/public/popolo")
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - t0) * 1000)
            if response.status != 200 or response.getheader("X-Data-Version") != version:
                sys.exit(
                    f"/api/v1/public/popolo answered {response.status}, version "
                    f"{response.getheader('X-Data-Version')} after a change (not built: {version})"
                )
        finally:
            conn.close()
    connection.close()
    return times


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _get(port: int, url: str) -> int:
    import http.client

    # A worker's first request loads the whole platform: on a loaded machine that takes a while.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")


def _wrk(wrk: str, port: int, url: str, args: Any) -> tuple[float, float, float]:
    out = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"{url}: wrk saw non-2xx answers\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    return rps, p50, p99


def _python_load(port: int, url: str, args: Any) -> tuple[float, float, float]:
    """``connections`` threads, each with one keep-alive connection, for ``seconds``."""
    import http.client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if response.status != 200:
                errors.append(str(response.status))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    if errors:
        sys.exit(f"{url}: {len(errors)} answers were not 200 (first: {errors[0]})")
    latencies.sort()
    return (
        len(latencies) / wall,
        latencies[len(latencies) // 2],
        latencies[int(len(latencies) * 0.99) - 1],
    )


class _Gunicorn:
    """gunicorn serving the platform (production settings) plus the minimal view."""

    def __init__(self, port: int, workers: int, *, rate_limited: bool = True) -> None:
        if not port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = int(s.getsockname()[1])
        self.port = port
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench")]),
            "LVZHI_DEBUG": "0",
            "LVZHI_SSL_REDIRECT": "0",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
            "LVZHI_DB_CONN_MAX_AGE": os.environ.get("LVZHI_DB_CONN_MAX_AGE", "60"),
        }
        if not rate_limited:
            env["LVZHI_API_RATE_PER_ADDRESS"] = "0"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(
            [
                str(gunicorn),
                "portal_wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--keep-alive",
                "30",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from common import listening

        if not listening(self.port):
            self.stop()
            raise TimeoutError("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


if __name__ == "__main__":
    main()
