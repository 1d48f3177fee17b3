"""The platform's WSGI application plus one bare view, for ``bench/voting.py --http``: a
one-row INSERT behind the same gunicorn, settings, middleware (session, user, CSRF) and
start-up (``lvzhi.startup.settle``) as the phone's vote, so the vote path is measured beside
the floor of the same server stack. Only the benchmark loads this module; the product has no
such view."""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

TABLE = "bench_bare_vote"


def bare_insert(request: HttpRequest) -> HttpResponse:
    """One row, unique per (poll, user), in autocommit: what a vote is, with nothing checked."""
    from django.db import connection

    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (poll, deputy, choice, at) VALUES (%s, %s, %s, now()) "  # noqa: S608
            "ON CONFLICT DO NOTHING",
            [int(request.POST.get("poll", 0)), request.user.pk, request.POST.get("choice", "")],
        )
    return HttpResponse('<p role="status">ok</p>')


bare_insert.session_refresh_exempt = True  # type: ignore[attr-defined]  # as the vote view
bare_insert.submission_key_exempt = True  # type: ignore[attr-defined]

urlpatterns = [
    path("bench/insert/", bare_insert),
    path("", include("lvzhi.urls")),
]
handler404 = "lvzhi.core.views.error_404"
handler500 = "lvzhi.core.views.error_500"
settings.ROOT_URLCONF = __name__

# As ``lvzhi.wsgi`` does in production: jieba, the URL table (this one), then gc.freeze(), so the
# measured workers collect garbage as the platform's own do.
from lvzhi.startup import settle  # noqa: E402

settle()
