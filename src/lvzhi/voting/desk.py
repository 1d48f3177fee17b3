"""Menu entry and desk panel of voting: deputies see the polls open for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy

from . import policies, selectors


def _open(request: HttpRequest) -> dict[str, Any]:
    d = policies.deputy_id(request.user)
    polls = list(selectors.open_polls_for_deputy(d)[:5]) if d is not None else []
    return {"polls": polls, "voted": selectors.voted_poll_ids(d, [p.pk for p in polls])}


def register() -> None:
    register_nav(NavEntry("voting", _("Votes"), "voting:mine", is_deputy, order=32))
    register_desk_panel(
        DeskPanel("voting_open", _("Votes open now"), "voting/desk/open.html", _open, is_deputy, 3)
    )
