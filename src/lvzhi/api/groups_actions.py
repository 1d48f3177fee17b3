"""The deputy-group pages' actions (issue 25.1; R19-R21): forming a group, adding a member of
any level, the year's plan, recording a collective activity with its attendance, its report
and photos. Each calls the one ``activities.groups.services`` function the page's form calls,
after the page's look-ups (``activities.groups.selectors``, ``activities.policies``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.activities import policies
from lvzhi.activities.groups import selectors, services
from lvzhi.activities.models import DeputyGroup, GroupActivity, GroupPlan
from lvzhi.core.http import acting_user
from lvzhi.registry.models import Deputy, Organisation

from .activities_api import GroupDetailOut, GroupYearIn, group
from .endpoints import Subject, resolved
from .listing import ACTION_ERRORS, MAX_ID, MAX_YEAR, MIN_YEAR, chosen, id_path, looked_up, visible
from .rows import attrs

router = Router(tags=["闭会期间活动"])
GROUP_ID = id_path("代表小组的编号")
ACTIVITY_ID = id_path("小组活动的编号")
ORG_ID = id_path("代表小组（机构）的编号")
PHOTO_FILE = File(..., description="照片（JPEG 或 PNG）")


_group = looked_up(selectors.group, policies.can_view_group)


def _deputy(deputy_id: int | None, field: str) -> Deputy | None:
    if deputy_id is None:
        return None
    return chosen(Deputy.objects.filter(pk=deputy_id).first(), field)


class GroupFormIn(Schema):
    term_id: int = Field(ge=1, le=MAX_ID, description="届次（小组成员所在的届次）")
    formed_on: dt.date = Field(description="成立日期（第一次会议闭幕之后，不晚于今天）")
    leader_id: int = Field(ge=1, le=MAX_ID, description="组长（小组成员）")
    deputy_leader_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="副组长（另一位小组成员）"
    )


class MemberIn(Schema):
    deputy_id: int = Field(ge=1, le=MAX_ID, description="加入小组的代表（各级在任代表，R19）")


class PlanIn(Schema):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR, description="年度（今年或明年）")
    content: str = Field(max_length=20000, description="年度计划：各季度活动的主题、形式和时间")


class PlanOut(Schema):
    group_id: int = Field(description="代表小组的编号")
    year: int = Field(description="年度")
    content: str = Field(description="年度计划")
    updated_at: dt.datetime = Field(description="保存时间")


class GroupActivityIn(Schema):
    kind: Literal["study", "inspection", "research", "law_check", "visit_voters", "exchange"] = (
        Field(
            description="study 学习、inspection 视察、research 调研、law_check 执法检查、"
            "visit_voters 走访选民、exchange 交流"
        )
    )
    title: str = Field(max_length=200, description="题目（必填，至多 200 字）")
    held_on: dt.date = Field(description="日期（已举行，不早于小组成立）")
    place: str = Field(max_length=200, description="地点（必填）")
    content: str = Field(max_length=20000, description="活动内容（必填）")
    report: str = Field("", max_length=20000, description="活动报告（可以以后再写，R21）")
    present_ids: list[int] = Field(
        ..., min_length=1, max_length=500, description="出席的小组成员（代表编号）"
    )


class ActivityReportIn(Schema):
    report: str = Field(max_length=20000, description="活动报告（必填）")


class RecordedActivityOut(Schema):
    id: int = Field(description="活动编号")
    group_id: int = Field(description="代表小组的编号")
    kind: str = Field(description="活动类别")
    title: str = Field(description="题目")
    held_on: dt.date = Field(description="日期")
    place: str = Field(description="地点")
    content: str = Field(description="活动内容")
    report: str = Field(description="活动报告")
    present: list[str] = Field(description="出席的成员")
    absent: list[str] = Field(description="未出席的成员")
    photos: int = Field(description="照片张数")


def _activity_out(a: GroupActivity) -> dict[str, Any]:
    attendance = selectors.attendance_of(a)
    return {
        "id": a.pk,
        "group_id": a.group_id,
        "kind": a.kind,
        "title": a.title,
        "held_on": a.held_on,
        "place": a.place,
        "content": a.content,
        "report": a.report,
        "present": [row.deputy.name for row in attendance if row.present],
        "absent": [row.deputy.name for row in attendance if not row.present],
        "photos": len(selectors.photos_of(a)),
    }


_activity = looked_up(
    selectors.group_activity, lambda user, a: policies.can_view_group(user, a.group)
)


def _new_group(request: HttpRequest, org: Organisation, data: GroupFormIn) -> dict[str, Any]:
    terms = {m.term_id: m.term for m in selectors.serving_seats_of(org)}
    term = chosen(terms.get(data.term_id), "term_id")
    leader = _deputy(data.leader_id, "leader_id")
    assert leader is not None
    deputy_leader = _deputy(data.deputy_leader_id, "deputy_leader_id")
    return resolved(data, term=term, leader=leader, deputy_leader=deputy_leader)


Subject(
    router,
    __name__,
    ids={"org_id": ORG_ID},
    load=looked_up(selectors.group_organisation, policies.can_form_group),
    keyword="organisation",
).step(
    "group_form",
    "/group-organisations/{org_id}/group",
    services.group_form,
    data=GroupFormIn,
    resolve=_new_group,
    answer=lambda request, g: group(request, GroupYearIn(year=None), group_id=g.pk),
    response=GroupDetailOut,
    status=201,
    summary="组建代表小组（选举单位的工作人员）",
    description="与“组建代表小组”表单相同（R19）：第一次会议闭幕之后，组长和副组长是小组的"
    "成员；已组建答复 409。无权组建答复 404。",
)


@router.post(
    "/groups/{group_id}/members",
    response={201: GroupDetailOut, **ACTION_ERRORS},
    summary="为代表小组增加成员（选举单位的工作人员）",
    description="与小组页面的“增加成员”表单相同（R19，各级代表混合编组）：所涉地方的各级在任代表；"
    "已在别的小组的随之转入。",
)
def group_member_add(request: HttpRequest, data: MemberIn, group_id: int = GROUP_ID) -> Any:
    g = visible(
        _group(request, group_id), lambda g: policies.can_form_group(request.user, g.organisation)
    )
    deputy = _deputy(data.deputy_id, "deputy_id")
    assert deputy is not None
    seat = chosen(selectors.group_seat_for(g, deputy), "deputy_id")
    services.group_member_add(
        actor=acting_user(request), organisation=g.organisation, membership=seat
    )
    return Status(201, group(request, GroupYearIn(year=None), group_id=group_id))


def _plan_out(plan: GroupPlan) -> dict[str, Any]:
    return attrs(plan, "group_id", "year", "content", "updated_at")


Subject(router, __name__, ids={"group_id": GROUP_ID}, load=_group, keyword="group").step(
    "group_plan",
    "/groups/{group_id}/plan",
    services.group_plan_save,
    data=PlanIn,
    out=_plan_out,
    response=PlanOut,
    summary="保存代表小组的年度计划（组长或工作人员）",
    description="与小组页面的计划表单相同（R21，年初有计划）：今年或明年。",
)


def _managed_group(request: HttpRequest, group_id: int) -> DeputyGroup:
    return visible(_group(request, group_id), lambda g: policies.can_manage_group(request.user, g))


Subject(router, __name__, ids={"group_id": GROUP_ID}, load=_managed_group, keyword="group").step(
    "group_activity_record",
    "/groups/{group_id}/activities",
    services.group_activity_record,
    data=GroupActivityIn,
    fields=lambda data: data.model_dump(exclude={"present_ids"}) | {"present": data.present_ids},
    answer=lambda request, a: _activity_out(_activity(request, a.pk)),
    response=RecordedActivityOut,
    status=201,
    summary="记录一次小组集体活动及出席情况（组长或工作人员）",
    description="与“记录活动”表单相同（R20、R21）：已举行的活动，出席的须是小组成员；"
    "一个季度有一次活动即不再提示。",
)


ACTIVITY = Subject(
    router,
    __name__,
    ids={"activity_id": ACTIVITY_ID},
    load=_activity,
    keyword="activity",
    detail=lambda request, activity_id: _activity_out(_activity(request, activity_id)),
    detail_out=RecordedActivityOut,
)
ACTIVITY.step(
    "group_activity_report",
    "/group-activities/{activity_id}/report",
    services.group_activity_report,
    data=ActivityReportIn,
    summary="写小组活动的报告（组长或工作人员）",
    description="与活动页面的报告表单相同（R21，事后有报告）。",
)


@router.post(
    "/group-activities/{activity_id}/photos",
    response={201: RecordedActivityOut, **ACTION_ERRORS},
    summary="上传小组活动的照片（组长或工作人员）",
    description="与活动页面的照片表单相同：multipart/form-data 的 file，JPEG 或 PNG（按内容识别），"
    "有张数和大小上限。",
)
def group_activity_photo(
    request: HttpRequest, activity_id: int = ACTIVITY_ID, file: UploadedFile = PHOTO_FILE
) -> Any:
    a = _activity(request, activity_id)
    services.activity_photo_add(actor=acting_user(request), activity=a, upload=file)
    return Status(201, _activity_out(_activity(request, activity_id)))
