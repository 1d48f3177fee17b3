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


def search_text(request: HttpRequest, name: str = "q", max_length: int = 64) -> str:
    """A search box's text from the query string: trimmed, bounded, and without NUL
    characters (PostgreSQL refuses them in any string)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]


def int_or_none(value: object) -> int | None:
    """An id from a form button or a query string, or None when it is not a number."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None
