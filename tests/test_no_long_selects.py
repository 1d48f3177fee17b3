"""No select offers more than about a hundred options (issue 22.2): wherever a form chooses a
deputy, an organisation, a congress term, a division or a liaison station, it uses a picker.

Two walks: every form class the project defines (outside activities, restructured elsewhere)
is introspected for a choice of those models without a picker; and the pages each persona
reaches from the header's menu, and the pages those link to, are rendered over the demo seed
and every <select> on them counted. A list whose choices grow with the user's scope is also
rendered at a size the demo seed does not reach (the opinion list's stations, the
directory's divisions and delegations)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import Resolver404, resolve

import lvzhi
from lvzhi.core.models import Division, User
from lvzhi.core.navigation import grouped_menu_for
from lvzhi.registry.models import Deputy, Organisation, Term
from lvzhi.registry.pickers import PickerFieldMixin
from lvzhi.stations.models import Station

MAX_OPTIONS = 100
LARGE_MODELS = (Deputy, Organisation, Term, Division, User, Station)
SKIPPED_APPS: tuple[str, ...] = ()

# Choices that are small by construction, each with the reason.
SMALL_BY_CONSTRUCTION = {
    # The contact log offers the member's own linked deputies (three, R33) as big buttons.
    ("lvzhi.contacts.forms", "ContactForm", "deputy"),
    # The committee's professional group (8-10, R36) as boxes; otherwise a picker replaces it.
    ("lvzhi.contacts.forms", "ActivityForm", "participants"),
    # Staff accounts of one organisation (a handful).
    ("lvzhi.contacts.forms", "HolderForm", "user"),
    ("lvzhi.suggestions.forms", "InboxBulkForm", "handler"),
    # The deputy's own current terms (one per level they sit at: at most five).
    ("lvzhi.suggestions.forms", "DraftForm", "term"),
    ("lvzhi.contacts.forms", "MeetingRequestForm", "term"),
    # The station's own deputies (a few dozen at most, Art 80).
    ("lvzhi.stations.forms", "OpinionForm", "deputy"),
    ("lvzhi.stations.forms", "AssignForm", "deputies"),
    ("lvzhi.stations.forms", "EntryForm", "deputy"),
    ("lvzhi.stations.forms", "ReceptionForm", "deputies"),
    ("lvzhi.stations.forms", "ActivityForm", "deputies"),
    # Station organisations of the staff's own unit not yet set up.
    ("lvzhi.stations.forms", "StationSetupForm", "organisation"),
    # The directors' meetings' assignment plans (a few a year), given when the form is made.
    ("lvzhi.suggestions.forms", "AssignForm", "plan"),
    ("lvzhi.proposals.forms", "AssignForm", "plan"),
}


def _form_modules() -> list[Any]:
    out = []
    for info in pkgutil.iter_modules(lvzhi.__path__):
        if not info.ispkg or info.name in SKIPPED_APPS:
            continue
        try:
            out.append(importlib.import_module(f"lvzhi.{info.name}.forms"))
        except ModuleNotFoundError:
            continue
    return out


def test_every_choice_of_a_large_table_is_a_picker() -> None:
    offenders = []
    seen = 0
    for module in _form_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                if not isinstance(field, forms.ModelChoiceField):
                    continue
                seen += 1
                if (module.__name__, name, field_name) in SMALL_BY_CONSTRUCTION:
                    continue
                # A queryset given only when the form is made must be listed above as small.
                model = field.queryset.model if field.queryset is not None else None
                if (model is not None and model not in LARGE_MODELS) or isinstance(
                    field, PickerFieldMixin
                ):
                    continue
                offenders.append(f"{module.__name__}.{name}.{field_name}")
    assert seen > 10
    assert offenders == []


class _Selects(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[tuple[str, int]] = []
        self._name: str | None = None
        self._count = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "select":
            self._name, self._count = a.get("name") or "?", 0
        elif tag == "option" and self._name is not None:
            self._count += 1
        elif tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._name is not None:
            self.sizes.append((self._name, self._count))
            self._name = None


PERSONAS = (
    "admin",
    "office",
    "secretariat",
    "committee",
    "yining",
    "scmember",
    "handling",
    "station",
    "deputy",
)
SKIP_PATHS = re.compile(
    r"^/(static|media|portal|api|logout|login)/|\.(csv|xlsx|docx|pdf|svg|png|json)"
)
PER_ROUTE = 2  # pages rendered per URL pattern: the forms are the same on every detail


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_no_page_offers_a_select_of_more_than_a_hundred_options(login: Any, username: str) -> None:
    client = login(username)
    request = RequestFactory().get("/desk/")
    request.user = User.objects.get(username=username)
    menu = grouped_menu_for(request)
    queue = [i["url"] for g in menu["groups"] for i in g["items"]] + ["/desk/"]
    visited: set[str] = set()
    per_route: Counter[str] = Counter()
    too_long = []
    depth = {url: 0 for url in queue}
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in visited or SKIP_PATHS.search(path):
            continue
        try:
            route = resolve(path).view_name
        except Resolver404:
            continue
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        visited.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Selects()
        parser.feed(response.content.decode())
        too_long += [(url, name, n) for name, n in parser.sizes if n > MAX_OPTIONS]
        if depth[url] < 1:
            for link in parser.links:
                if link not in depth:
                    depth[link] = depth[url] + 1
                    queue.append(link)
    assert len(visited) > 3
    assert too_long == []


def _long_selects(body: str) -> list[tuple[str, int]]:
    parser = _Selects()
    parser.feed(body)
    return [(name, n) for name, n in parser.sizes if n > MAX_OPTIONS]


@pytest.mark.django_db
def test_the_opinion_list_offers_no_select_of_the_stations_in_scope(login: Any) -> None:
    """The opinion list's station filter: staff over a large prefecture's liaison posts have
    thousands of stations (19,654 at the ``large`` scale, 1.2 MB of options). With more
    stations in scope than a select may hold, the page has no long select."""
    from tests.stations.helpers import many_stations, station

    many_stations(MAX_OPTIONS + 20, station())
    response = login("station").get("/stations/opinions/")
    assert response.status_code == 200
    assert _long_selects(response.content.decode()) == []


@pytest.mark.django_db
def test_the_directory_offers_no_select_of_the_divisions_or_delegations(login: Any) -> None:
    """The staff directory's division and delegation filters: at the ``large`` scale some
    1,700 counties and as many delegations (two thirds of a 127 KB page). With more of each
    than a select may hold, the page has no long select."""
    from lvzhi.registry import selectors
    from tests.registry.factories import add_divisions_and_delegations

    office = User.objects.get(username="office")
    delegation = selectors.directory_delegations(office).exclude(parent=None).first()
    assert delegation is not None and delegation.parent is not None
    add_divisions_and_delegations(MAX_OPTIONS + 20, delegation.parent)
    assert selectors.directory_divisions().count() > MAX_OPTIONS
    assert selectors.directory_delegations(office).count() > MAX_OPTIONS
    response = login("office").get("/registry/deputies/", {"division": "654002"})
    assert response.status_code == 200
    assert _long_selects(response.content.decode()) == []
