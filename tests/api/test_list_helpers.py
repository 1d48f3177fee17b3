"""The helpers the capability routers declare their lists with (issue 17): a row answered as
its Out schema, the latest-first filters of a list, and a cursor list endpoint."""

from __future__ import annotations

import datetime as dt
import inspect
from types import SimpleNamespace
from typing import Any, Literal

import pytest
from ninja import Field, Router, Schema
from pydantic import ValidationError

from lvzhi.api.cursor import CursorIn
from lvzhi.api.endpoints import cursor_list
from lvzhi.api.listing import ScopedFilters, TermFilters, latest_first, row_out


class ThingOut(Schema):
    id: int = Field(description="编号")
    title: str = Field(description="题目")
    owner: str = Field(description="所有人")
    made_on: dt.date = Field(description="日期")


def test_a_row_answers_its_schemas_fields_by_attribute_unless_computed() -> None:
    row = SimpleNamespace(pk=7, id=99, title="t", owner=object(), made_on=dt.date(2026, 1, 2))
    assert row_out(ThingOut, row, owner="o") == {
        "id": 7,
        "title": "t",
        "owner": "o",
        "made_on": dt.date(2026, 1, 2),
    }
    # A computed value wins over the attribute, and one the schema lacks is kept.
    assert row_out(ThingOut, row, owner="o", id=1, extra=2)["id"] == 1
    assert row_out(ThingOut, row, owner="o", extra=2)["extra"] == 2


def test_latest_first_filters_order_by_the_date_latest_first_or_by_id() -> None:
    filters = latest_first(ThingOut, TermFilters, "made_on", "日期")
    assert filters.__name__ == "ThingFilters"
    assert filters.__module__ == ThingOut.__module__
    assert issubclass(filters, TermFilters)
    assert "kind" not in filters.model_fields
    assert filters().ordering == "-made_on"
    assert filters(ordering="id").ordering == "id"
    with pytest.raises(ValidationError):
        filters(ordering="title")
    ordering = filters.model_fields["ordering"]
    assert ordering.description == "排序：made_on、id，前加 - 为倒序；默认日期倒序"


def test_latest_first_filters_may_name_one_kind() -> None:
    filters = latest_first(ThingOut, ScopedFilters, "made_on", "日期", kinds=Literal["a", "b"])
    assert list(filters.model_fields)[-2:] == ["ordering", "kind"]
    assert filters().kind is None
    assert filters(kind="a").kind == "a"
    with pytest.raises(ValidationError):
        filters(kind="c")


def test_a_cursor_list_is_the_view_ninja_reads_under_its_name() -> None:
    router = Router()

    class ThingFilters(CursorIn):
        ordering: Literal["id", "-id"] = "id"

    def rows(user: Any, filters: Any) -> Any:
        raise AssertionError("not called when declaring")

    fn = cursor_list(
        router,
        "lvzhi.api.things_api",
        "things",
        "/things",
        ThingFilters,
        item=ThingOut,
        rows=rows,
        out=lambda row: row_out(ThingOut, row),
        summary="s",
        description="d",
    )
    assert fn.__name__ == "things"
    assert fn.__module__ == "lvzhi.api.things_api"
    assert list(inspect.signature(fn).parameters) == ["request", "filters"]
    (operation,) = router.path_operations["/things"].operations
    assert operation.methods == ["GET"]
    page = operation.response_models[200].model_fields["response"].annotation
    assert page.__name__ == "ThingPage"
    assert set(page.model_fields) == {"items", "next_cursor"}
