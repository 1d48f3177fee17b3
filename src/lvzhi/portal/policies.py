"""Who may edit the portal's news: the Standing Committee office and administrators."""

from __future__ import annotations

from typing import Any

from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of

EDITOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def can_edit_news(user: Any) -> bool:
    return bool(roles_of(user) & EDITOR_ROLES)
