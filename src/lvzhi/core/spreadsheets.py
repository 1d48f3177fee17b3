"""The one spreadsheet writer (CSV and xlsx) every export uses (issues 18.2 and 23.2).

- **No formulas from user text** (OWASP, "CSV Injection"): a text cell starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return, or their full-width forms ``＝＋－＠``, is
  written with a leading single quote in CSV; in xlsx every text cell is stored as text (never
  a formula) and such a cell also gets Excel's quote prefix, so editing it does not arm it.
- **Cells people can use**: a title row saying what the sheet holds, what was filtered and
  when it was exported; a bold, frozen header; column widths from the content; dates and
  times as real dates; numbers as numbers; rates as numbers formatted as percentages
  (:class:`Percent`); Chinese sheet names.
- **Chinese file names** sent with RFC 5987/6266 ``filename*`` and an ASCII fallback.

Writing is row by row (openpyxl's write-only mode): a 100,000-row export stays in bounded
memory; the widths are measured on the first :data:`WIDTH_SAMPLE_ROWS` rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# OWASP CSV injection: what a spreadsheet reads as the start of a formula or a DDE call.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
T = TypeVar("T")


class Percent(float):
    """A rate as a fraction (0.889) written as a number formatted ``88.9%``."""


def percent(value_in_percent: float | Decimal | None) -> Percent | None:
    """A rate given in percent (88.9) as a :class:`Percent` (0.889); None stays empty."""
    return None if value_in_percent is None else Percent(float(value_in_percent) / 100)


def xml_text(value: object) -> str:
    """``value`` as text an .xlsx or .docx file can hold: the control characters XML forbids
    are dropped; every script, emoji, zero-width joiner and direction mark is kept."""
    return _NOT_IN_XML.sub("", str(value))


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """User text made inert for a CSV cell: a leading single quote before a formula start."""
    return "'" + text if is_formula_like(text) else text


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Percent):
        return f"{value * 100:.1f}%"
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def _display_width(text: str) -> int:
    """Columns a text takes: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sheet_name(title: str) -> str:
    """A valid worksheet name (31 characters, none of []:*?/\\)."""
    return SHEET_NAME_FORBIDDEN.sub("", str(title)).strip()[:31] or "Sheet1"


def content_disposition(filename: str) -> str:
    """``attachment`` with the (Chinese) name as RFC 5987 ``filename*`` and an ASCII
    fallback for old clients."""
    name = str(filename)
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    stem, _dot, ext = name.rpartition(".")
    if not ascii_name.strip(". ") or ascii_name.startswith("."):
        ascii_name = "export." + ext if stem else "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def caption_text(title: str, filters: Sequence[str] = ()) -> str:
    """The title row: what the sheet holds, what was filtered, when it was exported."""
    now = timezone.localtime()
    when = _("exported %(date)s") % {
        "date": f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}",
    }
    parts = [str(title)]
    shown = [str(f) for f in filters if str(f).strip()]
    parts.append(
        (_("filter: %(filters)s") % {"filters": "；".join(shown)}) if shown else _("no filter")
    )
    parts.append(when)
    return " — ".join(parts)


class Columns(Generic[T]):
    """An export's columns, each a label (translated when the header is written: a lazy
    string) beside how its value is read from one item. The header and every row come from
    the one declaration, so a label and its value cannot fall out of step."""

    def __init__(self, *columns: tuple[Any, Callable[[T], Any]]) -> None:
        self.columns = columns

    @property
    def labels(self) -> tuple[Any, ...]:
        return tuple(label for label, _value in self.columns)

    def header(self) -> list[str]:
        return [str(label) for label in self.labels]

    def row(self, item: T) -> list[Any]:
        return [value(item) for _label, value in self.columns]

    def lines(self, items: Iterable[T]) -> Iterator[list[Any]]:
        """One row per item, as the writers (``csv_lines``, :class:`Sheet`) take them."""
        return (self.row(item) for item in items)

    def of(self, get: Callable[[Any], T], *more: tuple[Any, Callable[[Any], Any]]) -> Columns[Any]:
        """These columns read from ``get(row)`` for rows that hold the item (an assignment of a
        suggestion), then the ``more`` columns of the row itself."""
        read = tuple(
            (label, lambda row, value=value: value(get(row))) for label, value in self.columns
        )
        return Columns(*read, *more)


@dataclass
class Sheet:
    """One worksheet: ``title`` names the sheet (and heads the title row); ``filters`` are the
    filters in force, as readable text (e.g. "年度：2026")."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Iterable[Any]]
    filters: Sequence[str] = ()
    widths: Sequence[int] = field(default_factory=tuple)
    caption: bool = True


def _xlsx_cell(ws: Any, value: Any, fonts: dict[str, Any]) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return WriteOnlyCell(ws, value=None)
    if isinstance(value, bool):
        cell = WriteOnlyCell(ws, value="是" if value else "否")
        cell.data_type = "s"
        return cell
    if isinstance(value, Percent):
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):
        return WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    text = xml_text(value)
    cell = WriteOnlyCell(ws, value=None)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def _value_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Percent):
        return 6
    return max((_display_width(line) for line in str(value).splitlines()), default=0)


def write_sheet(wb: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=sheet_name(sheet.title))
    bold = Font(bold=True)
    header = [xml_text(h) for h in sheet.header]
    rows = iter(sheet.rows)
    sample: list[Sequence[Any]] = []
    for row in rows:
        sample.append(list(row))
        if len(sample) >= WIDTH_SAMPLE_ROWS:
            break
    widths = list(sheet.widths) or [
        max([_display_width(h)] + [_value_width(r[i]) for r in sample if i < len(r)])
        for i, h in enumerate(header)
    ]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, MIN_WIDTH), MAX_WIDTH)
    # Write-only sheets write their views with the first row: freeze before appending.
    ws.freeze_panes = "A3" if sheet.caption else "A2"
    if sheet.caption:
        title = _xlsx_cell(ws, caption_text(sheet.title, sheet.filters), {})
        title.font = Font(bold=True, size=12)
        ws.append([title])
    head = []
    for text in header:
        cell = _xlsx_cell(ws, text, {})
        cell.font = bold
        head.append(cell)
    ws.append(head)

    def all_rows() -> Iterator[Iterable[Any]]:
        yield from sample
        yield from rows

    for row in all_rows():
        ws.append([v if _is_plain(v) else _xlsx_cell(ws, v, {}) for v in row])


def _is_plain(value: Any) -> bool:
    """Text openpyxl stores as a plain string cell by itself: not empty, not formula-like,
    nothing XML forbids (the fast path of a large export: no cell object made here)."""
    return (
        type(value) is str
        and value != ""
        and not value.startswith(FORMULA_STARTS)
        and _NOT_IN_XML.search(value) is None
    )


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(wb, sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_download(data: bytes, filename: str) -> HttpResponse:
    """A workbook already written (``data``) to download under ``filename``."""
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    return xlsx_download(xlsx_bytes(sheets), filename)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text with a BOM (Excel and WPS then read UTF-8), every cell neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_value(h) for h in header])
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download (constant memory)."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response
