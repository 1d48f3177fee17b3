"""Rate limits and conditional answers of the API (issue 25.4).

Rate limits: a fixed window of ``RATE_WINDOW_SECONDS`` counted in the cache — Redis, or, when
Redis is away, the database table ``core.cache`` falls back to, so the limits keep counting
(more slowly) and nothing answers 500. A call with a token counts against the token
(``API_RATE_PER_TOKEN`` a window), a signed-in browser call against its account, any other call
against its address (``API_RATE_PER_ADDRESS``). Over the limit the answer is 429
``rate_limited`` with ``Retry-After`` (seconds to the window's end). Should the cache fail
altogether, the call is let through: a limit that cannot count does not stop the service.

Conditional answers: every successful GET under ``/api/v1/public/`` (the public lists and the
Popolo export) carries a strong ``ETag`` (a digest of the body) and ``Last-Modified`` (when
this server first gave that body, remembered in the cache for ``ETAG_MEMORY_SECONDS``);
``If-None-Match`` / ``If-Modified-Since`` that still match answer 304 without the body.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Callable
from email.utils import formatdate

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from ninja.throttling import BaseThrottle

from lvzhi.core import clock
from lvzhi.core.middleware import client_ip

from . import rules

log = logging.getLogger(__name__)

PUBLIC_PREFIX = "/api/v1/public/"
ETAG_MEMORY_SECONDS = 7 * 24 * 3600


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "API_RATE_PER_TOKEN", rules.RATE_PER_TOKEN)),
        int(getattr(settings, "API_RATE_PER_ADDRESS", rules.RATE_PER_ADDRESS)),
    )


class ApiRateThrottle(BaseThrottle):
    """One throttle for every operation; ``wait`` is read right after a refusal."""

    def __init__(self) -> None:
        self._local = threading.local()  # the wait of this thread's last refusal

    def _who(self, request: HttpRequest) -> tuple[str, int]:
        per_token, per_address = _limits()
        token = getattr(request, "api_token", None)
        if token is not None:
            return f"t{token.pk}", per_token
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            return f"u{user.pk}", per_token  # type: ignore[union-attr]
        return f"a{client_ip(request) or '-'}", per_address

    def allow_request(self, request: HttpRequest) -> bool:
        who, limit = self._who(request)
        if limit <= 0:
            return True
        now = clock.now().timestamp()
        window = int(now // rules.RATE_WINDOW_SECONDS)
        key = f"api:rate:{who}:{window}"
        try:
            cache.add(key, 0, timeout=rules.RATE_WINDOW_SECONDS + 5)
            count = int(cache.incr(key))
        except Exception:  # a cache that fails altogether must not stop the API
            log.warning("API rate limit not counted: the cache failed", exc_info=True)
            return True
        if count <= limit:
            return True
        self._local.wait = max(1.0, (window + 1) * rules.RATE_WINDOW_SECONDS - now)
        return False

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


def _etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _first_seen(path: str, etag: str) -> float:
    key = "api:etag:" + hashlib.sha256(f"{path}\n{etag}".encode()).hexdigest()[:40]
    now = float(int(clock.now().timestamp()))
    try:
        cache.add(key, now, timeout=ETAG_MEMORY_SECONDS)
        seen = cache.get(key)
    except Exception:  # without the cache: "now", which is never too early
        return now
    return float(seen) if seen is not None else now


# A response that already knows when its body was first given (api.answercache keeps it with a
# cached answer) carries it in this attribute, and the middleware does not ask the cache again.
FIRST_SEEN_ATTR = "lvzhi_first_seen"


def validators(request: HttpRequest, content: bytes) -> tuple[str, float]:
    """The ``ETag`` of this body and when this server first gave it for this path and query."""
    etag = _etag_of(content)
    return etag, _first_seen(_path_of(request), etag)


def _path_of(request: HttpRequest) -> str:
    return request.path + "?" + request.META.get("QUERY_STRING", "")


class PublicConditionalMiddleware:
    """ETag, Last-Modified and 304 for the public API's GETs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(PUBLIC_PREFIX)
            or response.status_code != 200
            or response.streaming
        ):
            return response
        etag = response.get("ETag") or _etag_of(response.content)
        seen = getattr(response, FIRST_SEEN_ATTR, None)
        if seen is None:
            seen = _first_seen(_path_of(request), etag)
        response["ETag"] = etag
        response["Last-Modified"] = formatdate(seen, usegmt=True)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        answer = get_conditional_response(
            request, etag=etag, last_modified=math.floor(seen), response=response
        )
        return answer if answer is not None else response
