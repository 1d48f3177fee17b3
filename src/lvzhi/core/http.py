"""Small helpers for views."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest

from .models import User


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> Any:
    """A streamed CSV download with a BOM, so Excel and WPS open it as UTF-8."""
    import csv

    from django.http import StreamingHttpResponse

    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([str(v) if v is not None else "" for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, header: list[str], rows: Iterable[Iterable[Any]], title: str = ""
) -> Any:
    """A list as an .xlsx workbook (what the offices exchange), written in constant memory:
    a header row in bold, frozen, column widths fitted to the first rows."""
    import io

    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=(title or "Sheet1")[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in header:
        cell = WriteOnlyCell(ws, value=str(text))
        cell.font = bold
        head.append(cell)
    widths = [max(8, len(str(h)) * 2 + 2) for h in header]
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(w, 60)
    ws.append(head)
    for row in rows:
        ws.append([v if isinstance(v, int | float) else ("" if v is None else str(v)) for v in row])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def search_text(request: HttpRequest, name: str = "q", max_length: int = 64) -> str:
    """A search box's text from the query string: trimmed, bounded, and without NUL
    characters (PostgreSQL refuses them in any string)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]


def int_or_none(value: object) -> int | None:
    """An id from a form button or a query string, or None when it is not a number."""
    text = str(value or "").strip()
    # A key is a 64-bit integer; a longer number would be a database error, not "not found".
    return int(text) if text.isdigit() and len(text) <= 18 else None
