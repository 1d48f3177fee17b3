"""Read scaling (issue 27.2): read-only work goes to a streaming replica, everything that must
read its own writes to the primary.

The rule (``rules.REPLICA_PIN_SECONDS``, docs/deployment.md "Read scaling"):

- Only ``GET``/``HEAD`` requests to the read-only parts (``rules.REPLICA_READ_PREFIXES``: the
  public portal, the public API, the public suggestion and proposal lists, compliance and
  statistics pages, reports) and any list exported with ``?format=`` read from the replica.
  Every other request — and every unsafe method — reads the primary.
- A request that wrote (an INSERT, UPDATE or DELETE reached the primary, other than the
  session and cache bookkeeping) reads the primary for the rest of the request, and its
  browser carries a cookie that pins it to the primary for ``REPLICA_PIN_SECONDS`` after: the
  person who just wrote sees the write on any page, on any app server, whatever the replica's
  lag — provided that lag stays under the pin (the operator's alarm: docs/deployment.md).
- Inside a transaction, reads go to the primary (a service reads what it locks).
- Sessions, the cache table and the migration history are always read on the primary.

Without ``LVZHI_DB_REPLICA_URL`` there is no ``replica`` database and the router sends
everything to the primary.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from . import rules

REPLICA = "replica"
PRIMARY = "default"
# Read on the primary whatever the request: what a sign-in or the cache just wrote.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "migrations"})
# Writes that do not pin: bookkeeping every signed-in request may do.
BOOKKEEPING_TABLES = ("django_session", "lvzhi_cache_fallback")
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")


@dataclass
class ReadState:
    replica: bool  # this request may read the replica
    wrote: bool = False  # … until it writes


_state: ContextVar[ReadState | None] = ContextVar("lvzhi_read_state", default=None)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


def reading_replica() -> bool:
    state = _state.get()
    return bool(state and state.replica and not state.wrote)


class PrimaryReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        if (
            reading_replica()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def _is_write(sql: str) -> bool:
    head = sql.lstrip()[:8].upper()
    if not head.startswith(WRITES):
        return False
    return not any(table in sql[:120] for table in BOOKKEEPING_TABLES)


def read_only_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(rules.REPLICA_PRIMARY_PREFIXES):
        return False
    if request.GET.get("format") in rules.REPLICA_EXPORT_FORMATS:
        return True
    return request.path.startswith(rules.REPLICA_READ_PREFIXES)


def _pinned(request: HttpRequest) -> bool:
    try:
        until = float(request.COOKIES.get(rules.REPLICA_PIN_COOKIE, "0"))
    except ValueError:
        return False
    return until > time.time()


class ReplicaReadsMiddleware:
    """Chooses the database of a request's reads (see the module's rule) and pins the browser
    of a request that wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = ReadState(
            replica=has_replica() and read_only_request(request) and not _pinned(request)
        )

        def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if not state.wrote and _is_write(sql):
                state.wrote = True
            return execute(sql, params, many, context)

        token = _state.set(state)
        try:
            with connections[PRIMARY].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote or request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                rules.REPLICA_PIN_COOKIE,
                str(int(time.time()) + rules.REPLICA_PIN_SECONDS),
                max_age=rules.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        if state.replica and not state.wrote and isinstance(response, StreamingHttpResponse):
            # An export streams after the view returned: its rows are read while it streams.
            response.streaming_content = _on_replica(response.streaming_content)
        return response


def _on_replica(content: Iterator[Any]) -> Iterator[Any]:
    token = _state.set(ReadState(replica=True))
    try:
        yield from content
    finally:
        # Finished in another context (the server closed it): nothing to undo.
        with contextlib.suppress(ValueError):
            _state.reset(token)


def database_of_reads() -> str:
    """Where a read made now would go (for the tests and the diagnostics header)."""
    return REPLICA if reading_replica() and not connections[PRIMARY].in_atomic_block else PRIMARY
