"""Caching of the anonymous public pages (the portal, and the public lists and pages of the
apps: suggestions, proposals), shared here so every app's public page can use it.

Only anonymous GET requests are served from the cache, and only responses that set no cookie
are stored (a page that started a session or set a CSRF cookie is someone's own). Keys carry
the language, the full path and a generation number; changing the portal's content bumps the
generation, which retires every cached page at once.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import rules

GENERATION_KEY = "portal:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def invalidate() -> None:
    """Retire every cached portal page (called after news change)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "replace")).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"portal:page:{generation()}:{language}:{path}"


def public_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve an anonymous GET from the cache; store the page if it is everyone's (no cookie,
    not a download). Signed-in users always get a fresh, private answer."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if request.method != "GET" or (user is not None and user.is_authenticated):
            fresh: HttpResponseBase = view(request, *args, **kwargs)
            if user is not None and user.is_authenticated:
                patch_cache_control(fresh, private=True, no_store=True)
            return fresh
        key = _key(request)
        hit = cache.get(key)
        response: HttpResponseBase
        if hit is not None:
            content, content_type, status = hit
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Portal-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if (
                isinstance(response, HttpResponse)
                and response.status_code == 200
                and not response.cookies
                and not response.has_header("Content-Disposition")  # downloads: not cached
            ):
                cache.set(
                    key,
                    (response.content, response["Content-Type"], response.status_code),
                    rules.PUBLIC_PAGE_CACHE_SECONDS,
                )
            response["X-Portal-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ["Cookie"])  # the language and the sign-in live there
        return response

    return wrapper
