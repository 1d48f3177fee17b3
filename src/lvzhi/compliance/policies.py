"""Who sees the compliance view, the dashboards and the reports: the Standing Committee
office (deputy-affairs body) and administrators, for the congresses in their scope. Leaders
(directors) use the office's accounts; the registry has no separate leader role."""

from __future__ import annotations

from typing import Any

from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of

VIEW_ROLES = frozenset({Role.OFFICE, Role.ADMIN})


def can_view(user: Any) -> bool:
    return bool(roles_of(user) & VIEW_ROLES)
