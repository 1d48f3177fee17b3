"""Menu entries and desk panels of meetings: deputies see their meetings and notices, staff
see attendance and leave requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy
from lvzhi.registry.policies import roles_of

from . import policies, selectors
from .models import Notice


def _sees_meetings(user: Any) -> bool:
    return is_deputy(user) or policies.is_any_staff(user)


def _decides_leave(user: Any) -> bool:
    return bool(roles_of(user) & policies.LEAVE_ROLES)


def _deputy(request: HttpRequest) -> dict[str, Any]:
    d = policies.deputy_id(request.user) or 0
    upcoming = (
        selectors.meetings_for(request.user)
        .filter(closes_at__gte=clock.now())
        .order_by("opens_at")[:5]
    )
    notices = (
        Notice.objects.filter(meeting__participants__deputy_id=d)
        .select_related("meeting")
        .order_by("-sent_at")[:3]
    )
    return {"upcoming": list(upcoming), "notices": list(notices)}


def _staff(request: HttpRequest) -> dict[str, Any]:
    now = clock.now()
    current = (
        selectors.meetings_for(request.user)
        .filter(closes_at__gte=now)
        .exclude(participants__deputy_id=policies.deputy_id(request.user) or 0)
        .order_by("opens_at")[:5]
    )
    return {"current": list(current)}


def _leaves(request: HttpRequest) -> dict[str, Any]:
    return {"pending": selectors.pending_leaves(request.user).count()}


def register() -> None:
    register_nav(NavEntry("meetings", _("Meetings"), "meetings:list", _sees_meetings, order=30))
    register_nav(
        NavEntry(
            "meetings_leaves", _("Leave requests"), "meetings:leaves", _decides_leave, order=31
        )
    )
    register_desk_panel(
        DeskPanel(
            "meetings_deputy", _("Meetings"), "meetings/desk/deputy.html", _deputy, is_deputy, 4
        )
    )
    register_desk_panel(
        DeskPanel(
            "meetings_staff",
            _("Meetings and attendance"),
            "meetings/desk/staff.html",
            _staff,
            policies.is_any_staff,
            9,
        )
    )
    register_desk_panel(
        DeskPanel(
            "meetings_leaves",
            _("Leave requests"),
            "meetings/desk/leaves.html",
            _leaves,
            _decides_leave,
            10,
        )
    )
