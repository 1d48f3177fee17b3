"""The research and inspection pages' actions (issue 25.1): planning, inviting deputies,
notifying them, the report, routing an inspection opinion (Art 44) or submitting it as a
suggestion, forwarding a research report and its feedback (R25), and the handling units'
own replies (issue 22.3). Each calls the one service function the page's form calls, after
the page's look-ups (``activities.<subdomain>.selectors``, ``activities.policies``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.inspections import selectors as inspection_selectors
from lvzhi.activities.inspections import services as inspection_services
from lvzhi.activities.models import InspectionOpinion, ResearchForward
from lvzhi.activities.research import selectors as research_selectors
from lvzhi.activities.research import services as research_services
from lvzhi.activities.units import selectors as unit_selectors

from .activities_api import (
    InspectionDetailOut,
    ResearchDetailOut,
    inspection,
    research,
    visible_inspection,
    visible_research,
)
from .activities_api import router as activities_router
from .endpoints import Subject, create, for_each_deputy, resolved
from .listing import (
    MAX_ID,
    DeputiesIn,
    ReportIn,
    by_caller,
    chosen,
    id_path,
    visible,
)
from .rows import attrs

router = Router(tags=["闭会期间活动"])
# POST /activities/research and /activities/inspections share their paths with the lists
# (activities_api): one path is one Django route, so they join that router's paths.

RESEARCH_ID = id_path("调研的编号")
INSPECTION_ID = id_path("视察的编号")
OPINION_ID = id_path("视察意见的编号")
FORWARD_ID = id_path("调研报告转交记录的编号")
METHODS = Literal["visits", "hearings", "forums", "documents", "questionnaires"]


def _organiser(organiser_id: int) -> Any:
    return chosen(common_selectors.organisation_or_none(organiser_id), "organiser_id")


def _term() -> Any:
    return visible(common_selectors.prefecture_term(), bool)


# ---- thematic research (R25) ------------------------------------------------------------------


class ResearchIn(Schema):
    organiser_id: int = Field(ge=1, le=MAX_ID, description="组织调研的委员会或工作机构")
    title: str = Field(max_length=200, description="题目（必填，至多 200 字）")
    plan: str = Field(max_length=20000, description="调研方案（必填）")
    methods: list[METHODS] = Field(
        ...,
        min_length=1,
        max_length=10,
        description="调研方式（至少一种）：visits 实地走访、hearings 听取汇报、forums 座谈、"
        "documents 查阅资料、questionnaires 问卷",
    )
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期（不早于开始日期）")


class ForwardIn(Schema):
    organ_id: int = Field(ge=1, le=MAX_ID, description="转交的承办单位（国家机关）")


class ResearchFeedbackIn(Schema):
    feedback: str = Field(max_length=20000, description="办理情况（必填）")


class UnitReplyIn(Schema):
    reply: str = Field(max_length=20000, description="本单位的答复或办理情况（必填）")


class ForwardReplyIn(Schema):
    feedback: str = Field(max_length=20000, description="本单位对调研报告的办理情况（必填）")


class ForwardOut(Schema):
    id: int = Field(description="转交记录的编号")
    research_id: int = Field(description="调研的编号")
    organ: str = Field(description="转交的机关")
    forwarded_at: dt.datetime = Field(description="转交时间")
    feedback: str = Field(description="办理情况的反馈")
    feedback_at: dt.datetime | None = Field(description="反馈时间；未反馈为 null（R25）")


def _research_again(request: HttpRequest, research_id: int) -> Any:
    return research(request, research_id=research_id)


def _forward_out(f: ResearchForward) -> dict[str, Any]:
    return attrs(f, "id", "research_id", "forwarded_at", "feedback", "feedback_at") | {
        "organ": f.organ.name
    }


create(
    activities_router,
    __name__,
    "research_create",
    "/research",
    research_services.research_create,
    data=ResearchIn,
    fields=lambda data: resolved(data, term=_term(), organiser=_organiser(data.organiser_id)),
    answer=lambda request, r: _research_again(request, r.pk),
    response=ResearchDetailOut,
    summary="组织专题调研（委员会或工作机构的工作人员）",
    description="与“专题调研”页面上的表单相同（规程第四十六条、第四十八条）：属于州人大本届；"
    "不在该机构工作答复 403。",
)


def _handling_unit(unit_id: int, field: str) -> Any:
    """The handling unit (a state organ) named in ``field``, one of those the page offers."""
    chosen(dict(common_selectors.handling_unit_choices()).get(unit_id), field)
    return common_selectors.organisation(unit_id)


RESEARCH = Subject(
    router,
    __name__,
    ids={"research_id": RESEARCH_ID},
    load=visible_research,
    keyword="research",
    detail=_research_again,
    detail_out=ResearchDetailOut,
)
RESEARCH.step(
    "research_invite",
    "/research/{research_id}/invitations",
    for_each_deputy(research_services.research_invite),
    data=DeputiesIn,
    status=201,
    summary="邀请代表参加调研（组织的机构）",
    description="与调研页面的邀请表单相同：本届在任代表，全部邀请成功或都不邀请；"
    "已邀请的答复 400。",
)
RESEARCH.step(
    "research_report",
    "/research/{research_id}/report",
    research_services.research_report,
    data=ReportIn,
    summary="写调研报告（组织的机构）",
    description="与调研页面的报告表单相同；报告之后可转交承办单位（R25）。",
)
RESEARCH.step(
    "research_forward",
    "/research/{research_id}/forwards",
    research_services.research_forward,
    data=ForwardIn,
    fields=lambda data: {"organ": _handling_unit(data.organ_id, "organ_id")},
    out=_forward_out,
    response=ForwardOut,
    status=201,
    summary="把调研报告转交承办单位（组织的机构）",
    description="与调研页面的转交表单相同（R25，规程第四十九条）：写报告之前答复 409；"
    "同一机关只转交一次。",
)


RESEARCH.of("forward", "forward_id", FORWARD_ID, research_selectors.forward_of).step(
    "research_feedback",
    "/research/{research_id}/forwards/{forward_id}/feedback",
    research_services.research_feedback,
    data=ResearchFeedbackIn,
    out=_forward_out,
    response=ForwardOut,
    summary="记录承办单位的办理情况（组织的机构）",
    description="与调研页面的反馈表单相同（R25）：反馈告知参加调研的每位代表。",
)


# ---- inspections (R22-R24) ---------------------------------------------------------------------


class InspectionIn(Schema):
    kind: Literal["centralised", "thematic"] = Field(
        description="centralised 集中视察、thematic 专题调研视察"
    )
    organiser_id: int = Field(ge=1, le=MAX_ID, description="组织视察的委员会或工作机构")
    title: str = Field(max_length=200, description="题目（必填，至多 200 字）")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期（不早于开始日期）")
    sites: str = Field(max_length=20000, description="地点和时间安排（必填）")
    session_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="视察服务的大会会议（集中视察须在会前一个月结束，R22）"
    )


class InspectionPlannedOut(InspectionDetailOut):
    warnings: list[str] = Field(description="集中视察的时间和次数提示（R22）；无则为空")


class RouteIn(Schema):
    route: Literal["suggestion", "unit"] = Field(
        description="suggestion 作为代表的建议提出、unit 交被视察单位"
    )
    unit_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="被视察的承办单位（route 为 unit 时必填）"
    )


class RoutedOpinionOut(Schema):
    id: int = Field(description="意见编号")
    deputy: str = Field(description="提出意见的代表")
    title: str = Field(description="题目")
    body: str = Field(description="意见")
    route: str = Field(description="pending 待处理、suggestion 作为建议、unit 交被视察单位")
    unit: str | None = Field(description="交办的单位；无则为 null")
    unit_reply: str = Field(description="单位的答复")
    suggestion_id: int | None = Field(description="提出的建议的编号；无则为 null")


def _inspection_again(request: HttpRequest, inspection_id: int) -> Any:
    return inspection(request, inspection_id=inspection_id)


def _opinion_out(op: InspectionOpinion) -> dict[str, Any]:
    return attrs(op, "id", "title", "body", "route", "unit_reply", "suggestion_id") | {
        "deputy": op.deputy.name,
        "unit": op.unit.name if op.unit else None,
    }


def _new_inspection(data: InspectionIn) -> dict[str, Any]:
    term = _term()
    session = None
    if data.session_id is not None:
        sessions = {s.pk: s for s in common_selectors.sessions_of(term)}
        session = chosen(sessions.get(data.session_id), "session_id")
    return resolved(data, term=term, organiser=_organiser(data.organiser_id), session=session)


create(
    activities_router,
    __name__,
    "inspection_plan",
    "/inspections",
    inspection_services.inspection_plan,
    data=InspectionIn,
    fields=_new_inspection,
    answer=lambda request, i: _inspection_again(request, i.pk) | {"warnings": list(i.warnings)},
    response=InspectionPlannedOut,
    summary="计划视察（委员会或工作机构的工作人员）",
    description="与“视察”页面上的表单相同（R23）：属于州人大本届；集中视察时间不合规程照样计划，"
    "warnings 给出提示（R22）。不在该机构工作答复 403。",
)


INSPECTION = Subject(
    router,
    __name__,
    ids={"inspection_id": INSPECTION_ID},
    load=visible_inspection,
    keyword="inspection",
    detail=_inspection_again,
    detail_out=InspectionDetailOut,
)
INSPECTION.step(
    "inspection_invite",
    "/inspections/{inspection_id}/invitations",
    for_each_deputy(inspection_services.inspection_invite),
    data=DeputiesIn,
    status=201,
    summary="邀请代表参加视察（组织的机构）",
    description="与视察页面的邀请表单相同：本届在任代表，全部邀请成功或都不邀请；已报告答复 409。",
)
INSPECTION.step(
    "inspection_notify",
    "/inspections/{inspection_id}/notify",
    inspection_services.inspection_notify,
    summary="通知参加的代表（组织的机构）",
    description="与视察页面的“通知代表”按钮相同：通知之后代表才能记录意见。",
)
INSPECTION.step(
    "inspection_report",
    "/inspections/{inspection_id}/report",
    inspection_services.inspection_report,
    data=ReportIn,
    summary="写视察报告（组织的机构）",
    description="与视察页面的报告表单相同（R24）：通知代表之前答复 409。",
)
OPINION = INSPECTION.of("opinion", "opinion_id", OPINION_ID, inspection_selectors.opinion_of)
OPINION.step(
    "opinion_route",
    "/inspections/{inspection_id}/opinions/{opinion_id}/route",
    inspection_services.opinion_route,
    data=RouteIn,
    fields=lambda data: {
        "route": data.route,
        "unit": None if data.unit_id is None else _handling_unit(data.unit_id, "unit_id"),
    },
    out=_opinion_out,
    response=RoutedOpinionOut,
    summary="处理视察意见：作为代表建议或交被视察单位（组织的机构）",
    description="与视察页面的处理表单相同（规程第四十四条）：已处理答复 409。",
)
OPINION.step(
    "opinion_suggest",
    "/inspections/{inspection_id}/opinions/{opinion_id}/suggestion",
    inspection_services.opinion_submit_as_suggestion,
    out=_opinion_out,
    response=RoutedOpinionOut,
    summary="把视察意见作为本人的建议提出（提出意见的代表）",
    description="与视察页面的“作为建议提出”按钮相同：意见须已定为作为建议，建议经建议的"
    "服务起草并提交；不是本人的意见答复 404。",
)


# ---- the handling units' own replies (issue 22.3; Art 44, 49) -------------------------------

Subject(
    router,
    __name__,
    ids={"opinion_id": OPINION_ID},
    load=by_caller(unit_selectors.unit_opinion),
    keyword="opinion",
).step(
    "unit_opinion_reply",
    "/units/opinions/{opinion_id}/reply",
    inspection_services.opinion_unit_reply,
    data=UnitReplyIn,
    out=_opinion_out,
    response=RoutedOpinionOut,
    summary="答复交本单位的视察意见（承办单位的工作人员）",
    description="与承办单位“意见”页面的答复表单相同（规程第四十四条）：答复告知提出意见的代表"
    "和组织的机构；不是交本单位的答复 404。",
)
Subject(
    router,
    __name__,
    ids={"forward_id": FORWARD_ID},
    load=by_caller(unit_selectors.unit_forward),
    keyword="forward",
).step(
    "unit_forward_reply",
    "/units/research-forwards/{forward_id}/reply",
    research_services.forward_unit_reply,
    data=ForwardReplyIn,
    out=_forward_out,
    response=ForwardOut,
    summary="答复转交本单位的调研报告的办理情况（承办单位的工作人员）",
    description="与承办单位“调研报告”页面的表单相同（R25，规程第四十九条）：办理情况告知"
    "参加调研的代表；不是转交本单位的答复 404。",
)
