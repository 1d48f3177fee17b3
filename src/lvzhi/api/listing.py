"""What the capability endpoints share (issue 25.1): the error answers they declare, the
filters of a scoped list (year, term, text) walked by cursor, the 404 for what the caller may
not see, and the inputs the pages' recurring forms take (deputies to invite, a decision on a
comment or opinion, a report). One place, so every list filters, orders and pages alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import create_model

from lvzhi.core import clock
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.registry.models import Deputy

from . import cursor
from .schemas import ErrorResponse

ERRORS: dict[int | tuple[int, ...], Any] = {(400, 401, 403, 404): ErrorResponse}
ACTION_ERRORS: dict[int | tuple[int, ...], Any] = {(400, 401, 403, 404, 409): ErrorResponse}
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_ID = 2**62
MAX_INVITED = 100  # deputies named in one invitation or attendance call
# No NUL in a text filter: the platform refuses it in any API query (core.middleware), and the
# document says so, so a client (and schemathesis) knows such a request is not a valid one.
NO_NUL = r"^[^\x00]*$"


def id_path(description: str) -> Any:
    """A path parameter naming a row by its id (``description``: whose id)."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def year_or_this(year: int | None) -> int:
    """The year asked for, or else this year."""
    return year if year is not None else clock.today().year


DECIDED_ID = id_path("意见的编号")

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class ScopedFilters(cursor.CursorIn):
    """A capability list's filters; each list adds its own ``ordering``."""

    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="日期所在年度")
    q: str | None = Field(None, max_length=100, pattern=NO_NUL, description="题目包含的文字")
    ordering: str = Field("id", description="排序字段，前加 - 为倒序")


class TermFilters(ScopedFilters):
    """The filters of a list of things done in a congress term."""

    term: int | None = Field(None, ge=1, le=MAX_ID, description="届次编号")


def latest_first(
    item: type[Schema], base: type[ScopedFilters], date_field: str, label: str, kinds: Any = None
) -> type[ScopedFilters]:
    """The filters of the list of ``item`` (``<Item>Filters`` for ``<Item>Out``): ``base``'s,
    ordered by ``date_field`` (whose name is ``label``), the latest first unless asked otherwise,
    or by id; with ``kinds`` (a ``Literal``), a ``kind`` to list only the rows of one kind."""
    order = (date_field, f"-{date_field}", "id", "-id")
    fields: dict[str, Any] = {}
    if kinds is not None:
        fields["kind"] = (kinds | None, Field(None, description="按类别筛选"))
    about = f"排序：{date_field}、id，前加 - 为倒序；默认{label}倒序"
    fields["ordering"] = (Literal[order], Field(f"-{date_field}", description=about))
    return create_model(
        item.__name__.removesuffix("Out") + "Filters",
        __base__=base,
        __module__=item.__module__,
        **fields,
    )


def scoped_page(
    qs: QuerySet[Any],
    filters: ScopedFilters,
    *,
    date_field: str,
    out: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One cursor page of ``qs`` (already narrowed to the caller by its selector, and by
    ``q``), filtered by year of ``date_field`` and, for ``TermFilters``, by term."""
    if filters.year is not None:
        qs = qs.filter(**{f"{date_field}__year": filters.year})
    if isinstance(filters, TermFilters):
        # Each row names its term ("…第十五届人民代表大会"): one join, not two queries a row.
        qs = qs.select_related("term__congress__division")
        if filters.term is not None:
            qs = qs.filter(term_id=filters.term)
    return cursor.page(qs, filters, out)


def row_out(schema: type[Schema], row: Any, **computed: Any) -> dict[str, Any]:
    """``row`` as ``schema`` answers it: the values ``computed`` gives, and each other field of
    the schema the row's attribute of the same name (``id``: its primary key)."""
    plain = (name for name in schema.model_fields if name not in computed)
    return {name: row.pk if name == "id" else getattr(row, name) for name in plain} | computed


def visible(obj: T | None, allowed: Callable[[T], bool]) -> T:
    """``obj`` when it exists and the caller may see it; otherwise the same 404."""
    if obj is None or not allowed(obj):
        raise NotFound(_("Not found."))
    return obj


def looked_up(
    find: Callable[[int], T | None], may_see: Callable[[Any, T], bool]
) -> Callable[..., T]:
    """A subject's look-up as its page does it, ``load(request, <id>)`` (the id by position or
    by its path name): ``find(<id>)`` when the caller ``may_see`` the row; otherwise the same
    404 (``visible``)."""

    def load(request: HttpRequest, *by_position: int, **by_name: int) -> T:
        (row_id,) = (*by_position, *by_name.values())
        return visible(find(row_id), lambda row: may_see(request.user, row))

    return load


def by_caller(find: Callable[[Any, int], T | None]) -> Callable[..., T]:
    """A subject's look-up by a selector that takes the caller and the id and finds only what
    the caller may see (``None``, or its own 404, for the rest), as ``load(request, <id>)``
    (the id by position or by its path name); ``None`` is the same 404 (``visible``)."""

    def load(request: HttpRequest, *by_position: int, **by_name: int) -> T:
        (row_id,) = (*by_position, *by_name.values())
        return visible(find(request.user, row_id), bool)

    return load


class DeputiesIn(Schema):
    deputy_ids: list[int] = Field(
        ..., min_length=1, max_length=MAX_INVITED, description="代表的编号（1-100 位）"
    )


def chosen(obj: T | None, field: str) -> T:
    """``obj`` when the id named in ``field`` exists; otherwise a 400 naming the field."""
    if obj is None:
        raise ValidationFailed(_("Choose one of the options in the list."), field=field)
    return obj


def every(rows: QuerySet[M], ids: Iterable[int], field: str) -> list[M]:
    """The rows of ``rows`` the ids name, each once and in their order, every one existing, or
    a 400 naming the field."""
    wanted = list(dict.fromkeys(ids))
    found = {row.pk: row for row in rows.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        chosen(None, field)
    return [found[pk] for pk in wanted]


def deputies(ids: Iterable[int], field: str = "deputy_ids") -> list[Deputy]:
    """The deputies named, every one existing, or a 400 naming the field."""
    return every(Deputy.objects.all(), ids, field)


class DecideIn(Schema):
    decision: Literal["adopted", "partly", "not_adopted"] = Field(
        description="adopted 采纳、partly 部分采纳、not_adopted 未采纳"
    )
    reason: str = Field(max_length=2000, description="理由（必填，至多 2000 字）")


class ReportIn(Schema):
    report: str = Field(max_length=100000, description="报告正文（必填）")


class DecisionOut(Schema):
    id: int = Field(description="意见的编号")
    deputy: str = Field(description="提出意见的代表")
    body: str = Field(description="意见")
    decision: str = Field(
        description="pending 研究中、adopted 采纳、partly 部分采纳、not_adopted 未采纳"
    )
    reason: str = Field(description="采纳与否的理由")


def decision_out(row: Any) -> dict[str, Any]:
    """A deputy's comment or opinion and what became of it (R27, R28)."""
    return {
        "id": row.pk,
        "deputy": row.deputy.name,
        "body": row.body,
        "decision": row.decision,
        "reason": row.reason,
    }
