"""Liaison stations and citizens' opinions (R40-R44): the opinions the caller may see (the
station's staff, the deputies handling them), changed through ``stations.services`` (issue
25.1). A citizen's name and phone number never appear in a list or a detail — only masked;
those handling the opinion obtain them with ``POST …/contact``, which ``stations.services``
allows to them alone and writes to the audit log, exactly like the page's "show" button."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Field, Path, Router, Schema

from lvzhi.stations import selectors, services
from lvzhi.stations.models import Opinion

from . import cursor
from .endpoints import Subject, cursor_list
from .listing import ACTION_ERRORS as ERRORS
from .listing import by_caller, row_out

router = Router(tags=["联络站与群众意见"])
OPINION_ID = Path(..., description="群众意见的编号")


class OpinionOut(Schema):
    id: int = Field(description="编号")
    tracking_code: str = Field(description="查询码")
    station: str = Field(description="联络站")
    title: str = Field(description="主题")
    category: str = Field(description="类别")
    status: str = Field(description="状态")
    citizen_name_masked: str = Field(description="群众姓名（遮蔽）")
    phone_masked: str = Field(description="电话（遮蔽）")
    received_at: dt.datetime = Field(description="收到时间")
    due_on: dt.date | None = Field(description="当前步骤的期限")


class OpinionDetail(OpinionOut):
    body: str = Field(description="意见内容")
    outcome_note: str = Field(description="答复或说明")
    feedback: str = Field(description="给群众的反馈")


class OpinionFilters(cursor.CursorIn):
    status: Literal["received", "assigned", "handled", "answered", "closed"] | None = Field(
        None, description="按状态筛选：received/assigned/handled/answered/closed"
    )
    station: int | None = Field(None, ge=1, le=2**62, description="按联络站（组织编号）筛选")
    overdue: bool = Field(False, description="只列超期的")
    ordering: Literal["received_at", "-received_at", "due_on", "-due_on"] = Field(
        "-received_at", description="排序：received_at 收到时间，due_on 期限；前加 - 为倒序"
    )


class OpinionContactOut(Schema):
    name: str = Field(description="群众姓名（完整）")
    phone: str = Field(description="电话（完整）")


class FeedbackIn(Schema):
    feedback: str = Field(max_length=2000, description="给群众的反馈（必填）")


def opinion_out(o: Opinion) -> dict[str, Any]:
    return row_out(OpinionOut, o, station=o.station.organisation.name)


def opinion_detail(o: Opinion) -> dict[str, Any]:
    return row_out(OpinionDetail, o, station=o.station.organisation.name)


def _queue(user: Any, filters: OpinionFilters) -> QuerySet[Opinion]:
    qs = selectors.queue(
        user,
        selectors.QueueFilters(
            status=filters.status or "", station=filters.station, overdue=filters.overdue
        ),
    ).select_related("station__organisation")
    if filters.ordering.removeprefix("-") == "due_on":
        qs = qs.filter(due_on__isnull=False)
    return qs


cursor_list(
    router,
    __name__,
    "opinions",
    "/opinions",
    OpinionFilters,
    item=OpinionOut,
    rows=_queue,
    out=opinion_out,
    errors=ERRORS,
    summary="群众意见（联络站工作人员、经办代表）",
    description="与“群众意见”页面相同的范围。群众的姓名和电话只给遮蔽后的形式。游标分页。",
)


OPINION = Subject(
    router,
    __name__,
    ids={"opinion_id": OPINION_ID},
    load=by_caller(selectors.get_opinion_for_user),
    keyword="opinion",
    shown=lambda request, opinion: opinion_detail(opinion),
    detail_out=OpinionDetail,
)
OPINION.read(
    "opinion",
    "/opinions/{opinion_id}",
    errors=ERRORS,
    summary="一件群众意见",
    description="无权查看的与不存在的一样答复 404；群众的姓名和电话遮蔽。",
)
OPINION.step(
    "opinion_contact",
    "/opinions/{opinion_id}/contact",
    services.opinion_contact_reveal,
    out=lambda found: {"name": found[0], "phone": found[1]},
    response=OpinionContactOut,
    summary="查看群众的完整姓名和电话（经办人员，记入审计日志）",
    description="只有经办这件意见的人员可以取得；每次取得都记入审计日志（与页面上的“显示”相同）。"
    "其他人答复 404。",
)
OPINION.step(
    "opinion_answer",
    "/opinions/{opinion_id}/answer",
    services.opinion_answer,
    data=FeedbackIn,
    summary="答复群众",
    description="与页面上的“答复群众”相同；当前状态不允许时答复 409。",
)
OPINION.step(
    "opinion_close",
    "/opinions/{opinion_id}/close",
    services.opinion_close,
    summary="办结",
    description="与页面上的“办结”相同；当前状态不允许时答复 409。",
)
