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


def register() -> None:
    register_nav(
        NavEntry("activities_mine", _("My activities"), "activities:mine", is_deputy, order=30)
    )
    register_nav(
        NavEntry(
            "activities_groups", _("Deputy groups"), "activities:groups", _has_groups, order=31
        )
    )
    register_nav(
        NavEntry(
            "activities_inspections",
            _("Inspections"),
            "activities:inspections",
            _organises,
            order=32,
        )
    )
    register_nav(
        NavEntry(
            "activities_legislation", _("Legislation"), "activities:projects", _legislates, order=33
        )
    )
    register_nav(
        NavEntry(
            "activities_supervision",
            _("Supervision"),
            "activities:supervisions",
            _legislates,
            order=34,
        )
    )
    register_nav(
        NavEntry(
            "activities_research",
            _("Thematic research"),
            "activities:research_list",
            _organises,
            order=33,
        )
    )
    register_nav(
        NavEntry("activities_trainings", _("Training"), "activities:trainings", _trains, order=35)
    )
    register_nav(
        NavEntry(
            "activities_library", _("Learning library"), "activities:library", _learns, order=36
        )
    )
    register_nav(
        NavEntry(
            "activities_unit_inbox",
            _("Addressed to my unit"),
            "activities:unit_inbox",
            policies.is_unit_staff,
            order=38,
        )
    )
    register_nav(
        NavEntry(
            "activities_forum", _("Forum"), "activities:forum", policies.can_use_forum, order=37
        )
    )
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
