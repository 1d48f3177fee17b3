"""Contacts between organs and deputies: the deputies' meeting requests (约见, R52), read
through ``contacts.selectors`` with the same scope as the page (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from lvzhi.contacts import selectors
from lvzhi.contacts.models import MeetingRequest

from . import cursor
from .schemas import ErrorResponse

router = Router(tags=["联系代表"])
ERRORS: dict[int | tuple[int, ...], Any] = {(400, 401, 403, 404): ErrorResponse}


class MeetingRequestOut(Schema):
    id: int = Field(description="约见的编号")
    organ: str = Field(description="被约见的机关")
    head: str = Field(description="约见的负责人")
    subject: str = Field(description="事由")
    status: str = Field(description="状态")
    requested_at: dt.datetime = Field(description="提出时间")
    meets_at: dt.datetime | None = Field(description="安排的时间")
    place: str = Field(description="地点")


class MeetingRequestDetail(MeetingRequestOut):
    reason: str = Field(description="代表要反映的问题")
    deputies: list[str] = Field(description="提出约见的代表")
    arrangement: str = Field(description="办公室的安排")
    outcome: str = Field(description="结果")


class MeetingRequestPage(Schema):
    items: list[MeetingRequestOut]
    next_cursor: str | None = Field(description="下一页的游标；最后一页为 null")


class MeetingRequestFilters(cursor.CursorIn):
    status: (
        Literal["requested", "arranged", "confirmed", "held", "declined", "withdrawn"] | None
    ) = Field(None, description="按状态筛选：requested/arranged/confirmed/held/declined/withdrawn")
    ordering: Literal["requested_at", "-requested_at"] = Field(
        "-requested_at", description="排序：提出时间；前加 - 为倒序"
    )


def out(m: MeetingRequest) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organ": m.organ.name,
        "head": m.head,
        "subject": m.subject,
        "status": m.status,
        "requested_at": m.requested_at,
        "meets_at": m.meets_at,
        "place": m.place,
    }


@router.get(
    "/meeting-requests",
    response={200: MeetingRequestPage, **ERRORS},
    summary="约见（代表约见机关负责人）",
    description="与“约见”页面相同的范围：提出约见的代表、代表所属人大的办公室、被约见的机关。"
    "游标分页。",
)
def meeting_requests(request: HttpRequest, filters: Query[MeetingRequestFilters]) -> Any:
    qs = selectors.meetings_for(request.user, filters.status or "")
    return cursor.page(
        qs,
        ordering=filters.ordering,
        allowed={"requested_at": "requested_at"},
        page_in=filters,
        out=out,
    )


@router.get(
    "/meeting-requests/{request_id}",
    response={200: MeetingRequestDetail, **ERRORS},
    summary="一次约见",
    description="无权查看的与不存在的一样答复 404。",
)
def meeting_request(
    request: HttpRequest, request_id: int = Path(..., description="约见的编号")
) -> Any:
    m = selectors.get_meeting_for_user(request.user, request_id)
    return out(m) | {
        "reason": m.reason,
        "deputies": [d.name for d in m.deputies.all()],
        "arrangement": m.arrangement,
        "outcome": m.outcome,
    }
