"""The authorisation matrix (issue 11, item 1): every route of the platform, pages and API,
requested by every demo persona and by an anonymous visitor, with the expected answer written
down per cell in ``tests/authorisation_matrix.csv``.

A route that is missing from the table fails the test, so a new route cannot arrive without
someone deciding who may open it. Routes with an id in the URL are requested with an id that
does not exist (everyone signed in must get the same 404 as for a forbidden one; the scoping of
real records is proven per app); routes with a word in the URL get the word ``x``.

After adding a route, write its row with
``LVZHI_WRITE_AUTHZ_MATRIX=1 pytest tests/test_authorisation_matrix.py`` and review the diff:
each cell is a decision ("200", "302:login" = sent to sign in, "404", "405" = wrong method …).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lvzhi.core import clock
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db

MATRIX = Path(__file__).with_name("authorisation_matrix.csv")
PERSONAS = (
    "anonymous",
    "admin",
    "office",
    "secretariat",
    "recorder",
    "committee",
    "yining",
    "chabuchaer",
    "tacheng",
    "scmember",
    "handling",
    "station",
    "deputy",
    "groupleader",
)
MISSING_ID = "987654321"


def _routes() -> Iterator[tuple[str, str]]:
    def walk(resolver: URLResolver, prefix: str, ns: str) -> Iterator[tuple[str, str]]:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from walk(p, prefix + str(p.pattern), inner or "")
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns else (p.name or "")
                yield name or prefix + str(p.pattern), prefix + str(p.pattern)

    seen: set[str] = set()
    for name, pattern in walk(get_resolver(), "", ""):
        key = f"{name} {pattern}"
        if key not in seen:
            seen.add(key)
            yield name, pattern


def _url(pattern: str) -> str:
    def arg(m: re.Match[str]) -> str:
        converter = m.group(1) or "str"
        return MISSING_ID if converter == "int" or m.group(2).endswith("id") else "x"

    path = re.sub(r"<(?:(\w+):)?(\w+)>", arg, pattern)
    return "/" + path.lstrip("^").rstrip("$")


def _answer(response: Any) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        location = response.get("Location", "")
        return f"{code}:login" if "/login/" in location else f"{code}"
    return str(code)


def _client(persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
        session = client.session
        session["last_seen"] = session["started_at"] = clock.now().timestamp()
        session.save()
    return client


def _observe() -> dict[tuple[str, str], dict[str, str]]:
    clients = {p: _client(p) for p in PERSONAS}
    table: dict[tuple[str, str], dict[str, str]] = {}
    for name, pattern in _routes():
        url = _url(pattern)
        table[(name, pattern)] = {p: _answer(clients[p].get(url)) for p in PERSONAS}
    return table


def _read() -> dict[tuple[str, str], dict[str, str]]:
    with MATRIX.open(encoding="utf-8", newline="") as f:
        return {
            (row["route"], row["pattern"]): {p: row[p] for p in PERSONAS}
            for row in csv.DictReader(f)
        }


def test_every_route_answers_every_persona_as_the_matrix_says() -> None:
    observed = _observe()
    if os.environ.get("LVZHI_WRITE_AUTHZ_MATRIX"):
        with MATRIX.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["route", "pattern", *PERSONAS])
            for (name, pattern), cells in sorted(observed.items()):
                writer.writerow([name, pattern, *(cells[p] for p in PERSONAS)])
    expected = _read()
    unlisted = sorted(set(observed) - set(expected))
    assert unlisted == [], "routes without a row in tests/authorisation_matrix.csv"
    gone = sorted(set(expected) - set(observed))
    assert gone == [], "rows for routes that no longer exist"
    differ = [
        (route, persona, expected[route][persona], cells[persona])
        for route, cells in observed.items()
        for persona in PERSONAS
        if cells[persona] != expected[route][persona]
    ]
    assert differ == []


def test_no_route_gives_a_server_error_to_anyone() -> None:
    errors = [
        (route, persona)
        for route, cells in _read().items()
        for persona, answer in cells.items()
        if answer.startswith("5")
    ]
    assert errors == []


def test_anonymous_visitors_reach_only_public_pages() -> None:
    """Everything an anonymous visitor can open (200) is meant to be public."""
    public = sorted(
        name for (name, _pattern), cells in _read().items() if cells["anonymous"] == "200"
    )
    allowed = re.compile(
        r"^(core:(login|healthz|readyz|activate|password_forgot)|api:(openapi-json|openapi-view|public_.*|api-root)|"
        r".*public.*|stations:(list|detail|opinion_new|qr|sent|track)|portal:.*)$"
    )
    assert [name for name in public if not allowed.match(name)] == []
