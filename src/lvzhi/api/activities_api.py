"""Between-sessions work (issue 25.1): deputy groups and their activities (R19, R20) and
inspections and thematic research (R25) — read only through ``activities.<subdomain>.selectors`` and
``activities.policies``, exactly as the pages, so the API shows a user what the pages show
and answers 404 for what they hide."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lvzhi.activities import policies
from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.groups import selectors as group_selectors
from lvzhi.activities.inspections import selectors as inspection_selectors
from lvzhi.activities.inspections import services as inspection_services
from lvzhi.activities.models import DeputyGroup, Inspection, InspectionOpinion, Research
from lvzhi.activities.research import selectors as research_selectors
from lvzhi.core.errors import ValidationFailed

from . import cursor
from .endpoints import Subject, cursor_list
from .listing import (
    ERRORS,
    MAX_ID,
    MAX_YEAR,
    MIN_YEAR,
    TermFilters,
    id_path,
    latest_first,
    looked_up,
    row_out,
    year_or_this,
)

router = Router(tags=["闭会期间活动"])


class QuarterOut(Schema):
    quarter: int = Field(description="季度 1-4")
    activities: int = Field(description="该季度的集体活动次数")
    ended: bool = Field(description="季度是否已结束")
    flagged: bool = Field(description="已结束而无集体活动（R20）")


class GroupOut(Schema):
    id: int = Field(description="代表小组的编号")
    name: str = Field(description="小组名称")
    term: str = Field(description="届次")
    formed_on: dt.date = Field(description="成立日期")
    leader: str = Field(description="组长")
    deputy_leader: str | None = Field(description="副组长")
    quarters: list[QuarterOut] = Field(description="所选年度各季度的活动情况（R20）")


GroupPage = cursor.page_of(GroupOut, "GroupPage")


class GroupFilters(cursor.CursorIn):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="季度统计的年度，默认今年")
    term: int | None = Field(None, ge=1, le=MAX_ID, description="届次编号")
    q: str | None = Field(None, max_length=100, description="小组名称包含的文字")
    ordering: Literal["id", "-id", "formed_on", "-formed_on"] = Field(
        "id", description="排序：id、formed_on，前加 - 为倒序"
    )


class GroupMemberOut(Schema):
    deputy: str = Field(description="代表姓名")
    level: str = Field(description="代表的级别（各级代表混合编组，R19）")


class GroupActivityOut(Schema):
    id: int = Field(description="活动编号")
    kind: str = Field(description="活动类别")
    title: str = Field(description="题目")
    held_on: dt.date = Field(description="日期")
    place: str = Field(description="地点")
    present: int = Field(description="出席人数")


class GroupDetailOut(GroupOut):
    members: list[GroupMemberOut] = Field(description="在任成员")
    activities: list[GroupActivityOut] = Field(description="最近的集体活动")


class GroupYearIn(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="季度统计的年度，默认今年")


class InspectionOut(Schema):
    id: int = Field(description="视察的编号")
    kind: str = Field(description="centralised 集中视察、thematic 专题调研视察")
    title: str = Field(description="题目")
    organiser: str = Field(description="组织单位")
    term: str = Field(description="届次")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期")
    status: str = Field(description="planned 已计划、notified 已通知代表、reported 已报告")


InspectionFilters = latest_first(InspectionOut, TermFilters, "starts_on", "开始日期")


class InspectionParticipantOut(Schema):
    deputy: str = Field(description="代表姓名")


class InspectionOpinionOut(Schema):
    id: int = Field(description="意见编号")
    deputy: str = Field(description="提出意见的代表")
    title: str = Field(description="题目")
    body: str = Field(description="意见")
    route: str = Field(description="处理方式")


class InspectionOpinionIn(Schema):
    title: str = Field(max_length=200, description="题目（必填，至多 200 字）")
    body: str = Field(max_length=20000, description="意见（必填）")
    deputy_id: int | None = Field(
        None, ge=1, le=2**62, description="提出意见的代表；不填为本人（组织单位可代参加的代表记录）"
    )


class InspectionDetailOut(InspectionOut):
    sites: str = Field(description="地点和时间安排")
    report: str = Field(description="视察报告")
    participants: list[InspectionParticipantOut] = Field(description="参加的代表")
    opinions: list[InspectionOpinionOut] = Field(description="代表在视察中提出的意见")


class ResearchOut(Schema):
    id: int = Field(description="调研的编号")
    title: str = Field(description="题目")
    organiser: str = Field(description="组织单位")
    term: str = Field(description="届次")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期")
    reported: bool = Field(description="是否已报告")


ResearchFilters = latest_first(ResearchOut, TermFilters, "starts_on", "开始日期")


class ResearchForwardOut(Schema):
    organ: str = Field(description="转交的机关")
    forwarded_at: dt.datetime = Field(description="转交时间")
    feedback: str = Field(description="办理情况的反馈")
    feedback_at: dt.datetime | None = Field(description="反馈时间；未反馈为 null（R25）")


class ResearchDetailOut(ResearchOut):
    plan: str = Field(description="调研方案")
    methods: list[str] = Field(description="调研方式")
    report: str = Field(description="调研报告")
    participants: list[InspectionParticipantOut] = Field(description="参加的代表")
    forwards: list[ResearchForwardOut] = Field(description="调研报告的转交和反馈（R25）")


visible_inspection = looked_up(inspection_selectors.inspection, policies.can_view_inspection)
visible_research = looked_up(research_selectors.research, policies.can_view_research)
visible_group = looked_up(group_selectors.group, policies.can_view_group)


def _group_out(g: DeputyGroup, quarters: list[Any]) -> dict[str, Any]:
    return {
        "id": g.pk,
        "name": g.organisation.name,
        "term": str(g.term),
        "formed_on": g.formed_on,
        "leader": g.leader.name,
        "deputy_leader": g.deputy_leader.name if g.deputy_leader else None,
        "quarters": [
            {
                "quarter": s.quarter,
                "activities": s.activities,
                "ended": s.ended,
                "flagged": s.flagged,
            }
            for s in quarters
        ],
    }


def _inspection_out(i: Inspection) -> dict[str, Any]:
    return row_out(InspectionOut, i, organiser=i.organiser.name, term=str(i.term))


def _opinion_out(o: InspectionOpinion) -> dict[str, Any]:
    return row_out(InspectionOpinionOut, o, deputy=o.deputy.name)


@router.get(
    "/groups",
    response={200: GroupPage, **ERRORS},
    summary="可查看的代表小组",
    description="与“代表小组”页面相同：本人担任组长、所在或（工作人员）管辖范围内的代表小组，"
    "附所选年度各季度的集体活动次数（R20）。游标分页。",
)
def groups(request: HttpRequest, filters: Query[GroupFilters]) -> Any:
    qs = group_selectors.groups_for(request.user)
    if filters.term is not None:
        qs = qs.filter(term_id=filters.term)
    if filters.q:
        qs = qs.filter(organisation__name__contains=filters.q)
    result = cursor.page(qs, filters, lambda g: {"group": g})
    rows: list[DeputyGroup] = [i["group"] for i in result["items"]]
    statuses = group_selectors.quarter_statuses(rows, year_or_this(filters.year))
    result["items"] = [_group_out(g, statuses[g.pk]) for g in rows]
    return result


@router.get(
    "/groups/{group_id}",
    response={200: GroupDetailOut, **ERRORS},
    summary="一个代表小组",
    description="与小组页面相同：成员（各级代表，R19）、各季度活动情况（R20）和最近的集体活动。"
    "无权查看的与不存在的一样答复 404。",
)
def group(
    request: HttpRequest,
    filters: Query[GroupYearIn],
    group_id: int = id_path("代表小组的编号"),
) -> Any:
    g = visible_group(request, group_id)
    statuses = group_selectors.quarter_statuses([g], year_or_this(filters.year))
    return {
        **_group_out(g, statuses[g.pk]),
        "members": [
            {"deputy": m.deputy.name, "level": str(m.term.congress)}
            for m in group_selectors.group_members(g)
        ],
        "activities": [
            {
                "id": a.pk,
                "kind": a.kind,
                "title": a.title,
                "held_on": a.held_on,
                "place": a.place,
                "present": a.present_count,  # type: ignore[attr-defined]
            }
            for a in group_selectors.recent_group_activities(g)
        ],
    }


cursor_list(
    router,
    __name__,
    "inspections",
    "/inspections",
    InspectionFilters,
    item=InspectionOut,
    rows=lambda user, filters: inspection_selectors.inspections_for(user, filters.q or ""),
    date_field="starts_on",
    out=_inspection_out,
    summary="可查看的视察",
    description="与“视察”页面相同：本人参加的视察，以及（工作人员）管辖范围内组织的视察。"
    "游标分页。",
)


def _inspection_detail(request: HttpRequest, i: Inspection) -> dict[str, Any]:
    return {
        **_inspection_out(i),
        "sites": i.sites,
        "report": i.report,
        "participants": [
            {"deputy": p.deputy.name} for p in inspection_selectors.participants_of(i)
        ],
        "opinions": [_opinion_out(o) for o in inspection_selectors.opinions_of(i)],
    }


def _participant_opinion(
    request: HttpRequest, i: Inspection, data: InspectionOpinionIn
) -> dict[str, Any]:
    deputy_id = data.deputy_id if data.deputy_id is not None else policies.deputy_id(request.user)
    choices = dict(inspection_selectors.participant_choices(i))
    if deputy_id is None or deputy_id not in choices:
        raise ValidationFailed(
            _("Only deputies taking part give opinions here."), field="deputy_id"
        )
    return {"deputy": common_selectors.deputy(deputy_id), "title": data.title, "body": data.body}


INSPECTION = Subject(
    router,
    __name__,
    ids={"inspection_id": id_path("视察的编号")},
    load=visible_inspection,
    keyword="inspection",
    shown=_inspection_detail,
    detail_out=InspectionDetailOut,
)
inspection = INSPECTION.read(
    "inspection",
    "/inspections/{inspection_id}",
    summary="一次视察",
    description="与视察页面相同：参加的代表、意见和报告。无权查看的与不存在的一样答复 404。",
)
INSPECTION.step(
    "inspection_opinion_add",
    "/inspections/{inspection_id}/opinions",
    inspection_services.inspection_opinion_add,
    data=InspectionOpinionIn,
    resolve=_participant_opinion,
    out=_opinion_out,
    response=InspectionOpinionOut,
    status=201,
    summary="记录视察中形成的意见（参加的代表本人或组织单位）",
    description="与视察页面上的“意见”表单相同（规程第四十二条）：只有参加视察的代表提出意见；"
    "通知代表之前答复 409；无权查看的视察答复 404。",
)


def _research_out(r: Research) -> dict[str, Any]:
    return row_out(
        ResearchOut,
        r,
        organiser=r.organiser.name,
        term=str(r.term),
        reported=r.reported_at is not None,
    )


cursor_list(
    router,
    __name__,
    "research_list",
    "/research",
    ResearchFilters,
    item=ResearchOut,
    rows=lambda user, filters: research_selectors.research_for(user, filters.q or ""),
    date_field="starts_on",
    out=_research_out,
    summary="可查看的专题调研",
    description="与“专题调研”页面相同：本人参加的调研，以及（工作人员）管辖范围内组织的调研。"
    "游标分页。",
)


@router.get(
    "/research/{research_id}",
    response={200: ResearchDetailOut, **ERRORS},
    summary="一项专题调研",
    description="与调研页面相同：方案、参加的代表、报告及其转交和反馈（R25）。"
    "无权查看的与不存在的一样答复 404。",
)
def research(
    request: HttpRequest,
    research_id: int = id_path("调研的编号"),
) -> Any:
    r = visible_research(request, research_id)
    return {
        **_research_out(r),
        "plan": r.plan,
        "methods": [str(m) for m in r.methods],
        "report": r.report,
        "participants": [{"deputy": p.deputy.name} for p in research_selectors.participants_of(r)],
        "forwards": [
            {
                "organ": f.organ.name,
                "forwarded_at": f.forwarded_at,
                "feedback": f.feedback,
                "feedback_at": f.feedback_at,
            }
            for f in research_selectors.forwards_of(r)
        ],
    }
