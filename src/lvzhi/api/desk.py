"""Menu entry of the API tokens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import NavEntry, register_nav

from . import policies


def register() -> None:
    register_nav(
        NavEntry(
            "api_tokens", _("API tokens"), "api_tokens:list", policies.can_manage_tokens, order=950
        )
    )
