"""Compliance pages cold and warm (issue 26.3, 28.6b): the table and the dashboard of the
prefecture congress, requested through Django's test client as the office persona, on a seeded
database with the Redis cache of REDIS_URL. Prints median and p95; never a pass/fail test.

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
    from django.test import Client

    from lvzhi.compliance import rules
    from lvzhi.core import clock, versions
    from lvzhi.core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="office"))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    print(f"{'page':<28} {'cold ms':>9} {'warm median ms':>15} {'warm p95 ms':>12}")
    for path in ("/compliance/", "/compliance/dashboard/", "/compliance/rules/r14/"):
        versions.bump(rules.CACHE_VERSION)  # start cold
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        cold = (time.perf_counter() - started) * 1000
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            warm.append((time.perf_counter() - started) * 1000)
        warm.sort()
        p95 = warm[max(0, round(0.95 * len(warm)) - 1)]
        print(f"{path:<28} {cold:>9.0f} {statistics.median(warm):>15.1f} {p95:>12.1f}")


if __name__ == "__main__":
    main()
