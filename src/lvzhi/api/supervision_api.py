"""Deputies in supervision (R28, R29): law-enforcement inspections, inspections, research and
budget reviews of the Standing Committee, read through ``activities.supervision.selectors``
and changed through ``activities.supervision.services`` under ``activities.policies`` — the
page's rules (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lvzhi.activities import policies
from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.models import Supervision
from lvzhi.activities.supervision import selectors, services

from .endpoints import Subject, create, cursor_list, decision, for_each_deputy, resolved
from .listing import (
    DECIDED_ID,
    MAX_ID,
    DecisionOut,
    DeputiesIn,
    ReportIn,
    TermFilters,
    chosen,
    decision_out,
    id_path,
    latest_first,
    looked_up,
    row_out,
    visible,
)

router = Router(tags=["参加监督"])
SUPERVISION_ID = id_path("监督活动的编号")
KINDS = Literal["law_enforcement", "inspection", "research", "budget"]


class SupervisionOut(Schema):
    id: int = Field(description="监督活动的编号")
    kind: str = Field(
        description="law_enforcement 执法检查、inspection 视察、research 调研、budget 预算审查"
    )
    title: str = Field(description="题目")
    committee: str = Field(description="组织的委员会或工作机构")
    place: str = Field(description="所涉地方（县级人大常委会）")
    term: str = Field(description="届次")
    held_on: dt.date = Field(description="日期")
    tasks_sent: bool = Field(description="任务和要求是否已发给代表（R28）")
    reported: bool = Field(description="是否已写报告")


SupervisionFilters = latest_first(SupervisionOut, TermFilters, "held_on", "日期", kinds=KINDS)


class InvitedOut(Schema):
    deputy: str = Field(description="代表姓名")
    local: bool = Field(description="是否所涉地方选出的代表（R28）")


class SupervisionDetailOut(SupervisionOut):
    tasks: str = Field(description="任务和要求")
    report: str = Field(description="报告")
    invited: list[InvitedOut] = Field(description="邀请的代表")
    warning: str = Field(description="当地代表不足时的提示（R28）；无则为空")
    opinions: list[DecisionOut] = Field(description="代表的意见及采纳情况")


class SupervisionIn(Schema):
    kind: KINDS = Field(description="类别")
    committee_id: int = Field(ge=1, le=MAX_ID, description="组织的委员会或工作机构")
    place_id: int = Field(ge=1, le=MAX_ID, description="所涉县级人大常委会")
    title: str = Field(max_length=200, description="题目（必填）")
    tasks: str = Field(max_length=100000, description="任务和要求（必填）")
    held_on: dt.date = Field(description="日期")


class SupervisionOpinionIn(Schema):
    body: str = Field(max_length=5000, description="意见（必填，至多 5000 字）")
    deputy_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="提出意见的代表；不填为本人（组织单位可代受邀代表记录）"
    )


def _out(s: Supervision) -> dict[str, Any]:
    return row_out(
        SupervisionOut,
        s,
        committee=s.committee.name,
        place=s.place.name,
        term=str(s.term),
        tasks_sent=s.tasks_sent_at is not None,
        reported=s.reported_at is not None,
    )


_supervision = looked_up(selectors.supervision, policies.can_view_supervision)


def _detail(s: Supervision) -> dict[str, Any]:
    invitations = selectors.invitations_of(s)
    return {
        **_out(s),
        "tasks": s.tasks,
        "report": s.report,
        "invited": [{"deputy": i.deputy.name, "local": i.is_local} for i in invitations],
        "warning": selectors.r28_warning(sum(1 for i in invitations if i.is_local)),
        "opinions": [decision_out(o) for o in selectors.opinions_of(s)],
    }


def _again(request: HttpRequest, supervision_id: int) -> dict[str, Any]:
    return _detail(_supervision(request, supervision_id))


cursor_list(
    router,
    __name__,
    "supervisions",
    "",
    SupervisionFilters,
    item=SupervisionOut,
    rows=lambda user, filters: selectors.supervisions_for(user, filters.q or ""),
    equal={"kind": "kind"},
    date_field="held_on",
    out=_out,
    summary="可查看的监督活动",
    description="与“参加监督”页面相同：本人受邀的活动（代表），以及（工作人员）管辖范围内"
    "委员会组织的活动。year 按活动日期筛选。游标分页。",
)


def _new_supervision(data: SupervisionIn) -> dict[str, Any]:
    term = visible(common_selectors.prefecture_term(), bool)
    places = dict(common_selectors.county_standing_committees())
    chosen(places.get(data.place_id), "place_id")
    return resolved(
        data,
        term=term,
        committee=chosen(common_selectors.organisation_or_none(data.committee_id), "committee_id"),
        place=common_selectors.organisation(data.place_id),
    )


create(
    router,
    __name__,
    "supervision_create",
    "",
    services.supervision_create,
    data=SupervisionIn,
    fields=_new_supervision,
    answer=lambda request, s: _again(request, s.pk),
    response=SupervisionDetailOut,
    summary="组织一次监督活动（委员会或工作机构的工作人员）",
    description="与“参加监督”页面上的表单相同，属于州人大本届；所涉地方为县级人大常委会。"
    "不在该委员会工作答复 403。",
)


SUPERVISION = Subject(
    router,
    __name__,
    ids={"supervision_id": SUPERVISION_ID},
    load=_supervision,
    keyword="supervision",
    detail=_again,
    detail_out=SupervisionDetailOut,
)
SUPERVISION.read(
    "supervision",
    "/{supervision_id}",
    summary="一次监督活动",
    description="与活动页面相同：任务、邀请的代表（是否当地，R28）、意见及采纳情况和报告。"
    "无权查看的与不存在的一样答复 404。",
)
SUPERVISION.step(
    "supervision_invite",
    "/{supervision_id}/invitations",
    for_each_deputy(services.supervision_invite),
    data=DeputiesIn,
    status=201,
    summary="邀请代表（组织的委员会）",
    description="与活动页面的邀请表单相同：本届在任代表，全部邀请成功或都不邀请；"
    "已写报告后答复 409。",
)
SUPERVISION.step(
    "supervision_tasks",
    "/{supervision_id}/tasks",
    services.supervision_send_tasks,
    summary="把任务和要求发给受邀代表（组织的委员会）",
    description="与活动页面的“发送任务”按钮相同（R28）：须在活动日期之前，且已邀请代表。",
)


def _opinion(request: HttpRequest, s: Supervision, data: SupervisionOpinionIn) -> dict[str, Any]:
    deputy_id = data.deputy_id if data.deputy_id is not None else policies.deputy_id(request.user)
    # Only the deputy's existence is checked here; that only invited deputies give opinions is
    # the service's rule (a 400 naming "deputy", as on the page).
    deputy = chosen(next(iter(common_selectors.deputies([deputy_id or 0])), None), "deputy_id")
    return {"deputy": deputy, "body": data.body}


SUPERVISION.step(
    "supervision_opinion",
    "/{supervision_id}/opinions",
    services.supervision_opinion_add,
    data=SupervisionOpinionIn,
    resolve=_opinion,
    out=decision_out,
    response=DecisionOut,
    status=201,
    summary="记录代表的意见（受邀代表本人或组织的委员会）",
    description="与活动页面的意见表单相同：只有受邀代表提出意见；已写报告后答复 409。",
)


decision(
    SUPERVISION.of("opinion", "opinion_id", DECIDED_ID, selectors.opinion_of),
    "supervision_decide",
    "/{supervision_id}/opinions/{opinion_id}/decision",
    services.supervision_opinion_decide,
    summary="说明一条意见是否采纳及理由（组织的委员会）",
    description="与活动页面的采纳表单相同（R28）。",
)
SUPERVISION.step(
    "supervision_report",
    "/{supervision_id}/report",
    services.supervision_report,
    data=ReportIn,
    summary="写报告（组织的委员会）",
    description="与活动页面的报告表单相同（R28）：每条代表意见都已说明采纳与否之后。",
)
