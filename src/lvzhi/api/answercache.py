"""Cached answers of the public API (issue 25.4, 26.4): the public lists and records are
computed once per version of the data, as the Popolo export is (``core.prebuilt``).

The key of an answer is the data version (today's date and the last ids of the event log and
of the audit log: every change of public data goes through a service that writes one or the
other), the language of the answer (labels are translated) and the full path with its query.
A change through the platform changes the version, so the next call computes the answer
afresh; a row changed with neither log (a repair in the database shell) shows at the next
logged change, the next day or after ``rules.PUBLIC_ANSWER_CACHE_SECONDS`` at the latest.

The version is read from the database the answer is read from (the replica for the public
API, ``core.dbrouting``): a replica behind the primary gives its own, older version, so an
answer computed from its rows is never stored under a newer version than the rows it holds.
Each process remembers the version it read for ``core.rules.DATA_VERSION_MEMO_SECONDS`` (one
second), so a cached answer costs no database round trip at all; the process that writes an
event or an audit entry forgets it at once (and again at the commit), so its own next call
reads the new version, and a change made in another process shows within that second.

Only the public router's endpoints use it (``auth=None``: their answers do not depend on the
caller, only on the path and the language), only GETs answering 200 with no cookie are stored,
and a stored answer is the computed one byte for byte (its content type with it). Its
``ETag`` and the moment this server first gave that body (``Last-Modified``) are computed once
by ``limits.validators`` when the answer is stored, and kept with it: the conditional
middleware gets them from the answer instead of hashing the body and asking the cache again,
and they are the ones it would have computed. Rate limits are counted before the cache is
asked (the lookup wraps the operation, after ninja's throttle check and the validation of the
parameters).
An endpoint that makes its own answer from a stored file (the Popolo export: ``core.prebuilt``,
which asks the data version itself) is marked ``not_cached`` and left alone.

Two decorators, added to the public router: ``lookup`` (mode "operation": around the endpoint
function) answers from the cache or marks the request with its key; ``store`` (mode "view":
around the whole operation) stores the serialised answer of a marked request.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation

from lvzhi.core import prebuilt
from lvzhi.core.models import Event

from . import limits, rules

log = logging.getLogger(__name__)

HEADER = "X-Api-Cache"  # "hit" or "miss": how this answer was made (for operators and tests)
_MARK = "_lvzhi_public_answer_key"
_NOT_CACHED = "_lvzhi_not_cached"


def key_of(request: HttpRequest) -> str:
    """The cache key of the answer to this request, on the data it will be read from."""
    version = prebuilt.current_version(router.db_for_read(Event))
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "replace")).hexdigest()
    return f"api:public:{version}:{translation.get_language() or ''}:{path}"


def not_cached(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Leave this endpoint out of the answer cache (it answers from a stored file itself)."""
    setattr(view_func, _NOT_CACHED, True)
    return view_func


def lookup(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Answer a GET from the cache; otherwise compute it and mark the request for ``store``."""
    if getattr(view_func, _NOT_CACHED, False):
        return view_func

    @functools.wraps(view_func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method != "GET":
            return view_func(request, *args, **kwargs)
        key = key_of(request)
        try:
            hit = cache.get(key)
        except Exception:  # a cache that fails altogether: the answer is computed
            log.warning("public API answer cache not read", exc_info=True)
            hit = None
        if hit is not None:
            content, content_type, etag, seen = hit
            answer = HttpResponse(content, content_type=content_type)
            _validated(answer, etag, seen)
            answer[HEADER] = "hit"
            return answer
        result = view_func(request, *args, **kwargs)
        if not isinstance(result, HttpResponseBase):  # made by ninja's renderer: storable
            setattr(request, _MARK, key)
        return result

    return wrapper


def store(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Store the serialised answer of a request ``lookup`` marked (200, no cookie)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = run(request, *args, **kwargs)
        key = getattr(request, _MARK, None)
        if (
            key is not None
            and isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
        ):
            etag, seen = limits.validators(request, response.content)
            _validated(response, etag, seen)
            try:
                cache.set(
                    key,
                    (response.content, response["Content-Type"], etag, seen),
                    rules.PUBLIC_ANSWER_CACHE_SECONDS,
                )
            except Exception:  # not stored: the next call computes it again
                log.warning("public API answer not stored", exc_info=True)
            response[HEADER] = "miss"
        return response

    return wrapper


def _validated(response: HttpResponse, etag: str, seen: float) -> None:
    """Give the conditional middleware the validators it would compute (limits.validators)."""
    response["ETag"] = etag
    setattr(response, limits.FIRST_SEEN_ATTR, seen)
