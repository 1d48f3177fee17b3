"""Votes and results (R56): published results only, never a ballot, a vote of a named person
or a tracker (issue 25.1). Polls are those of the meetings the caller sees (``meetings``) and
that ``voting.policies.can_view`` lets the caller open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from lvzhi.core.errors import NotFound
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.voting import selectors
from lvzhi.voting.models import Poll

from . import cursor
from .listing import ERRORS, row_out

router = Router(tags=["表决结果"])


class ResultOut(Schema):
    id: int = Field(description="表决的编号")
    meeting_id: int = Field(description="会议编号")
    title: str = Field(description="表决事项")
    kind: str = Field(description="named 记名表决，election 无记名投票选举")
    subject: str = Field(description="bill/resolution/report/election")
    published_at: dt.datetime = Field(description="公布时间")
    adopted: bool | None = Field(description="是否通过（选举为 null，见 result）")
    result: dict[str, Any] = Field(
        description="公布的结果：应到、实到、赞成、反对、弃权，或各候选人得票；不含任何选票"
    )


ResultPage = cursor.page_of(ResultOut, "ResultPage")


class ResultFilters(cursor.CursorIn):
    meeting_id: int | None = Field(None, ge=1, le=2**62, description="只列某次会议的表决")


def result_out(p: Poll) -> dict[str, Any]:
    return row_out(ResultOut, p)


@router.get(
    "/results",
    response={200: ResultPage, **ERRORS},
    summary="已公布的表决结果",
    description="调用者可见的会议中已公布的表决结果，最新公布的在前；游标分页。"
    "未公布的表决不列出，选票从不离开平台。",
)
def results(request: HttpRequest, filters: Query[ResultFilters]) -> Any:
    meetings = meeting_selectors.meetings_for(request.user).values("pk")
    qs = Poll.objects.filter(meeting_id__in=meetings, published_at__isnull=False)
    if filters.meeting_id:
        qs = qs.filter(meeting_id=filters.meeting_id)
    return cursor.page(qs, filters, result_out, ordering="-published_at")


@router.get(
    "/results/{poll_id}",
    response={200: ResultOut, **ERRORS},
    summary="一项已公布的表决结果",
    description="未公布、无权查看或不存在的表决一律答复 404。",
)
def result(request: HttpRequest, poll_id: int = Path(..., description="表决编号")) -> Any:
    poll = selectors.get_poll(request.user, poll_id)
    if poll.published_at is None:
        raise NotFound(_("No such poll."))
    return result_out(poll)
