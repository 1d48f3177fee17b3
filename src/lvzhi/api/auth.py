"""Authentication of API calls: a personal token (``Authorization: Bearer lvz_…``) or the
browser session. A token call runs as the token's owner, with the owner's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from . import services


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.authenticate(token.strip())
        if user is None:
            return None
        request.user = user  # selectors and policies read request.user
        return user
