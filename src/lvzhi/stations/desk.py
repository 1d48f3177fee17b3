"""Menu entries and desk panels of the stations capability."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy

from . import policies, selectors
from .models import Status


def _is_staff(user: Any) -> bool:
    return policies.is_station_staff(user)


def _handles_opinions(user: Any) -> bool:
    return _is_staff(user) or is_deputy(user)


def _deputy(request: HttpRequest) -> dict[str, Any]:
    items = selectors.assigned_to_me(request.user)
    return {"items": list(items[:8]), "count": items.count(), "today": clock.today()}


def _staff(request: HttpRequest) -> dict[str, Any]:
    base = selectors.visible(request.user).filter(
        policies.staff_station_q(request.user, "station__")
    )
    return {
        "received": base.filter(status=Status.RECEIVED).count(),
        "handled": base.filter(status=Status.HANDLED).count(),
        "overdue": base.filter(selectors.overdue_q()).count(),
        "stations": list(selectors.staff_stations(request.user)[:5]),
    }


def register() -> None:
    register_nav(
        NavEntry(
            "stations_opinions",
            _("Citizens' opinions"),
            "stations:queue",
            _handles_opinions,
            order=30,
        )
    )
    register_nav(
        NavEntry(
            "stations_statistics",
            _("Station statistics"),
            "stations:statistics",
            policies.can_see_statistics,
            order=31,
        )
    )
    register_nav(
        NavEntry(
            "stations_standard",
            _("Station standard"),
            "stations:standard",
            policies.can_see_statistics,
            order=32,
        )
    )
    register_desk_panel(
        DeskPanel(
            "stations_deputy",
            _("Citizens' opinions given to me"),
            "stations/desk/deputy.html",
            _deputy,
            is_deputy,
            order=7,
        )
    )
    register_desk_panel(
        DeskPanel(
            "stations_staff",
            _("Citizens' opinions at my station"),
            "stations/desk/staff.html",
            _staff,
            _is_staff,
            order=8,
        )
    )
