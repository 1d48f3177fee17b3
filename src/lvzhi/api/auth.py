"""Authentication of API calls: a token (``Authorization: Bearer lvz_…``) or the browser
session. A token call runs as the token's account (its owner, or the service account), with
that account's scope, narrowed by the token's scopes: a read (GET) needs
``<capability>:read``, any other method ``<capability>:write`` (issue 25.2)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from lvzhi.core.errors import PermissionDenied

from . import policies, rules, services


class InsufficientScope(PermissionDenied):
    code = "insufficient_scope"


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = services.authenticate(token.strip())
        if found is None:
            return None
        capability = services.capability_of(request.path)
        write = request.method not in rules.READ_METHODS
        if capability is None or not found.token.allows(capability, write):
            raise InsufficientScope(
                _("This token's scopes do not include %(scope)s.")
                % {"scope": f"{capability or '?'}:{'write' if write else 'read'}"}
            )
        policies.mark_service_account(found.user, found.token.service_account_id is not None)
        request.user = found.user  # selectors and policies read request.user
        request.api_token = found.token  # type: ignore[attr-defined]
        return found.user
