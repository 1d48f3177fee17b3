"""Sessions and meetings (R01, R04, R30-R31): meetings, sittings with attendance, leave
requests — read from ``meetings.selectors`` and changed through ``meetings.services``, the same
functions and policies as the pages (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from lvzhi.core.errors import NotFound
from lvzhi.core.http import acting_user
from lvzhi.meetings import policies, selectors, services
from lvzhi.meetings.models import LeaveRequest, Meeting, Sitting

from . import cursor
from .endpoints import Subject, cursor_list
from .listing import ACTION_ERRORS as ERRORS
from .listing import by_caller, row_out

router = Router(tags=["会议"])
# Literal paths are declared before "/{meeting_id}", which would otherwise take them.


class MeetingOut(Schema):
    id: int = Field(description="会议的稳定编号")
    kind: str = Field(description="session（代表大会会议）或 standing_committee（常委会会议）")
    kind_label: str = Field(description="种类的中文名")
    congress: str = Field(description="人大")
    title: str = Field(description="会议名称")
    place: str = Field(description="地点")
    opens_at: dt.datetime = Field(description="开幕时间")
    closes_at: dt.datetime = Field(description="闭幕时间")


class MeetingFilters(cursor.CursorIn):
    kind: Literal["session", "standing_committee"] | None = Field(None, description="按种类筛选")
    ordering: Literal["opens_at", "-opens_at", "id", "-id"] = Field(
        "-opens_at", description="排序：opens_at 开幕时间，id 编号；前加 - 为倒序"
    )


class SittingOut(Schema):
    id: int = Field(description="场次的稳定编号")
    number: int = Field(description="场次序号")
    title: str = Field(description="名称")
    starts_at: dt.datetime = Field(description="开始时间")
    members: int = Field(description="应出席人数")
    present: int = Field(description="已签到人数")
    on_leave: int = Field(description="经批准请假人数")
    absent: int = Field(description="缺席人数（未签到且未经批准请假）")


class MeetingDetail(MeetingOut):
    sittings: list[SittingOut] = Field(description="各场次及出席情况（规程第三条，R01）")


class LeaveOut(Schema):
    id: int = Field(description="请假申请的编号")
    meeting_id: int = Field(description="会议编号")
    sitting_id: int | None = Field(description="场次编号；null 为整个会议")
    deputy: str = Field(description="代表姓名")
    reason: str = Field(description="事由")
    status: str = Field(description="pending 待代表团决定、approved 批准、refused 不批准")
    requested_at: dt.datetime = Field(description="申请时间")


class LeaveFilters(cursor.CursorIn):
    status: Literal["pending", "approved", "refused"] | None = Field(None, description="按状态筛选")
    ordering: Literal["requested_at", "-requested_at"] = Field(
        "-requested_at", description="排序：申请时间；前加 - 为倒序"
    )


class LeaveIn(Schema):
    reason: str = Field(max_length=500, description="请假事由（必填，至多 500 字）")
    sitting_id: int | None = Field(None, description="只请某一场次的假时填场次编号")


class LeaveDecisionIn(Schema):
    approve: bool = Field(description="true 批准，false 不批准")


def meeting_out(m: Meeting) -> dict[str, Any]:
    return row_out(MeetingOut, m, kind_label=str(m.get_kind_display()), congress=m.congress.name)


def sitting_out(s: Sitting) -> dict[str, Any]:
    c = selectors.sitting_counts(s)
    return row_out(
        SittingOut,
        s,
        members=c.members,
        present=c.present,
        on_leave=c.on_leave,
        absent=c.absent,
    )


def leave_out(x: LeaveRequest) -> dict[str, Any]:
    return row_out(LeaveOut, x, deputy=x.deputy.name)


cursor_list(
    router,
    __name__,
    "meetings",
    "",
    MeetingFilters,
    item=MeetingOut,
    rows=lambda user, filters: selectors.meetings_for(user),
    out=meeting_out,
    equal={"kind": "kind"},
    errors=ERRORS,
    summary="本人可见的会议",
    description="与“会议”页面相同的范围：工作人员管辖范围内的会议，以及代表本人应出席的会议。"
    "游标分页。",
)


def _leaves_for(user: Any) -> Any:
    own = policies.deputy_id(user)
    q = Q(pk__in=selectors.pending_leaves(user).values("pk"))
    if own is not None:
        q |= Q(deputy_id=own)
    return LeaveRequest.objects.filter(q).select_related("deputy")


cursor_list(
    router,
    __name__,
    "leave_requests",
    "/leave-requests",
    LeaveFilters,
    item=LeaveOut,
    rows=lambda user, filters: _leaves_for(user),
    out=leave_out,
    equal={"status": "status"},
    errors=ERRORS,
    summary="请假申请",
    description="代表本人的请假申请，以及等待调用者所在代表团决定的申请（R01）。游标分页。",
)


def _meeting_detail(m: Meeting) -> dict[str, Any]:
    sittings = Sitting.objects.filter(meeting=m).order_by("starts_at", "id")
    return meeting_out(m) | {"sittings": [sitting_out(s) for s in sittings]}


MEETING = Subject(
    router,
    __name__,
    ids={"meeting_id": Path(..., description="会议编号")},
    load=by_caller(selectors.get_meeting),
    keyword="meeting",
    shown=lambda request, meeting: _meeting_detail(meeting),
    detail_out=MeetingDetail,
)
MEETING.read(
    "meeting",
    "/{meeting_id}",
    errors=ERRORS,
    summary="一次会议及各场次的出席情况",
    description="无权查看的会议与不存在的一样答复 404。",
)


@router.post(
    "/sittings/{sitting_id}/check-in",
    response={200: SittingOut, **ERRORS},
    summary="签到（代表本人，会议当天）",
    description="与手机签到相同（R01）：只在场次当天开放，重复签到保留第一次。",
)
def check_in(request: HttpRequest, sitting_id: int = Path(..., description="场次编号")) -> Any:
    s = selectors.get_sitting(request.user, sitting_id)
    services.check_in(actor=acting_user(request), sitting=s)
    return sitting_out(s)


def _leave_asked(request: HttpRequest, m: Meeting, data: LeaveIn) -> dict[str, Any]:
    sitting = None
    if data.sitting_id is not None:
        sitting = Sitting.objects.filter(pk=data.sitting_id, meeting=m).first()
        if sitting is None:
            raise NotFound(_("No such sitting."))
    return {"reason": data.reason, "sitting": sitting}


MEETING.step(
    "leave_create",
    "/{meeting_id}/leave-requests",
    services.leave_request,
    data=LeaveIn,
    resolve=_leave_asked,
    out=leave_out,
    response=LeaveOut,
    status=201,
    summary="请假（代表本人）",
    description="代表因故不能出席，书面说明事由请假（规程第三条，R01）；由所在代表团决定。"
    "已有待决定的同一申请时答复 409。",
)


def _leave(user: Any, leave_id: int) -> LeaveRequest:
    leave = _leaves_for(user).filter(pk=leave_id).first()
    if leave is None:
        raise NotFound(_("No such leave request."))
    return leave


Subject(
    router,
    __name__,
    ids={"leave_id": Path(..., description="请假申请编号")},
    load=by_caller(_leave),
    keyword="leave",
).step(
    "leave_decide",
    "/leave-requests/{leave_id}/decide",
    services.leave_decide,
    data=LeaveDecisionIn,
    out=leave_out,
    response=LeaveOut,
    summary="批准或不批准请假（代表团工作人员）",
    description="与页面上的决定相同；已决定的申请答复 409，管辖范围以外的答复 404。",
)
