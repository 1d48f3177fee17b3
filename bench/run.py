"""Benchmarks of the foundation (issue 2). Prints a table; never a pass/fail test.

    make bench                         # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_bench make bench

Measures, on the `prefecture` data set (about 15,000 seats):
- seeding the prefecture;
- importing 15,000 deputies from an xlsx file (check + write), and re-importing it (updates);
- the staff directory page with filters: server time p50/p95 over repeated requests and the
  number of queries, compared with the `small` data set (the count must not grow).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=15000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lvzhi-bench-"))
    from common import setup_django

    setup_django(str(workdir))
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.db import connection

    engine = connection.vendor
    if engine == "postgresql":
        _reset_postgres()
    call_command("migrate", verbosity=0)
    results: list[tuple[str, str, str]] = []

    small_queries = _directory_queries_small(workdir)
    _flush()

    from lvzhi.registry.demo.seed import seed

    t0 = time.perf_counter()
    summary = seed("prefecture", progress=lambda *a: None)
    results.append(
        (
            "seed prefecture",
            f"{time.perf_counter() - t0:.1f} s",
            f"{summary['memberships']} seats, {summary['organisations']} organisations",
        )
    )

    data = _import_file(args.rows)
    from lvzhi.core.models import User
    from lvzhi.registry import imports
    from lvzhi.registry.models import ImportMode, Term

    admin = User.objects.get(username="admin")
    term = Term.objects.get(congress__level="prefecture", is_current=True)
    for label in ("import xlsx (new deputies)", "re-import xlsx (updates)"):
        t0 = time.perf_counter()
        result = imports.run(
            actor=admin,
            term=term,
            fh=io.BytesIO(data),
            size=len(data),
            mode=ImportMode.ALL_OR_NOTHING,
        )
        elapsed = time.perf_counter() - t0
        assert result.written and not result.errors, result.errors[:3]
        results.append(
            (
                label,
                f"{elapsed:.1f} s",
                f"{args.rows} rows, {result.created} created, {result.updated} updated"
                f" (target < 30 s)",
            )
        )

    for name, query in (
        ("directory, no filter", {}),
        ("directory, search 'a'", {"q": "a"}),
        ("directory, level+ethnicity", {"level": "township", "ethnicity": "17"}),
        ("directory, division+grassroots", {"division": "654002", "grassroots": "yes"}),
        ("directory, page 40", {"page": "40"}),
    ):
        p50, p95, queries = _directory_timing(query, args.requests)
        results.append(
            (
                name,
                f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                f"{queries} queries (small data set: {small_queries}) (target p95 < 50 ms)",
            )
        )

    width = max(len(r[0]) for r in results)
    print(
        f"\nlvzhi benchmarks — database: {engine}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'benchmark':<{width}}  {'time':<26}  detail")
    print(f"{'-' * width}  {'-' * 26}  {'-' * 40}")
    for name, value, detail in results:
        print(f"{name:<{width}}  {value:<26}  {detail}")


def _reset_postgres() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _flush() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    from lvzhi.core.divisions import load
    from lvzhi.core.models import Division

    load(Division)


def _directory_queries_small(workdir: Path) -> int:
    from lvzhi.registry.demo.seed import seed

    seed("small", progress=lambda *a: None)
    _p50, _p95, queries = _directory_timing({}, 3)
    return queries


def _directory_timing(query: dict[str, str], n: int) -> tuple[float, float, int]:
    from common import signed_in_client
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client("office")
    params = {"status": "", **query}
    client.get("/registry/deputies/", params)  # warm caches
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get("/registry/deputies/", params)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get("/registry/deputies/", params)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, len(ctx)


def _import_file(rows: int) -> bytes:
    import datetime as dt
    import random

    from openpyxl import Workbook

    from lvzhi.core.personal import id_check_character
    from lvzhi.registry.demo.names import make_name
    from lvzhi.registry.models import Organisation, OrgKind
    from lvzhi.registry.spreadsheet import headers_zh

    rng = random.Random(7)
    units = list(
        Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT, congress__level="prefecture")
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名册")
    ws.append(headers_zh())
    used: set[str] = set()
    ethnic = (("汉族", "01"), ("维吾尔族", "05"), ("哈萨克族", "17"), ("回族", "03"))
    for _ in range(rows):
        label, code = rng.choice(ethnic)
        male = rng.random() < 0.7
        birth = dt.date(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
        while True:
            first17 = f"654099{birth:%Y%m%d}{rng.randint(0, 999):03d}"
            if int(first17[16]) % 2 == (1 if male else 0) and first17 not in used:
                used.add(first17)
                break
        unit = rng.choice(units)
        ws.append(
            [
                make_name(rng, code, "1" if male else "2"),
                "男" if male else "女",
                label,
                birth.isoformat(),
                first17 + id_check_character(first17),
                "中共党员",
                "大学本科",
                "伊宁市某单位职员",
                "专业技术人员",
                "是",
                "否",
                "否",
                "教育、法律",
                "汉语",
                "",
                f"139{rng.randint(0, 99_999_999):08d}",
                unit.name,
                "",
                "",
                "2021-12-28",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rows(ctx):  # type: ignore[no-untyped-def]
    """`make bench` (bench/all.py): the staff directory as the prefecture office, and importing
    15,000 deputies from xlsx then re-importing the file (rolled back afterwards)."""
    import io

    from lvzhi.core.models import User
    from lvzhi.registry import imports
    from lvzhi.registry.models import ImportMode, Term

    out = []
    for measure, query in (
        ("directory", {}),
        ("directory search 'a'", {"q": "a"}),
        ("directory level+ethnicity", {"level": "township", "ethnicity": "17"}),
        ("directory page 40", {"page": "40"}),
    ):
        out.append(
            ctx.page(
                "run",
                measure,
                "office",
                "/registry/deputies/",
                {"status": "", **query},
                target="p95 < 50 ms",
            )
        )
    data = _import_file(15000)
    admin = User.objects.get(username="admin")
    term = Term.objects.get(congress__level="prefecture", is_current=True)
    with ctx.rolled_back():
        for label in ("import xlsx, 15,000 new", "re-import xlsx, 15,000 updates"):
            t0 = time.perf_counter()
            result = imports.run(
                actor=admin,
                term=term,
                fh=io.BytesIO(data),
                size=len(data),
                mode=ImportMode.ALL_OR_NOTHING,
            )
            assert result.written and not result.errors, result.errors[:3]
            out.append(ctx.row("run", label, time.perf_counter() - t0, unit="s", target="< 30 s"))
    return out


if __name__ == "__main__":
    main()
