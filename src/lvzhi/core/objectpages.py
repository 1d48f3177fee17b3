"""The GET view of an object's own page, the same in every app: signed in, GET only, the object
a selector finds in the user's scope (it raises 404 outside it), drawn by the app's page
function — the function its POST views also draw the page again with (forms and status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


def object_page(
    page: Callable[[HttpRequest, Any], HttpResponse], get_for_user: Callable[[Any, int], Any]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view answering ``page(request, get_for_user(request.user, pk))``."""
    return login_required(
        require_GET(lambda request, pk: page(request, get_for_user(request.user, pk)))
    )
