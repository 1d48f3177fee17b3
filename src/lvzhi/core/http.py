"""Small helpers for views."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse

from .models import User
from .text import CONTROL, one_line


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


def xml_text(value: object) -> str:
    """``value`` as text an .xlsx or .docx file can hold: the control characters XML forbids
    (a vertical tab or an escape pasted from a word processor) are dropped; every script,
    emoji, zero-width joiner and direction mark is kept."""
    return CONTROL.sub("", str(value))


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
        ws.append(
            [v if isinstance(v, int | float) else ("" if v is None else xml_text(v)) for v in row]
        )
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
    characters (PostgreSQL refuses them in any string): `core.text.one_line`."""
    return one_line(request.GET.get(name, ""), max_length)


def int_or_none(value: object) -> int | None:
    """An id from a form button or a query string, or None when it is not a number."""
    text = str(value or "").strip()
    # A key is a 64-bit integer; a longer number would be a database error, not "not found".
    return int(text) if text.isdecimal() and len(text) <= 18 else None


class DetailAction:
    """One state change posted from a form on an object's detail page.

    ``load(request, pk)`` fetches the object (or raises 404); ``render(request, obj, override,
    status=…)`` draws the detail page with ``override`` replacing the app's own forms;
    ``detail_url`` names the detail route. Calling it runs ``call(user, obj, cleaned_data)``:
    on success a message and a redirect to the detail page; on a refusal the detail page again,
    answered 400, with the message next to the form and everything typed kept (a refusal of a
    form-less button becomes a message on the detail page)."""

    def __init__(
        self,
        load: Callable[[HttpRequest, int], Any],
        render: Callable[..., HttpResponse],
        detail_url: str,
    ) -> None:
        self.load = load
        self.render = render
        self.detail_url = detail_url

    def __call__(
        self,
        request: HttpRequest,
        pk: int,
        name: str,
        form_class: Any,
        call: Callable[[Any, Any, dict[str, Any]], Any],
        done: str,
        **form_kwargs: Any,
    ) -> HttpResponse:
        """Build ``form_class(request.POST, **form_kwargs)`` (none for a plain button), then
        :meth:`run`."""
        form = form_class(request.POST, **form_kwargs) if form_class else None
        return self.run(request, pk, name, form, call, done)

    def run(
        self,
        request: HttpRequest,
        pk: int,
        name: str,
        form: Any,
        call: Callable[[Any, Any, dict[str, Any]], Any],
        done: str,
    ) -> HttpResponse:
        """The same with a form already bound (or ``None``); ``name`` is the form's key on the
        detail page."""
        from django.contrib import messages
        from django.shortcuts import redirect

        from .errors import DomainError
        from .forms import add_refusal

        obj = self.load(request, pk)
        if form is None or form.is_valid():
            try:
                call(acting_user(request), obj, form.cleaned_data if form else {})
            except DomainError as exc:
                if form is None:
                    messages.error(request, exc.message)
                    return redirect(self.detail_url, pk=pk)
                add_refusal(form, exc)
            else:
                messages.success(request, done)
                return redirect(self.detail_url, pk=pk)
        obj = self.load(request, pk)
        return self.render(request, obj, {name: form}, status=400)
