"""Who may manage API tokens: every signed-in account, its own tokens only."""

from __future__ import annotations

from typing import Any

from .models import ApiToken


def can_manage_tokens(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def owns(user: Any, token: ApiToken) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and token.user_id == user.pk
