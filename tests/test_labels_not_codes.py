"""Labels, not codes (issue 22, point 5): the main pages of each role, on the seeded data, and
the CSV exports they link, show no raw choice value ("judicial_case", "research", "budget")
and no account's username ("deputy7373", "unit19") — people read names and labels.

The choice values are collected from every model field with choices; the pages are each
persona's list pages (the authorisation matrix's 200 cells without an id), and one detail page
per kind of link found on them."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from lvzhi.core import clock
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db

MATRIX = Path(__file__).with_name("authorisation_matrix.csv")
PERSONAS = ("office", "secretariat", "committee", "handling", "station", "deputy", "scmember")
# Values that are also ordinary text on a Chinese page: one letter (result classes A-D), file
# formats, and words a page shows as such.
ORDINARY = {"pdf", "csv", "xlsx", "docx", "sms", "email", "webhook", "api", "ip"}
WORD = re.compile(r"(?<![A-Za-z0-9_./@-])[A-Za-z][A-Za-z0-9_]{2,}(?![A-Za-z0-9_/@.-])")


def _choice_values() -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and len(value) >= 3 and value.lower() not in ORDINARY:
                    values.add(value)
    return values


def _visible_text(body: str) -> str:
    body = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<!--.*?-->", " ", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


def _client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    s = c.session
    s["last_seen"] = s["started_at"] = clock.now().timestamp()
    s.save()
    return c


def _list_pages(persona: str) -> list[str]:
    with MATRIX.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        "/" + r["pattern"]
        for r in rows
        if r[persona] == "200" and "<" not in r["pattern"] and not r["pattern"].startswith("api/")
    ]


def _detail_links(body: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for href in re.findall(r'href="(/[a-z-]+/(?:[a-z-]+/)?\d+/)"', body):
        out.setdefault(re.sub(r"\d+", "N", href), href)
    return out


def _problems(text: str, codes: set[str], usernames: set[str]) -> set[str]:
    found = set()
    for w in WORD.findall(text):
        if w in codes:
            found.add(f"code {w}")
        elif w in usernames:
            found.add(f"username {w}")
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_and_exports_show_labels_not_codes_nor_usernames(persona: str) -> None:
    codes = _choice_values()
    usernames = set(User.objects.filter(username__regex=r"\d$").values_list("username", flat=True))
    client = _client(persona)
    pages = _list_pages(persona)
    seen: dict[str, str] = {}
    bad: dict[str, set[str]] = {}
    for url in pages:
        r = client.get(url)
        if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
            continue
        body = r.content.decode()
        if p := _problems(_visible_text(body), codes, usernames):
            bad[url] = p
        for shape, href in _detail_links(body).items():
            seen.setdefault(shape, href)
        if 'href="?format=csv"' in body:
            export = client.get(url + "?format=csv")
            if export.status_code == 200 and (
                p := _problems(b"".join(_content(export)).decode("utf-8-sig"), codes, usernames)
            ):
                bad[url + "?format=csv"] = p
    for href in seen.values():
        r = client.get(href)
        html_page = r.status_code == 200 and "text/html" in r.get("Content-Type", "")
        if html_page and (p := _problems(_visible_text(r.content.decode()), codes, usernames)):
            bad[href] = p
    assert bad == {}


def _content(response: Any) -> list[bytes]:
    return list(response.streaming_content) if response.streaming else [response.content]


def test_the_screening_flags_are_told_in_words() -> None:
    """Issue 22: staff read "judicial_case: 判决、案件 no_substance: 56" on a flagged item."""
    from lvzhi.suggestions import services

    from .suggestions.helpers import draft, u

    s = services.submit(
        actor=u("deputy"), suggestion=draft(title="关于再审案件的建议", body="请求法院再审该案件。")
    )
    assert s.screening == "flagged"
    page = _visible_text(_client("office").get(f"/suggestions/{s.pk}/").content.decode())
    assert "judicial_case" not in page and "no_substance" not in page
    assert "看起来是司法案件（发现的词：再审、案件）" in page
    assert "内容过短，不像一件建议" in page
