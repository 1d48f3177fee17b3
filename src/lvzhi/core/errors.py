"""One hierarchy of domain errors, mapped to responses in one place (views and API).

A service raises these with a message a person can read (translated); views show the message
next to the form, the API returns it as ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base: a rule of the platform refused the action."""

    code = "domain_error"
    status = 400

    def __init__(self, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class ValidationFailed(DomainError):
    code = "validation_failed"
    status = 400


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class NotFound(DomainError):
    """Missing, or outside the actor's scope: the two answer the same (404)."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class IllegalTransition(DomainError):
    code = "illegal_transition"
    status = 409
