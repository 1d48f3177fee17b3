"""Where the current request came from, for the audit log (set by RequestContextMiddleware)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_agent: str = ""


EMPTY = RequestInfo()
current_request: ContextVar[RequestInfo] = ContextVar("current_request", default=EMPTY)
