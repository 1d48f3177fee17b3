"""R15-R16: rates by unit, category and year; xlsx and the .docx handling report."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from lvzhi.core import clock
from lvzhi.suggestions import services
from lvzhi.suggestions import statistics as stats
from lvzhi.suggestions.models import Suggestion

from .helpers import assigned, deputy_user, u
from .test_pages import as_user

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))


def _handled(result: str, rating: str, late: bool = False) -> Suggestion:
    s = assigned(on=dt.date(2026, 3, 10))
    day = dt.date(2026, 6, 11) if late else dt.date(2026, 5, 1)
    with clock.frozen(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH)):
        services.reply(
            actor=u("handling"),
            suggestion=s,
            result_class=result,
            body="针对代表所提问题的答复，已研究落实相关措施并列入计划。",
        )
        services.evaluate(actor=deputy_user(), suggestion=s, rating=rating)
    return s


def test_r15_rates_count_on_time_completion_and_satisfaction() -> None:
    made = [
        _handled("A", "satisfied"),
        _handled("B", "basically", late=True),
        _handled("A", "unsatisfied"),
    ]
    rows = stats.compute(Suggestion.objects.filter(pk__in=[s.pk for s in made]), "unit")
    [row] = rows
    assert (row.assigned, row.replied, row.on_time, row.class_a) == (3, 3, 2, 2)
    assert (row.on_time_rate, row.completion_rate, row.satisfaction_rate) == (66.7, 66.7, 66.7)


def test_statistics_queries_do_not_grow_with_the_data() -> None:
    _handled("A", "satisfied")
    with CaptureQueriesContext(connection) as few:
        stats.compute(Suggestion.objects.all(), "category")
    for _ in range(4):
        _handled("C", "basically")
    with CaptureQueriesContext(connection) as more:
        stats.compute(Suggestion.objects.all(), "category")
    assert len(few) == len(more) == 3


@pytest.mark.parametrize("group", ["unit", "category", "year"])
def test_statistics_page_renders_table_and_chart(group: str) -> None:
    _handled("A", "satisfied")
    body = as_user(u("office")).get("/suggestions/statistics/", {"group": group}).content
    text = body.decode()
    assert "<svg" in text and "办成率" in text and "满意率" in text


def test_r16_statistics_export_xlsx_and_the_docx_handling_report() -> None:
    _handled("A", "satisfied")
    office = as_user(u("office"))
    wb = load_workbook(
        io.BytesIO(office.get("/suggestions/statistics/", {"format": "xlsx"}).content)
    )
    header = [c.value for c in wb.active[2]]  # under the title row
    assert "办成率" in header and "满意率" in header
    doc = Document(
        io.BytesIO(
            office.get("/suggestions/statistics/", {"format": "docx", "year": "2026"}).content
        )
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "代表建议办理情况的报告" in text and "自治州第十五届人民代表大会" in text
    assert len(doc.tables) == 2


def test_statistics_are_for_staff_only() -> None:
    assert as_user(u("handling")).get("/suggestions/statistics/").status_code == 404


def test_bad_year_is_ignored(**_: Any) -> None:
    assert as_user(u("office")).get("/suggestions/statistics/", {"year": "abc"}).status_code == 200


def test_r17_annual_circular_lists_key_items_ranked_units_and_overdue() -> None:
    from lvzhi.suggestions.models import Status

    s = _handled("A", "satisfied")
    services.classify(
        actor=u("office"), suggestion=s, category="transport", key_supervision=True, is_public=False
    )
    late = assigned(on=dt.date(2026, 3, 10))
    assert late.status == Status.ASSIGNED
    doc = Document(
        io.BytesIO(
            as_user(u("office"))
            .get("/suggestions/statistics/", {"format": "circular", "year": "2026"})
            .content
        )
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年代表建议办理情况的通报" in text
    assert s.title in text and "逾期" in text and late.title in text
