"""Role-aware navigation and the panels of "my desk" (工作台).

``core`` knows no domain app; each app registers its menu entries and desk panels in its
``AppConfig.ready()`` with a visibility predicate from its own policies. Later capabilities
add theirs the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


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


_nav: dict[str, NavEntry] = {}
_panels: dict[str, DeskPanel] = {}


def register_nav(entry: NavEntry) -> None:
    _nav[entry.key] = entry


def register_desk_panel(panel: DeskPanel) -> None:
    _panels[panel.key] = panel


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    current = request.path
    items = []
    for entry in sorted(_nav.values(), key=lambda e: (e.order, e.key)):
        if entry.visible(user):
            url = reverse(entry.url_name)
            items.append(
                {
                    "key": entry.key,
                    "label": entry.label,
                    "url": url,
                    "icon": entry.icon,
                    "active": current == url or (url != "/" and current.startswith(url)),
                }
            )
    return items


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
