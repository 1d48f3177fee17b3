"""Mixed scripts (issue 11, item 4): Chinese, Uyghur and Kazakh in Arabic script, emoji with
zero-width joiners, and right-to-left / left-to-right marks go through a form, the database,
the search and the CSV, xlsx and docx exports unchanged; a control character pasted from a
word processor does not break an export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from lvzhi.suggestions import reports
from lvzhi.suggestions.models import Suggestion

from ..suggestions.helpers import BODY, term, u
from ..suggestions.test_pages import as_user

pytestmark = pytest.mark.django_db
UYGHUR = "ئىلى ۋىلايىتى"  # Ili prefecture, Uyghur (Arabic script)
KAZAKH = "ىله وبلىسى"  # Ili oblast, Kazakh (Arabic script, as written in Xinjiang)
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one emoji joined by ZWJs
TITLE = f"关于牧区饮水的建议 {UYGHUR}\u200f {KAZAKH}\u200e {FAMILY} \u200cتەكلىپ"


def _export(client: Any, fmt: str) -> bytes:
    response = client.get("/suggestions/", {"format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_mixed_scripts_round_trip_through_form_search_and_exports() -> None:
    client = as_user(u("deputy"))
    body = f"{BODY}\n{UYGHUR}\u200f — {KAZAKH} {FAMILY}"
    response = client.post(
        "/suggestions/new/",
        {"term": term().pk, "title": TITLE, "category": "agriculture", "body": body},
    )
    assert response.status_code == 302
    s = Suggestion.objects.get(title=TITLE)
    assert s.body == body
    assert TITLE in client.get(f"/suggestions/{s.pk}/").content.decode()
    for word in (UYGHUR, KAZAKH, FAMILY, "牧区饮水"):
        found = client.get("/suggestions/", {"q": word}).content.decode()
        assert TITLE in found, word
    text = _export(client, "csv").decode("utf-8-sig")
    assert any(TITLE in row for row in csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).worksheets[0]
    assert TITLE in [c.value for row in sheet.iter_rows() for c in row]


def test_a_control_character_pasted_into_a_title_does_not_break_the_xlsx_export() -> None:
    client = as_user(u("deputy"))
    title = f"关于{UYGHUR}\x0b供水的建议\x1b"  # a vertical tab and an escape from a word processor
    response = client.post(
        "/suggestions/new/",
        {"term": term().pk, "title": title, "category": "agriculture", "body": BODY},
    )
    assert response.status_code in (302, 400)
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).worksheets[0]
    values = [str(c.value) for row in sheet.iter_rows() for c in row]
    if response.status_code == 302:
        [kept] = [v for v in values if v.startswith(f"关于{UYGHUR}")]
        assert kept.endswith("供水的建议") and "\x0b" not in kept and "\x1b" not in kept


def test_mixed_scripts_and_control_characters_in_a_docx_report() -> None:
    data = reports.handling_report_docx(
        congress_name=f"{UYGHUR}\u200f{KAZAKH} 人大常委会\x0b",
        year=2026,
        by_unit=[],
        by_category=[],
        key_items=[],
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert f"{UYGHUR}\u200f{KAZAKH} 人大常委会" in text
