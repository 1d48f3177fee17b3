"""Cursor pagination for the capability endpoints (issue 25.1).

A list is ordered by one allowed field (``ordering``, ``-`` for descending) and then by id, so
the order is total; ``cursor`` is an opaque token naming the last row of the previous page
(its ordering value and id), and each page answers ``next_cursor`` (``null`` on the last page).
A page costs the same whatever its position: the database seeks to the cursor through the
ordering, it never counts or skips rows. Rows added or removed between pages neither repeat
nor shift a row already seen.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, get_args

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import create_model

from lvzhi.core.errors import ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 400
NEXT_CURSOR = "下一页的游标；最后一页为 null"


class CursorIn(Schema):
    cursor: str | None = Field(
        None, max_length=MAX_CURSOR_LENGTH, description="上一页答复中的 next_cursor；不填为第一页"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数，1-100，默认 50")


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The answer of a list of ``item`` walked by cursor, named ``name`` in the OpenAPI
    document: ``items`` and ``next_cursor`` (what ``page`` returns)."""
    return create_model(
        name,
        __base__=Schema,
        __module__=item.__module__,
        items=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, Field(description=NEXT_CURSOR)),
    )


def _encode(value: Any, pk: int) -> str:
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    raw = json.dumps([value, pk], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, qs: QuerySet[Any], field: str) -> tuple[Any, int]:
    bad = ValidationFailed(
        _("The cursor is not valid; start again from the first page."), field="cursor"
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw.decode())
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 <= pk < 2**62:
        raise bad
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise bad
    if isinstance(value, str) and ("\x00" in value or len(value) > 100):
        raise bad
    model_field = qs.model._meta.get_field(field)
    try:
        value = model_field.to_python(value)
    except (DjangoValidationError, TypeError, ValueError, OverflowError):
        raise bad from None
    if value is None:
        raise bad
    return value, pk


def _orderable(page_in: CursorIn) -> set[str]:
    """The fields its ``ordering`` names (a ``Literal`` of ``name`` and ``-name``)."""
    declared = type(page_in).model_fields.get("ordering")
    return {str(o).removeprefix("-") for o in get_args(declared.annotation if declared else None)}


def page(
    qs: QuerySet[Any],
    page_in: CursorIn,
    out: Callable[[Any], dict[str, Any]],
    *,
    ordering: str | None = None,
) -> dict[str, Any]:
    """One page of ``qs`` as ``{"items": [...], "next_cursor": ...}``, in the fixed
    ``ordering`` or else in the one the caller chose among those the filters name."""
    allowed = {ordering.removeprefix("-")} if ordering else _orderable(page_in)
    chosen = str(ordering or getattr(page_in, "ordering", ""))
    field = chosen.removeprefix("-")
    if field not in allowed:
        raise ValidationFailed(
            _("Order by one of: %(names)s.") % {"names": ", ".join(sorted(allowed))},
            field="ordering",
        )
    desc = chosen.startswith("-")
    qs = qs.order_by(f"-{field}" if desc else field, "-pk" if desc else "pk")
    if page_in.cursor:
        value, pk = _decode(page_in.cursor, qs, field)
        cmp = "lt" if desc else "gt"
        qs = qs.filter(Q(**{f"{field}__{cmp}": value}) | Q(**{field: value, f"pk__{cmp}": pk}))
    rows = list(qs[: page_in.limit + 1])
    more = len(rows) > page_in.limit
    rows = rows[: page_in.limit]
    last = rows[-1] if rows else None
    return {
        "items": [out(r) for r in rows],
        "next_cursor": _encode(getattr(last, field), last.pk) if more and last else None,
    }
