"""Menu entries and desk panels of the work between sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy
from lvzhi.registry.policies import roles_of

from . import policies, selectors


def _has_groups(user: Any) -> bool:
    return bool(
        roles_of(user) & (policies.GROUP_STAFF_ROLES | policies.GROUP_LEAD_ROLES)
    ) or is_deputy(user)


def _organises(user: Any) -> bool:
    return bool(roles_of(user) & policies.INSPECTION_ROLES) or is_deputy(user)


def _legislates(user: Any) -> bool:
    return bool(roles_of(user) & policies.LEGISLATION_ROLES) or is_deputy(user)


def _trains(user: Any) -> bool:
    return bool(roles_of(user) & policies.TRAINING_ROLES)


def _learns(user: Any) -> bool:
    return policies.can_use_library(user)


def _leads(user: Any) -> bool:
    return bool(roles_of(user) & (policies.GROUP_STAFF_ROLES | policies.GROUP_LEAD_ROLES))


def _groups_panel(request: HttpRequest) -> dict[str, Any]:
    groups = list(selectors.groups_for(request.user).order_by("organisation__path")[:500])
    year = clock.today().year
    return {
        "groups": groups[:5],
        "flagged": selectors.flagged_groups(groups, year)[:8],
        "year": year,
    }


def _nav() -> list[NavEntry]:
    """The menu entries of the work between sessions, in the order they were registered."""
    rows: list[tuple[str, Any, str, Any, int]] = [
        ("mine", _("My activities"), "mine", is_deputy, 30),
        ("groups", _("Deputy groups"), "groups", _has_groups, 31),
        ("inspections", _("Inspections"), "inspections", _organises, 32),
        ("legislation", _("Legislation"), "projects", _legislates, 33),
        ("supervision", _("Supervision"), "supervisions", _legislates, 34),
        ("research", _("Thematic research"), "research_list", _organises, 33),
        ("trainings", _("Training"), "trainings", _trains, 35),
        ("library", _("Learning library"), "library", _learns, 36),
        ("unit_inbox", _("Addressed to my unit"), "unit_inbox", policies.is_unit_staff, 38),
        ("forum", _("Forum"), "forum", policies.can_use_forum, 37),
    ]
    return [
        NavEntry(f"activities_{key}", label, f"activities:{url}", visible, order=order)
        for key, label, url, visible, order in rows
    ]


def register() -> None:
    for entry in _nav():
        register_nav(entry)
    register_desk_panel(
        DeskPanel(
            "activities_groups",
            _("Deputy groups"),
            "activities/desk/groups.html",
            _groups_panel,
            _leads,
            order=8,
        )
    )
