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
