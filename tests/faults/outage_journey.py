"""Run by test_database_outage in a subprocess whose DATABASE_URL names a PostgreSQL server the
test started: sign in, save, lose the database, come back. Prints one JSON line of findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main() -> None:
    stop, start = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from lvzhi.core.models import User, WorkdayOverride

    admin = User.objects.create_superuser("outage-admin", password="x")
    client = Client(raise_request_exception=False, secure=True)
    client.force_login(admin)
    saved = client.post("/calendar/", {"day": "2027-02-06", "is_working_day": "0", "note": "春节"})
    subprocess.run(stop, check=True, capture_output=True)
    down_get = client.get("/calendar/")
    down_post = client.post(
        "/calendar/", {"day": "2027-02-07", "is_working_day": "0", "note": "春节"}
    )
    subprocess.run(start, check=True, capture_output=True)
    # The WSGI/ASGI handlers close a broken connection at the start and end of every request
    # (close_old_connections); the test client switches that off, so do it here.
    from django.db import close_old_connections

    close_old_connections()
    back = client.get("/calendar/")
    print(
        json.dumps(
            {
                "saved": saved.status_code,
                "down_get": down_get.status_code,
                "down_post": down_post.status_code,
                "down_text": down_post.content.decode(),
                "retry_after": down_post.get("Retry-After", ""),
                "back": back.status_code,
                "days": sorted(
                    str(d) for d in WorkdayOverride.objects.values_list("day", flat=True)
                ),
            },
            ensure_ascii=False,
        )
    )


def _days(model: type) -> list[str]:
    return sorted(str(d) for d in model.objects.values_list("day", flat=True))


if __name__ == "__main__":
    main()
