"""Menu entries and desk panels of the suggestions capability."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy
from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of

from . import policies, selectors
from .models import Status


def _is_staff(user: Any) -> bool:
    return bool(roles_of(user) & policies.STAFF_ROLES)


def _is_unit(user: Any) -> bool:
    return Role.HANDLING_UNIT in roles_of(user)


def _deputy(request: HttpRequest) -> dict[str, Any]:
    mine = selectors.mine(request.user)
    d = policies.deputy_id(request.user)
    return {
        "open_count": mine.filter(status__in=[Status.SUBMITTED, Status.ASSIGNED]).count(),
        "invitations": list(selectors.invitations(request.user)[:5]),
        "to_evaluate": list(mine.filter(status=Status.REPLIED, proposer_id=d)[:5]),
    }


def _staff(request: HttpRequest) -> dict[str, Any]:
    base = selectors.queue(request.user, selectors.QueueFilters(status=""))
    return {
        "submitted": base.filter(status=Status.SUBMITTED).count(),
        "flagged": base.filter(status=Status.SUBMITTED, screening="flagged").count(),
        "overdue": base.filter(selectors.overdue_q()).count(),
        "extensions": selectors.pending_extensions(request.user).count(),
    }


def _unit(request: HttpRequest) -> dict[str, Any]:
    today = clock.today()
    open_ = selectors.inbox(request.user)
    return {
        "open": open_.count(),
        "overdue": open_.filter(selectors.overdue_q("suggestion__")).count(),
        "due_soon": open_.filter(
            suggestion__due_on__gte=today, suggestion__due_on__lte=today + dt.timedelta(days=30)
        ).count(),
    }


def _is_committee(user: Any) -> bool:
    return Role.COMMITTEE in roles_of(user)


def _key(request: HttpRequest) -> dict[str, Any]:
    """R17: special committees follow the key supervised suggestions."""
    items = selectors.queue(request.user, selectors.QueueFilters(status="", key_supervision=True))
    return {
        "items": list(items.exclude(status__in=[Status.EXCLUDED, Status.MERGED])[:8]),
        "today": clock.today(),
    }


def register() -> None:
    register_nav(
        NavEntry("suggestions_mine", _("My suggestions"), "suggestions:mine", is_deputy, order=20)
    )
    register_nav(
        NavEntry("suggestions_queue", _("Suggestions"), "suggestions:queue", _is_staff, order=21)
    )
    register_nav(
        NavEntry(
            "suggestions_inbox", _("Assigned suggestions"), "suggestions:inbox", _is_unit, order=22
        )
    )
    register_desk_panel(
        DeskPanel(
            "suggestions_deputy",
            _("Suggestions"),
            "suggestions/desk/deputy.html",
            _deputy,
            is_deputy,
            order=6,
        )
    )
    register_desk_panel(
        DeskPanel(
            "suggestions_staff",
            _("Suggestions to handle"),
            "suggestions/desk/staff.html",
            _staff,
            _is_staff,
            order=11,
        )
    )
    register_desk_panel(
        DeskPanel(
            "suggestions_key",
            _("Key supervised suggestions"),
            "suggestions/desk/key.html",
            _key,
            _is_committee,
            order=12,
        )
    )
    register_desk_panel(
        DeskPanel(
            "suggestions_unit",
            _("Suggestions assigned to my unit"),
            "suggestions/desk/unit.html",
            _unit,
            _is_unit,
            order=11,
        )
    )
