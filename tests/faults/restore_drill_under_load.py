"""Run by test_backup_restore in a subprocess with its own PostgreSQL database: seed, then back
up while another connection keeps writing (sign-in attempts and notifications, as a serving
platform does), then restore that backup and report whether it verifies (issue 18.5)."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
import time
from pathlib import Path


def main() -> None:
    out = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import psycopg
    from django.db import connection

    from lvzhi.core.backup import backup, restore
    from lvzhi.registry.demo.seed import seed

    seed("small", progress=lambda *a: None)
    db = connection.settings_dict
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname=db["NAME"],
            autocommit=True,
        ) as conn:
            while not stop.is_set():
                conn.execute(
                    "INSERT INTO core_loginattempt (at, username, ip, succeeded) "
                    "VALUES (now(), %s, NULL, false)",
                    [f"load{written[0]}"],
                )
                written[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.5)
    try:
        archive = backup(out, progress=lambda *a: None)
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    connection.close()
    verified = True
    try:
        restore(archive, progress=lambda *a: None)
    except Exception as exc:  # the drill reports, the test asserts
        print(f"restore failed: {exc}", file=sys.stderr)
        verified = False
    print(
        json.dumps(
            {
                "written_during_backup": written[0],
                "verified": verified,
                "mode": oct(stat.S_IMODE(archive.stat().st_mode)),
            }
        )
    )


if __name__ == "__main__":
    main()
