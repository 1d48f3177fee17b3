"""Profile of one phone vote from the WSGI handler to the commit (issue 26.1), in-process.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/vote_profile.py \
        --votes 300 [--url vote|cast] [--top 25]

Production settings (``LVZHI_DEBUG=0``, Redis cache and channel layer), the real WSGI handler
(every middleware), one signed-in session per deputy in the session store, the phone's htmx
POST with its CSRF token and submission key. Each deputy votes once; the first 20 votes warm
the process and are not profiled. Prints the CPU time per vote (``time.process_time``), the
SQL statements of one vote, and cProfile's top functions by cumulative time. Needs a database
already seeded (``bench/voting.py`` or ``make bench`` leave one); it adds one meeting and one
poll per run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--url", choices=["vote", "cast"], default="cast")
    args = parser.parse_args()
    os.environ.setdefault("LVZHI_SECRET_KEY", "bench-" + "s" * 50)
    os.environ.setdefault("LVZHI_FIELD_KEY", "bench-" + "f" * 50)
    os.environ.setdefault("LVZHI_VAR_DIR", tempfile.mkdtemp(prefix="lvzhi-bench-"))
    os.environ.setdefault("LVZHI_FAST_HASHER", "1")
    os.environ.setdefault("LVZHI_ENV", "test")
    os.environ.update(
        LVZHI_DEBUG="0",
        LVZHI_SSL_REDIRECT="0",
        LVZHI_STAFF_2FA="0",
        LVZHI_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="lvzhi.settings",
    )
    os.environ.setdefault("LVZHI_DB_CONN_MAX_AGE", "60")  # as the gunicorn bench runs it
    import django

    django.setup()
    import voting as vbench
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.client import RequestFactory

    poll, users = vbench._setup_in_place(args.votes)
    cookies = vbench._sessions(users)
    handler = WSGIHandler()
    factory = RequestFactory()
    csrf = "b" * 32
    path = f"/voting/{poll.pk}/{args.url}/"

    def vote(user: int) -> int:
        environ = factory.post(
            path,
            f"choice=yes&_submission={uuid.uuid4().hex}",
            content_type="application/x-www-form-urlencoded",
            HTTP_COOKIE=f"sessionid={cookies[user]}; csrftoken={csrf}",
            HTTP_X_CSRFTOKEN=csrf,
            HTTP_HX_REQUEST="true",
            HTTP_HOST="127.0.0.1",
        ).environ
        status: list[str] = []
        body = b"".join(handler(environ, lambda s, h, *a: status.append(s)))
        if not status[0].startswith("200") or b'role="status"' not in body:
            raise RuntimeError(f"{status[0]}: {body[:300]!r}")
        return len(body)

    warm, rest = users[:20], users[20:]
    for user in warm[:-1]:
        vote(user)
    captured: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        size = vote(warm[-1])
    profile = cProfile.Profile()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    profile.enable()
    for user in rest:
        vote(user)
    profile.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(
        f"{path}: {len(rest)} votes, CPU {cpu / len(rest) * 1000:.2f} ms per vote, "
        f"wall {wall / len(rest) * 1000:.2f} ms per vote (in-process, under cProfile), "
        f"answer {size} bytes, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"SQL statements of one vote: {len(captured)}")
    for sql in captured:
        print("  ", " ".join(sql.split())[:200])
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
