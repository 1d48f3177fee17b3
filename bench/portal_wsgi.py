"""The platform's WSGI application plus one minimal view, for bench/portal.py: the baseline
is served by the same gunicorn, settings and middleware as the portal pages it is compared
with. Only the benchmark loads this module."""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("lvzhi.urls")),
]
handler404 = "lvzhi.core.views.error_404"
handler500 = "lvzhi.core.views.error_500"
settings.ROOT_URLCONF = __name__
