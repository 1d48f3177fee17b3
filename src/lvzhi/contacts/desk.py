"""Menu entries and desk panels of chapter 4 (organs and deputies)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy

from . import policies, selectors


def _is_holder(user: Any) -> bool:
    return selectors.own_holders(user).exists()


def _holder(request: HttpRequest) -> dict[str, Any]:
    holders = list(selectors.own_holders(request.user))
    return {"members": selectors.members_year(holders, clock.today().year)}


def _deputy(request: HttpRequest) -> dict[str, Any]:
    return selectors.deputy_view(policies.deputy_id(request.user) or 0, clock.today().year)


def _has_organisations(user: Any) -> bool:
    return selectors.has_obliged_organisations(user)


def _organisations(request: HttpRequest) -> dict[str, Any]:
    from . import obligations

    organisations = selectors.obliged_organisations(request.user, limit=200)
    rows = obligations.for_organisations(organisations, clock.today().year)
    return {
        "forwarded": selectors.forwarded_to_user(request.user).count(),
        "is_office": policies.is_office(request.user),
        "count": len(rows),
        "behind": [r for r in rows if r.behind][:8],
        "behind_count": sum(1 for r in rows if r.behind),
    }


def register() -> None:
    register_nav(
        NavEntry("contacts_mine", _("My linked deputies"), "contacts:home", _is_holder, order=30)
    )
    register_nav(
        NavEntry(
            "contacts_obligations",
            _("Organs and deputies"),
            "contacts:obligations",
            _has_organisations,
            order=31,
        )
    )
    register_nav(
        NavEntry(
            "contacts_meetings",
            _("Meeting requests"),
            "contacts:meetings",
            policies.can_see_meeting_requests,
            order=32,
        )
    )
    register_desk_panel(
        DeskPanel(
            "contacts_holder",
            _("My linked deputies (Art 67-69)"),
            "contacts/desk/holder.html",
            _holder,
            _is_holder,
            order=4,
        )
    )
    register_desk_panel(
        DeskPanel(
            "contacts_deputy",
            _("Standing Committee members linked to me"),
            "contacts/desk/deputy.html",
            _deputy,
            is_deputy,
            order=7,
        )
    )
    register_desk_panel(
        DeskPanel(
            "contacts_office",
            _("Organs and deputies (chapter 4)"),
            "contacts/desk/office.html",
            _organisations,
            _has_organisations,
            order=13,
        )
    )
