"""Template context shared by every page: the role-aware navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import grouped_menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_desk": None, "nav_groups": [], "nav_account": []}
    menu = grouped_menu_for(request)
    return {"nav_desk": menu["desk"], "nav_groups": menu["groups"], "nav_account": menu["account"]}
