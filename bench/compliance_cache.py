"""Compliance pages cold, after a change and warm (issue 26.3, 28.6b): the table and the
dashboard of the prefecture congress, requested through Django's test client as the office
persona, on a seeded database with the Redis cache of REDIS_URL. "cold": nothing was ever
computed (the cache emptied); "after a change": the first request after a write the rules
read (the version bumped), which shows the last figures and queues the computation (the
task backend of LVZHI_ENV=demo is the database: the task is queued, not run, here); "warm":
median and p95 of the requests that follow. Never a pass/fail test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db seeded with --scale prefecture> \
    REDIS_URL=redis://127.0.0.1:6379/<n> LVZHI_ENV=demo \
        nice -n 10 .venv/bin/python bench/compliance_cache.py --runs 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    import django

    django.setup()

    from common import signed_in_client

    from lvzhi.compliance import rules
    from lvzhi.core import versions

    client = signed_in_client("office", HTTP_HOST="127.0.0.1")
    from django.core.cache import cache

    def timed(path: str) -> float:
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        return (time.perf_counter() - started) * 1000

    header = f"{'page':<28} {'cold ms':>9} {'after a change ms':>18}"
    print(f"{header} {'warm median ms':>15} {'warm p95 ms':>12}")
    for path in ("/compliance/", "/compliance/dashboard/", "/compliance/rules/r14/"):
        cache.clear()  # start cold: no figures computed before
        cold = timed(path)
        versions.bump(rules.CACHE_VERSION)  # a change
        changed = timed(path)
        cache.clear()
        timed(path)  # computed again, for the warm runs
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            warm.append((time.perf_counter() - started) * 1000)
        warm.sort()
        p95 = warm[max(0, round(0.95 * len(warm)) - 1)]
        line = f"{path:<28} {cold:>9.0f} {changed:>18.0f}"
        print(f"{line} {statistics.median(warm):>15.1f} {p95:>12.1f}")


if __name__ == "__main__":
    main()
