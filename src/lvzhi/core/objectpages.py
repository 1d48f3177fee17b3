"""The GET view of an object's own page, the same in every app: signed in, GET only, the object
found for the request (a selector that raises 404 outside the user's scope), drawn by the app's
page function — the function its POST views also draw the page again with (forms and status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


def object_view(
    page: Callable[[HttpRequest, Any], HttpResponse], load: Callable[[HttpRequest, int], Any]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view answering ``page(request, load(request, pk))``, named as the page's module
    would name it (``_inspection_page`` → ``inspection``)."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return page(request, load(request, pk))

    view.__name__ = view.__qualname__ = page.__name__.strip("_").removesuffix("_page")
    view.__module__ = page.__module__
    return login_required(require_GET(view))


def object_page(
    page: Callable[[HttpRequest, Any], HttpResponse], get_for_user: Callable[[Any, int], Any]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view answering ``page(request, get_for_user(request.user, pk))``."""
    return object_view(page, lambda request, pk: get_for_user(request.user, pk))
