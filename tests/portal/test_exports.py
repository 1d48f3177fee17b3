"""Every public list also downloads as CSV and xlsx (issue 9, item 4; R43, Art 84): public
suggestions, public proposals, liaison stations and news — the same rows as the page, linked
from the page. (The deputies' directory has its own test in test_pages.py.)"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from lvzhi.portal.models import News
from lvzhi.proposals import selectors as proposal_selectors
from lvzhi.stations import selectors as station_selectors
from lvzhi.suggestions import selectors as suggestion_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _rows(response: Any, export: str) -> list[list[str]]:
    body = _body(response)
    if export == "csv":
        import csv

        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    import datetime as dt

    def text(v: Any) -> str:  # dates are real dates in the workbook (issue 23.2)
        if isinstance(v, dt.datetime) and v.time() == dt.time():
            return v.date().isoformat()
        return "" if v is None else str(v)

    # The first row is the title (what, filter, when), then the header.
    return [[text(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _lists() -> list[tuple[str, str, list[str]]]:
    """(page, file name, the first column's expected values, in the page's order)."""
    return [
        (
            "/suggestions/public/",
            "public-suggestions",
            [str(s.number) for s in suggestion_selectors.public()],
        ),
        ("/proposals/public/", "proposals", [str(p.number) for p in proposal_selectors.public()]),
        (
            "/stations/",
            "stations",
            [s.organisation.name for s in station_selectors.public_stations()],
        ),
        (
            "/portal/news/",
            "news",
            [
                n.published_on.isoformat()
                for n in News.objects.filter(is_published=True).order_by("-published_on", "-id")
                if n.published_on
            ],
        ),
    ]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_r43_every_public_list_downloads_as_csv_and_xlsx_with_the_pages_rows(export: str) -> None:
    for url, _name, first_column in _lists():
        assert first_column, f"{url}: the demo data has rows to export"
        response = Client().get(url, {"format": export})
        assert response.status_code == 200, url
        disposition = response["Content-Disposition"]
        assert "filename*=UTF-8''" in disposition and disposition.endswith(f".{export}"), url
        rows = _rows(response, export)
        assert len(rows) == len(first_column) + 1, url  # a header row, then every item
        assert [r[0] for r in rows[1:]] == first_column, url


def test_r43_public_suggestion_download_follows_the_search_and_hides_private_ones() -> None:
    public = list(suggestion_selectors.public())
    title = public[0].title
    rows = _rows(Client().get("/suggestions/public/", {"q": title, "format": "csv"}), "csv")
    assert title in [r[1] for r in rows[1:]]
    assert len(rows) - 1 == suggestion_selectors.public(title).count()


@pytest.mark.parametrize(
    "url", ["/suggestions/public/", "/proposals/public/", "/stations/", "/portal/news/"]
)
def test_r43_every_public_list_links_its_downloads(url: str) -> None:
    html = Client().get(url).content.decode()
    assert "format=csv" in html and "format=xlsx" in html
