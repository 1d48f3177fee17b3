"""Issue 22.7 for the visitors: the public lists' workbooks (the directory of deputies, the
published suggestions, the decided proposals) are not written inside the request when they are
long. The whole list is a stored document (``core.publicfiles`` over ``core.prebuilt``), one
per language, served at once and made again after a change; a search within the bound is
written at once; a longer search is offered as CSV or as the whole list's workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape
from openpyxl import load_workbook

from lvzhi.core import audit, publicfiles
from lvzhi.portal import files as portal_files
from lvzhi.proposals import files as proposal_files
from lvzhi.proposals import selectors as proposal_selectors
from lvzhi.registry import selectors as registry_selectors
from lvzhi.suggestions import files as suggestion_files
from lvzhi.suggestions import selectors as suggestion_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _lists() -> list[tuple[str, publicfiles.PublicList, int, str]]:
    """(page, its workbook, rows of the whole list, a search giving fewer rows)."""
    suggestion = suggestion_selectors.public().first()
    proposal = proposal_selectors.public().first()
    deputies = registry_selectors.public_deputies(registry_selectors.PublicFilters())
    deputy = deputies.first()
    assert suggestion is not None and proposal is not None and deputy is not None
    return [
        ("/portal/deputies/", portal_files.DIRECTORY, deputies.count(), deputy.name),
        (
            "/suggestions/public/",
            suggestion_files.PUBLIC,
            suggestion_selectors.public().count(),
            suggestion.title,
        ),
        (
            "/proposals/public/",
            proposal_files.PUBLIC,
            proposal_selectors.public().count(),
            proposal.subject,
        ),
    ]


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(_body(response))).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))  # title row, header, the lines


def _stored(name: str) -> list[Path]:
    return sorted(Path(settings.PREBUILT_ROOT).glob(f"{name}-*.xlsx"))


def test_the_whole_list_is_a_stored_workbook_served_from_its_file(monkeypatch: Any) -> None:
    for url, public, total, _search in _lists():
        first = Client().get(url, {"format": "xlsx"})
        assert first.status_code == 200, url
        assert first["Content-Disposition"].endswith(".xlsx"), url
        assert len(_sheet(first)) == total + 2, url
        stored = _stored(f"{public.name}-zh-hans")
        assert [p.name.endswith(f"-{first['X-Data-Version']}.xlsx") for p in stored] == [True]

        def not_again(*args: Any) -> bytes:
            raise AssertionError("the current version is built once")

        monkeypatch.setattr(public.builder, not_again)
        again = Client().get(url, {"format": "xlsx"})
        assert _body(again) == stored[0].read_bytes() == _body(first), url


def test_a_change_makes_the_stored_workbook_again() -> None:
    url, public, _total, _search = _lists()[0]
    before = Client().get(url, {"format": "xlsx"})["X-Data-Version"]
    audit.record(actor=None, action="test.change", object_type="test", object_id="1")
    after = Client().get(url, {"format": "xlsx"})
    assert after["X-Data-Version"] != before  # (the immediate task backend rebuilt it)
    assert [p.name for p in _stored(f"{public.name}-zh-hans")] == [
        f"{public.name}-zh-hans-{after['X-Data-Version']}.xlsx"
    ]


def test_the_stored_workbook_speaks_the_visitors_language() -> None:
    url, public, _total, _search = _lists()[1]
    chinese = _sheet(Client().get(url, {"format": "xlsx"}))
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "ug"  # what the language link sets
    uyghur = _sheet(visitor.get(url, {"format": "xlsx"}))
    assert chinese[1][:2] == ("编号", "标题")
    assert uyghur[1][:2] == ("نومۇر", "ماۋزۇ")
    assert len(chinese) == len(uyghur)
    assert _stored(f"{public.name}-ug") and _stored(f"{public.name}-zh-hans")


def test_a_search_within_the_bound_is_written_at_once() -> None:
    for url, public, total, search in _lists():
        response = Client().get(url, {"q": search, "format": "xlsx"})
        assert response.status_code == 200, url
        assert "X-Data-Version" not in response, url  # not the stored whole list
        lines = _sheet(response)[2:]
        assert 1 <= len(lines) < total, url
        assert not _stored(f"{public.name}-zh-hans"), url


def test_a_longer_search_is_offered_as_csv_or_the_whole_list(monkeypatch: Any) -> None:
    monkeypatch.setattr(publicfiles, "INLINE_MAX_ROWS", 0)
    for url, _public, _total, search in _lists():
        response = Client().get(url, {"q": search, "format": "xlsx", "page": "2"})
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "所选结果过多" in html, url
        # the same search as CSV (not the page), and the whole list's stored workbook
        assert f'href="{escape("?" + urlencode({"q": search, "format": "csv"}))}"' in html, url
        assert 'href="?format=xlsx"' in html, url
        csv = Client().get(url, {"q": search, "format": "csv"})
        assert csv.status_code == 200 and _body(csv).decode("utf-8-sig").count("\n") >= 2, url


def test_the_command_line_makes_every_workbook_ahead_of_time(monkeypatch: Any) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("prebuild", stdout=out)
    names = sorted(publicfiles.LISTS)
    assert names == ["public-deputies", "public-proposals", "public-suggestions"]
    for name in names:
        for language in publicfiles.languages():
            assert len(_stored(f"{name}-{language}")) == 1, (name, language)
    assert f"{len(names) * len(publicfiles.languages())} made" in out.getvalue()
    assert "public workbooks" in out.getvalue()  # the progress bar's line

    def not_in_the_request(*args: Any) -> bytes:
        raise AssertionError("the first visitor does not wait for the workbook")

    for url, public, _total, _search in _lists():
        monkeypatch.setattr(public.builder, not_in_the_request)
        assert Client().get(url, {"format": "xlsx"}).status_code == 200, url
    again = io.StringIO()
    call_command("prebuild", "--list", "public-proposals", "--language", "ug", stdout=again)
    assert "0 made" in again.getvalue()
