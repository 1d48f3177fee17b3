"""The platform's routes plus the page baseline of `make bench`: a minimal Django view (a
short template rendered into a response), served by the same client through the same
middleware as the pages it is compared with. Used only by bench/all.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

_TEMPLATE = engines["django"].from_string("<!doctype html><title>{{ title }}</title><p>{{ n }}</p>")


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_TEMPLATE.render({"title": "baseline", "n": 1}, request))


urlpatterns = [
    path("bench-baseline/", baseline),
    path("", include("lvzhi.urls")),
]
