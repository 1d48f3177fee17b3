"""Small helpers for views."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse

from .models import User
from .spreadsheets import xml_text as xml_text
from .text import one_line

T = TypeVar("T")


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return user


def found(obj: T | None, allowed: Callable[[T], bool] | None = None) -> T:
    """The object a view looked up, or 404 when there is none or, given ``allowed``, when the
    user may not see it: the same answer, so a page tells nobody what exists outside their
    scope."""
    if obj is None or (allowed is not None and not allowed(obj)):
        raise Http404
    return obj


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> Any:
    """A streamed CSV download through the one shared writer (lvzhi.core.spreadsheets)."""
    from . import spreadsheets

    return spreadsheets.csv_response(filename, header, rows)


def xlsx_response(
    filename: str,
    header: list[str],
    rows: Iterable[Iterable[Any]],
    title: str = "",
    filters: Iterable[str] = (),
) -> Any:
    """A list as an .xlsx workbook through the one shared writer (lvzhi.core.spreadsheets):
    title row, bold frozen header, widths from content, typed cells, no formulas."""
    from . import spreadsheets

    sheet_title = str(title) or filename.rsplit(".", 1)[0]
    return spreadsheets.xlsx_response(
        filename, spreadsheets.Sheet(sheet_title, header, rows, filters=list(filters))
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(data: bytes, filename: str) -> HttpResponse:
    """A Word document to download under ``filename`` (an ASCII name; a Chinese one goes
    through ``spreadsheets.content_disposition``)."""
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def search_text(request: HttpRequest, name: str = "q", max_length: int = 64) -> str:
    """A search box's text from the query string: trimmed, bounded, and without NUL
    characters (PostgreSQL refuses them in any string): `core.text.one_line`."""
    return one_line(request.GET.get(name, ""), max_length)


def query_choice(request: HttpRequest, name: str, allowed: Container[str], default: str) -> str:
    """The query string's ``name`` when it is one of ``allowed`` (a grouping, a kind to
    filter by), else ``default``."""
    value = request.GET.get(name, default)
    return value if value in allowed else default


def int_or_none(value: object) -> int | None:
    """An id from a form button or a query string, or None when it is not a number."""
    text = str(value or "").strip()
    # A key is a 64-bit integer; a longer number would be a database error, not "not found".
    return int(text) if text.isdecimal() and len(text) <= 18 else None


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page with a form (``context["form"]``): answered 400 while the form shows errors."""
    from django.shortcuts import render

    return render(request, template, context, status=400 if context["form"].errors else 200)


def press(
    request: HttpRequest, done: Any, call: Callable[..., object], /, *args: Any, **kwargs: Any
) -> bool:
    """A form-less button's state change: ``call(*args, **kwargs)``; ``done`` as the success
    message, or the service's refusal (a ``DomainError``) as an error message. True when done."""
    from django.contrib import messages

    from .errors import DomainError

    try:
        call(*args, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


def submit(
    request: HttpRequest,
    form: Any,
    done: Any,
    call: Callable[..., object],
    /,
    *args: Any,
    **kwargs: Any,
) -> bool:
    """A valid form's state change: ``call(*args, **kwargs)``; ``done`` as the success message,
    or the service's refusal shown on ``form`` (next to the field it names). True when it was
    done; False: draw the page again with the form."""
    from django.contrib import messages

    from .errors import DomainError
    from .forms import add_refusal

    try:
        call(*args, **kwargs)
    except DomainError as exc:
        add_refusal(form, exc)
        return False
    messages.success(request, done)
    return True


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
        from django.shortcuts import redirect

        obj = self.load(request, pk)
        if form is None:
            press(request, done, call, acting_user(request), obj, {})
            return redirect(self.detail_url, pk=pk)
        if form.is_valid() and submit(
            request, form, done, call, acting_user(request), obj, form.cleaned_data
        ):
            return redirect(self.detail_url, pk=pk)
        obj = self.load(request, pk)
        return self.render(request, obj, {name: form}, status=400)
