"""Role-aware navigation and the panels of "my desk" (工作台).

``core`` knows no domain app; each app registers its menu entries and desk panels in its
``AppConfig.ready()`` with a visibility predicate from its own policies. Later capabilities
add theirs the same way.

Where an entry appears is decided here, in one place: ``NAV_GROUPS`` groups the entries as the
regulation groups the work (issue 22.1) — sessions and voting; proposals and suggestions; the
work between sessions; contacts; stations and citizens' opinions; records and evaluation;
administration. The header shows "my desk" (the user's open tasks) beside one menu per group;
a group shows only the entries its predicate lets the user open, and a group left empty is not
shown at all. ``tests/core/test_navigation.py`` checks that every registered entry has exactly
one group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .tables import escape

ARIA_CURRENT = ' aria-current="page"'


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class DeskPanel:
    """A block of the desk page: ``render(request)`` returns context for ``template``."""

    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class NavGroup:
    """One menu of the header: the keys of the entries it holds, in their order."""

    key: str
    label: str | Promise
    entries: tuple[str, ...]


# The entry every signed-in user has, outside the menus: the desk with their open tasks.
DESK_ENTRY = "desk"

NAV_GROUPS: tuple[NavGroup, ...] = (
    NavGroup(
        "sessions",
        _("Sessions and voting"),
        ("meetings", "meetings_leaves", "voting", "sessions"),
    ),
    NavGroup(
        "motions",
        _("Proposals and suggestions"),
        (
            "suggestions_mine",
            "proposals_mine",
            "suggestions_queue",
            "proposals_queue",
            "suggestions_inbox",
            "proposals_consultations",
        ),
    ),
    NavGroup(
        "between",
        _("Between sessions"),
        (
            "activities_mine",
            "activities_unit_inbox",
            "activities_groups",
            "activities_inspections",
            "activities_research",
            "activities_legislation",
            "activities_supervision",
            "activities_trainings",
            "activities_library",
            "activities_forum",
        ),
    ),
    NavGroup(
        "contacts",
        _("Contact work"),
        ("contacts_mine", "contacts_obligations", "contacts_meetings"),
    ),
    NavGroup(
        "stations",
        _("Stations and citizens"),
        ("stations_opinions", "stations_statistics", "stations_standard", "portal_news"),
    ),
    NavGroup(
        "records",
        _("Records and evaluation"),
        (
            "directory",
            "records",
            "records_evaluation",
            "records_certificates",
            "compliance",
            "compliance_dashboard",
            "compliance_reports",
        ),
    ),
    NavGroup(
        "admin",
        _("Administration"),
        ("organisations", "accounts", "audit", "deliveries", "calendar"),
    ),
)

# Entries of the user's own account, in the account menu beside their name (not work).
ACCOUNT_ENTRIES: tuple[str, ...] = ("api_tokens",)


_nav: dict[str, NavEntry] = {}
_panels: dict[str, DeskPanel] = {}


def register_nav(entry: NavEntry) -> None:
    _nav[entry.key] = entry


def register_desk_panel(panel: DeskPanel) -> None:
    _panels[panel.key] = panel


def registered_entries() -> dict[str, NavEntry]:
    return dict(_nav)


def _item(entry: NavEntry, current: str) -> dict[str, Any]:
    url = reverse(entry.url_name)
    return {
        "key": entry.key,
        "label": entry.label,
        "url": url,
        "icon": entry.icon,
        "active": current == url or (url != "/" and current.startswith(url)),
    }


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    """Every entry the user may open, flat (the order of registration)."""
    user = request.user
    return [
        _item(entry, request.path)
        for entry in sorted(_nav.values(), key=lambda e: (e.order, e.key))
        if entry.visible(user)
    ]


def grouped_menu_for(request: HttpRequest) -> dict[str, Any]:
    """The header: ``desk`` (or None), the groups of ``NAV_GROUPS`` the user has entries in,
    each with those entries, and the user's ``account`` entries. An entry no group names (a
    capability added without a place here) joins the last group rather than disappear."""
    user = request.user
    placed = {key for group in NAV_GROUPS for key in group.entries} | set(ACCOUNT_ENTRIES)
    desk_entry = _nav.get(DESK_ENTRY)
    desk = _item(desk_entry, request.path) if desk_entry and desk_entry.visible(user) else None
    groups = []
    for index, group in enumerate(NAV_GROUPS):
        keys = list(group.entries)
        if index == len(NAV_GROUPS) - 1:
            keys += sorted(k for k in _nav if k not in placed and k != DESK_ENTRY)
        items = [
            _item(_nav[key], request.path)
            for key in keys
            if key in _nav and _nav[key].visible(user)
        ]
        if items:
            groups.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "items": items,
                    "active": any(i["active"] for i in items),
                }
            )
    account = [
        _item(_nav[key], request.path)
        for key in ACCOUNT_ENTRIES
        if key in _nav and _nav[key].visible(user)
    ]
    return {"desk": desk, "groups": groups, "account": account}


def desk_panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.visible(request.user):
            out.append(
                {
                    "key": panel.key,
                    "title": panel.title,
                    "template": panel.template,
                    **panel.context(request),
                }
            )
    return out


def items_html(items: list[dict[str, Any]]) -> SafeString:
    """The ``<li>`` links of a menu's entries (written in Python: issue 26.2, the header is on
    every page and its 40-odd links cost more through the template engine than the rest of
    the header)."""
    return SafeString(
        "".join(
            f'<li><a href="{escape(item["url"])}" data-nav-entry="{escape(item["key"])}"'
            f"{ARIA_CURRENT if item['active'] else ''}>{escape(item['label'])}</a></li>"
            for item in items
        )
    )


def groups_html(groups: list[dict[str, Any]]) -> SafeString:
    """The header's groups of ``grouped_menu_for``, each a ``<details>`` with its links."""
    parts = ['<ul class="navgroups">']
    for group in groups:
        active = ' class="active"' if group["active"] else ""
        parts.append(
            f'<li><details class="navgroup" id="nav-{escape(group["key"])}" data-navgroup>'
            f"<summary{active}>{escape(group['label'])}</summary>"
            f'<ul class="navmenu">{items_html(group["items"])}</ul></details></li>'
        )
    parts.append("</ul>")
    return SafeString("".join(parts))
