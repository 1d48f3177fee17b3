"""`make bench`: every benchmark in bench/ against one data set, printed as ONE table.

    make bench                                    # SQLite in a temporary folder, prefecture
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_bench make bench
    DATABASE_URL=… make bench ARGS="--scale large"   # the DB seeded with `lvzhi seed --scale large`
    DATABASE_URL=… .venv/bin/python bench/all.py --only suggestions --requests 20

The database in DATABASE_URL is seeded at the chosen scale when it is empty (`large` takes
tens of minutes: seed it beforehand with `nice -n 10 lvzhi seed --scale large`), and kept
between runs; a bench never leaves its measurements behind unless its docstring says so.
Baselines are measured in the same run, before the benches: a minimal Django view served the
same way as the pages (same client, middleware and signed-in user), and bare INSERTs through
psycopg with the vote bench's concurrency. How a bench plugs in: bench/table.py.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import page_timer  # noqa: E402
from table import Context, Row, format_table, percentile  # noqa: E402

# One line per bench module (each exposes rows(ctx), see bench/table.py).
BENCHES: tuple[str, ...] = (
    "run",  # the deputy directory and the xlsx import (issue 2)
    "suggestions",  # the suggestion queue, the unit inbox, word search, reminders (issue 3)
    "pages",  # the public portal directory and search (issue 11)
    "lists",  # the opinion list of staff over every station (26.2; cold and warm: bench/lists.py)
    "voting",  # the vote load test through the vote service (issue 5)
    "compliance",  # the whole compliance table and its page (issue 10)
    "records",  # one deputy's duty archive page and the evaluation of every seat (issue 10)
    "opendata",  # Popolo and the sitemap: built once per data version, served from file (26.4)
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["prefecture", "large"], default="prefecture")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this bench")
    parser.add_argument("--requests", type=int, default=40, help="requests per page timing")
    parser.add_argument(
        "--json", type=Path, help="also write the figures here, for bench/regress.py (issue 26.5)"
    )
    args = parser.parse_args(argv)
    names = BENCHES
    if args.only:
        unknown = set(args.only) - set(BENCHES)
        if unknown:
            parser.error(f"unknown bench {', '.join(sorted(unknown))}; known: {', '.join(BENCHES)}")
        names = tuple(n for n in BENCHES if n in args.only)

    from common import setup_django

    setup_django()
    from django.conf import settings

    from lvzhi.startup import settle

    settle()  # as every app server process does after loading (lvzhi.wsgi)
    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "baseline_urls"  # the platform's routes plus the baseline view
    from django.db import connection

    db = _db_label()
    if args.scale == "large" and connection.vendor != "postgresql":
        sys.exit("The large scale needs PostgreSQL: set DATABASE_URL=postgres://…")
    ctx = Context(scale=args.scale, db=db, requests=args.requests, page_timer=page_timer)
    rows: list[Row] = []
    rows += _prepare(ctx)
    ctx.page_baseline_ms = page_timer("office", "/bench-baseline/", {}, args.requests)[1]
    rows.append(
        ctx.row("baseline", "minimal Django view p95", ctx.page_baseline_ms, note="page baseline")
    )
    if connection.vendor == "postgresql":
        ctx.insert_baseline = insert_baseline(1000, 16)
        for key in ("p50", "p99"):
            rows.append(ctx.row("baseline", f"bare INSERT latency {key}", ctx.insert_baseline[key]))
        rows.append(
            ctx.row(
                "baseline", "1000 bare INSERTs, 16 threads", ctx.insert_baseline["wall"], unit="s"
            )
        )
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(name)
            rows += module.rows(ctx)
        except Exception as exc:  # the table still shows the others
            traceback.print_exc()
            rows.append(ctx.row(name, "failed", None, note=f"{type(exc).__name__}: {exc}"[:80]))
    print()
    print(header(ctx))
    print(format_table(rows))
    if args.json:
        write_json(args.json, ctx, rows)


def write_json(path: Path, ctx: Context, rows: list[Row]) -> None:
    """The run's figures for bench/regress.py: machine, scale, database, load and each row."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    run = {
        "machine": platform.node(),
        "cores": os.cpu_count(),
        "scale": ctx.scale,
        "db": ctx.db,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "rows": [
            {"bench": r.bench, "measure": r.measure, "value": r.value, "unit": r.unit} for r in rows
        ],
    }
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n")


def header(ctx: Context) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"lvzhi bench — scale {ctx.scale}, database {ctx.db}, {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; ratio = value / baseline"
    )


def _db_label() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return f"PostgreSQL {version.split()[0]}"


def detect_scale() -> str | None:
    """The scale the database was seeded with (None when it is empty)."""
    from lvzhi.core.demo import SYNTHETIC_CODE_PREFIX
    from lvzhi.core.models import Division
    from lvzhi.registry.models import Congress, Deputy

    if not Congress.objects.exists():
        return None
    if Division.objects.filter(code__startswith=SYNTHETIC_CODE_PREFIX).exists():
        return "large"
    return "prefecture" if Deputy.objects.count() > 5000 else "small"


def _prepare(ctx: Context) -> list[Row]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    found = detect_scale()
    if found == ctx.scale:
        return []
    if found is not None:
        sys.exit(
            f"The database holds the '{found}' data set, not '{ctx.scale}': use another "
            "DATABASE_URL (or empty this one)."
        )
    from lvzhi.core.demo import RateProgress
    from lvzhi.registry.demo.seed import seed

    print(f"Seeding the '{ctx.scale}' data set …", file=sys.stderr)
    t0 = time.perf_counter()
    summary = seed(ctx.scale, progress=RateProgress(sys.stderr))
    return [
        ctx.row(
            "seed",
            f"seed {ctx.scale}",
            time.perf_counter() - t0,
            unit="s",
            note=f"{summary['deputies']} deputies",
        )
    ]


def insert_baseline(n: int, workers: int) -> dict[str, float]:
    """``n`` single-row INSERTs (a vote's shape: poll, deputy, choice, time, unique per poll
    and deputy) into a scratch table through psycopg in autocommit, from ``workers`` threads
    with their own connections — the floor under the vote service's cast."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    table = "bench_bare_insert"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(
            f"CREATE TABLE {table} (id bigserial PRIMARY KEY, poll integer NOT NULL, "
            "deputy integer NOT NULL, choice varchar(8) NOT NULL, at timestamptz NOT NULL, "
            "UNIQUE (poll, deputy))"
        )
    latencies: list[float] = []
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work(ids: list[int]) -> None:
        try:
            with psycopg.connect(**params, autocommit=True) as conn:
                barrier.wait(timeout=30)
                for d in ids:
                    t0 = time.perf_counter()
                    conn.execute(
                        f"INSERT INTO {table} (poll, deputy, choice, at) "  # noqa: S608
                        "VALUES (1, %s, 'yes', now())",
                        (d,),
                    )
                    latencies.append((time.perf_counter() - t0) * 1000)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(list(range(i, n, workers)),)) for i in range(workers)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f"DROP TABLE {table}")
    if errors:
        raise errors[0]
    return {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99), "wall": wall}


if __name__ == "__main__":
    main()
