"""The staff lists, cold and warm (issue 26.2): each list's first request in a fresh process,
then the median and p95 of ``--requests`` more, with the time its SQL took.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_large .venv/bin/python bench/lists.py
    DATABASE_URL=… .venv/bin/python bench/lists.py --requests 20 --only directory

"Cold" is the first run of this script after the database was built or restored: a fresh
server process (its own connection, an empty application cache: no REDIS_URL, so Django's
local-memory cache) on data no request has read yet. "Warm" is the next run, in another fresh
process. The operating system's file cache and PostgreSQL's shared buffers are not emptied
(the server is shared); docs/performance.md says what each run found.

The opinion list needs a person who handles many opinions: the run gives a ``bench-stations``
account the liaison-station staff role over the whole organisation tree (every opinion of
`large`), inside a transaction rolled back at the end, so the database stays as it was.
In `make bench` (bench/all.py) the module adds the opinion list's rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from table import percentile  # noqa: E402

STATION_USER = "bench-stations"

# (group, measure, persona, url, query)
LISTS: tuple[tuple[str, str, str, str, dict[str, str]], ...] = (
    ("directory", "directory, all states", "office", "/registry/deputies/", {"status": ""}),
    ("directory", "directory, serving", "office", "/registry/deputies/", {}),
    (
        "directory",
        "directory search 'a'",
        "office",
        "/registry/deputies/",
        {"status": "", "q": "a"},
    ),
    (
        "directory",
        "directory search '马'",
        "office",
        "/registry/deputies/",
        {"status": "", "q": "马"},
    ),
    (
        "directory",
        "directory level+ethnicity",
        "office",
        "/registry/deputies/",
        {"status": "", "level": "township", "ethnicity": "17"},
    ),
    (
        "directory",
        "directory county 654002",
        "office",
        "/registry/deputies/",
        {"status": "", "division": "654002"},
    ),
    (
        "directory",
        "directory page 40",
        "office",
        "/registry/deputies/",
        {"status": "", "page": "40"},
    ),
    ("suggestions", "queue, submitted", "office", "/suggestions/queue/", {}),
    ("suggestions", "queue, all", "office", "/suggestions/queue/", {"status": ""}),
    (
        "suggestions",
        "queue, all, page 50",
        "office",
        "/suggestions/queue/",
        {"status": "", "page": "50"},
    ),
    (
        "suggestions",
        "queue, overdue",
        "office",
        "/suggestions/queue/",
        {"status": "assigned", "overdue": "on"},
    ),
    (
        "suggestions",
        "queue, category+key",
        "office",
        "/suggestions/queue/",
        {"status": "", "category": "health", "key_supervision": "on"},
    ),
    (
        "suggestions",
        "word search '牧民 饮水'",
        "office",
        "/suggestions/queue/",
        {"status": "", "q": "牧民 饮水"},
    ),
    ("suggestions", "unit inbox", "handling", "/suggestions/inbox/", {}),
    ("suggestions", "unit inbox, all states", "handling", "/suggestions/inbox/", {"status": ""}),
    ("opinions", "opinions, all", STATION_USER, "/stations/opinions/", {}),
    ("opinions", "opinions, received", STATION_USER, "/stations/opinions/", {"status": "received"}),
    ("opinions", "opinions, overdue", STATION_USER, "/stations/opinions/", {"overdue": "on"}),
    ("opinions", "opinions search '道路'", STATION_USER, "/stations/opinions/", {"q": "道路"}),
    ("opinions", "opinions page 50", STATION_USER, "/stations/opinions/", {"page": "50"}),
)


def station_user() -> Any:
    """The ``bench-stations`` account with station-staff rights over the whole tree (the
    caller rolls it back)."""
    from lvzhi.core.models import User
    from lvzhi.registry import services
    from lvzhi.registry.models import Organisation, OrgKind, Role

    root = Organisation.objects.get(parent__isnull=True, kind=OrgKind.STANDING_COMMITTEE)
    user, _ = User.objects.get_or_create(
        username=STATION_USER, defaults={"display_name": "联络站工作人员（测试）"}
    )
    services.role_grant(actor=None, user=user, role=Role.STATION_STAFF, organisation=root)
    return user


def client_for(username: str) -> Any:
    from django.test import Client

    from lvzhi.core import clock
    from lvzhi.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def timed(client: Any, url: str, params: dict[str, str]) -> tuple[float, float, float, int]:
    """(ms of the request, ms of its SQL, ms of this process's CPU, queries). On a shared
    machine the wall time grows with the load; the CPU time of the Python side does not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        ms, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} {params} answered {response.status_code}")
    sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    return ms, sql, cpu, len(captured)


def measure(n: int, only: list[str] | None) -> list[dict[str, Any]]:
    clients: dict[str, Any] = {}
    out = []
    for group, label, persona, url, params in LISTS:
        if only and group not in only:
            continue
        if persona not in clients:
            clients[persona] = client_for(persona)
        client = clients[persona]
        first, first_sql, _cpu, queries = timed(client, url, params)
        times, sqls, cpus = [], [], []
        for _ in range(n):
            ms, sql, cpu, _q = timed(client, url, params)
            times.append(ms)
            sqls.append(sql)
            cpus.append(cpu)
        row = {
            "group": group,
            "measure": label,
            "first": first,
            "first_sql": first_sql,
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "sql_p50": statistics.median(sqls),
            "cpu_p50": statistics.median(cpus),
            "queries": queries,
        }
        print(
            f"| {label} | {first:.0f} ({first_sql:.0f}) | {row['p50']:.1f} | {row['p95']:.1f} "
            f"| {row['sql_p50']:.1f} | {row['cpu_p50']:.1f} | {queries} |",
            flush=True,
        )
        out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", action="append", choices=["directory", "suggestions", "opinions"])
    args = parser.parse_args()
    os.environ.setdefault("LVZHI_VAR_DIR", tempfile.mkdtemp(prefix="lvzhi-bench-"))
    os.environ.setdefault("LVZHI_FAST_HASHER", "1")
    os.environ.setdefault("LVZHI_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("LVZHI_ENV", "test")
    os.environ.pop("REDIS_URL", None)  # a fresh process's own, empty cache
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from lvzhi.startup import settle

    settle()
    settings.ALLOWED_HOSTS = ["*"]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"lists — database {connection.settings_dict['NAME']}, load average {load}, "
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, {args.requests} requests"
    )
    print("| list | first request ms (SQL) | p50 ms | p95 ms | SQL p50 ms | CPU p50 ms | queries |")
    print("|---|---|---|---|---|---|---|")
    with transaction.atomic():
        station_user()
        measure(args.requests, args.only)
        transaction.set_rollback(True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the end {load}")


def rows(ctx: Any) -> list[Any]:
    """`make bench` (bench/all.py): the opinion list of a station-staff account over the whole
    tree (rolled back afterwards)."""
    out = []
    with ctx.rolled_back():
        station_user()
        for group, label, persona, url, params in LISTS:
            if group == "opinions":
                out.append(ctx.page("lists", label, persona, url, params, target="p95 < 50 ms"))
    return out


if __name__ == "__main__":
    main()
