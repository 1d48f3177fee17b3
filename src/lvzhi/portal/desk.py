"""The portal's desk panel: the deputy's one-glance "what waits for me", and the office's
menu entry for the portal's news."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy

from . import policies, waiting


def _waiting(request: HttpRequest) -> dict[str, Any]:
    return {"tiles": waiting.tiles(request.user)}


def register() -> None:
    register_nav(
        NavEntry(
            key="portal_news",
            label=_("Portal news"),
            url_name="portal:editor",
            visible=policies.can_edit_news,
            order=900,
        )
    )
    register_desk_panel(
        DeskPanel(
            "portal_waiting",
            _("What waits for me"),
            "portal/desk/waiting.html",
            _waiting,
            is_deputy,
            order=0,
        )
    )
