"""Deputies in legislation (R26, R27): legislative projects, their stages and the drafts open
for the deputies' comments, read through ``activities.legislation.selectors`` and changed
through ``activities.legislation.services`` under ``activities.policies`` — the pages' rules,
so the API answers 404 where the pages do (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lvzhi.activities import policies
from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.legislation import selectors, services
from lvzhi.activities.models import Draft, LegislativeProject
from lvzhi.core import clock
from lvzhi.core.http import acting_user
from lvzhi.registry.models import Expertise

from .endpoints import Subject, create, cursor_list, decision, resolved
from .listing import (
    ACTION_ERRORS,
    DECIDED_ID,
    ERRORS,
    MAX_ID,
    DecisionOut,
    DeputiesIn,
    TermFilters,
    chosen,
    decision_out,
    deputies,
    every,
    id_path,
    latest_first,
    looked_up,
    row_out,
    visible,
)

router = Router(tags=["参与立法"])
PROJECT_ID = id_path("立法项目的编号")
DRAFT_ID = id_path("草案的编号")


class ProjectOut(Schema):
    id: int = Field(description="立法项目的编号")
    title: str = Field(description="题目")
    committee: str = Field(description="负责的专门委员会或工作机构")
    term: str = Field(description="届次")
    created_at: dt.datetime = Field(description="立项时间")


ProjectFilters = latest_first(ProjectOut, TermFilters, "created_at", "立项时间")


class StageOut(Schema):
    id: int = Field(description="阶段的编号")
    kind: str = Field(description="阶段：research、drafting、appraisal、deliberation、evaluation")
    starts_on: dt.date = Field(description="开始日期")
    invited: list[str] = Field(description="邀请参加的代表")
    warning: str = Field(description="邀请不足两名代表时的提示（R26）；无则为空")


class DraftOut(Schema):
    id: int = Field(description="草案的编号")
    title: str = Field(description="题目")
    opened_at: dt.datetime = Field(description="征求意见开始时间")
    closes_on: dt.date = Field(description="征求意见截止日期")


class ProjectDetailOut(ProjectOut):
    expertise: list[str] = Field(description="所需的专业领域（据以推荐代表，R26）")
    stages: list[StageOut] = Field(description="各阶段及邀请的代表")
    drafts: list[DraftOut] = Field(description="征求代表意见的草案")


class ProjectIn(Schema):
    committee_id: int = Field(ge=1, le=MAX_ID, description="负责的专门委员会或工作机构")
    title: str = Field(max_length=200, description="题目（必填）")
    expertise_ids: list[int] = Field(
        default_factory=list, max_length=50, description="所需的专业领域编号"
    )


class StageIn(Schema):
    kind: Literal["research", "drafting", "appraisal", "deliberation", "evaluation"] = Field(
        description="阶段：research 立法调研、drafting 起草、appraisal 论证、deliberation 审议、"
        "evaluation 立法后评估"
    )
    starts_on: dt.date = Field(description="开始日期")


class DraftIn(Schema):
    title: str = Field(max_length=200, description="题目（必填）")
    text: str = Field(max_length=100000, description="草案全文，按“第…条”或段落分条")
    closes_on: dt.date = Field(description="征求意见截止日期（须晚于今天）")


class CommentIn(Schema):
    body: str = Field(max_length=5000, description="对本条的意见（必填，至多 5000 字）")


class ArticleOut(Schema):
    id: int = Field(description="条文的编号")
    number: int = Field(description="第几条")
    text: str = Field(description="条文")
    comments: list[DecisionOut] = Field(
        description="对本条的意见及采纳情况（R27）：工作人员看到全部，代表看到本人的"
    )


class DraftDetailOut(DraftOut):
    project_id: int = Field(description="所属立法项目")
    open_for_comments: bool = Field(description="是否仍在征求意见")
    articles: list[ArticleOut] = Field(description="逐条的条文和意见")


def _project_out(p: LegislativeProject) -> dict[str, Any]:
    return row_out(ProjectOut, p, committee=p.committee.name, term=str(p.term))


def _draft_out(d: Draft) -> dict[str, Any]:
    return row_out(DraftOut, d)


_project = looked_up(selectors.project, policies.can_view_project)


def _project_detail(request: HttpRequest, p: LegislativeProject) -> dict[str, Any]:
    return {
        **_project_out(p),
        "expertise": [e.name for e in selectors.expertise_of(p)],
        "stages": [
            {
                "id": row["stage"].pk,
                "kind": row["stage"].kind,
                "starts_on": row["stage"].starts_on,
                "invited": [i.deputy.name for i in row["invitations"]],
                "warning": row["warning"],
            }
            for row in selectors.stages_with_invitations(p)
        ],
        "drafts": [_draft_out(d) for d in selectors.drafts_of(p)],
    }


_draft = looked_up(selectors.draft, lambda user, d: policies.can_view_project(user, d.project))


def _draft_detail(request: HttpRequest, d: Draft) -> dict[str, Any]:
    """As the draft page: staff of the committee see every comment, a deputy their own."""
    staff = policies.can_run_legislation(request.user, d.project.committee)
    me = policies.deputy_id(request.user)
    comments: dict[int, list[dict[str, Any]]] = {}
    for c in selectors.adoption_report(d):
        if staff or c.deputy_id == me:
            comments.setdefault(c.article_id, []).append(decision_out(c))
    return {
        **_draft_out(d),
        "project_id": d.project_id,
        "open_for_comments": clock.today() <= d.closes_on,
        "articles": [
            {"id": a.pk, "number": a.number, "text": a.text, "comments": comments.get(a.pk, [])}
            for a in selectors.articles_of(d)
        ],
    }


cursor_list(
    router,
    __name__,
    "projects",
    "",
    ProjectFilters,
    item=ProjectOut,
    rows=lambda user, filters: selectors.projects_for(user, filters.q or ""),
    date_field="created_at",
    out=_project_out,
    summary="可查看的立法项目",
    description="与“参与立法”页面相同：本人所在届次的项目（代表），以及（工作人员）管辖范围内"
    "委员会的项目。year 按立项时间筛选。游标分页。",
)


def _new_project(data: ProjectIn) -> dict[str, Any]:
    term = visible(common_selectors.prefecture_term(), bool)
    committee = chosen(common_selectors.organisation_or_none(data.committee_id), "committee_id")
    expertise = every(Expertise.objects.all(), data.expertise_ids, "expertise_ids")
    return resolved(
        data, term=term, committee=committee, expertise_ids=sorted(e.pk for e in expertise)
    )


create(
    router,
    __name__,
    "project_create",
    "",
    services.project_create,
    data=ProjectIn,
    fields=_new_project,
    answer=lambda request, p: _project_detail(request, _project(request, p.pk)),
    response=ProjectDetailOut,
    summary="立项（专门委员会或工作机构的工作人员）",
    description="与“参与立法”页面上的立项表单相同，项目属于州人大本届；不在该委员会工作答复 403。",
)


def _project_again(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _project_detail(request, _project(request, project_id))


PROJECT = Subject(
    router,
    __name__,
    ids={"project_id": PROJECT_ID},
    load=_project,
    keyword="project",
    detail=_project_again,
    detail_out=ProjectDetailOut,
)
PROJECT.read(
    "project",
    "/{project_id}",
    summary="一个立法项目",
    description="与项目页面相同：所需专业领域、各阶段邀请的代表（R26）和征求意见的草案。"
    "无权查看的与不存在的一样答复 404。",
)
PROJECT.step(
    "stage_open",
    "/{project_id}/stages",
    services.stage_open,
    data=StageIn,
    status=201,
    summary="开始一个阶段（负责的委员会）",
    description="与项目页面的“开始阶段”表单相同；同一阶段已开始答复 409。",
)


PROJECT.of("stage", "stage_id", id_path("阶段的编号"), selectors.stage_of).step(
    "stage_invite",
    "/{project_id}/stages/{stage_id}/invitations",
    services.stage_invite,
    data=DeputiesIn,
    fields=lambda data: {"deputies": deputies(data.deputy_ids)},
    status=201,
    summary="邀请代表参加一个阶段（负责的委员会）",
    description="与项目页面的邀请表单相同（R26）：只能邀请本届在任代表；少于两名时详情的"
    " warning 给出提示。",
)


@router.post(
    "/{project_id}/drafts",
    response={201: DraftDetailOut, **ACTION_ERRORS},
    summary="公布草案征求代表意见（负责的委员会）",
    description="与项目页面的草案表单相同（R26、R27）：全文按条拆分，通知邀请的代表。",
)
def draft_open(request: HttpRequest, data: DraftIn, project_id: int = PROJECT_ID) -> Any:
    p = _project(request, project_id)
    d = services.draft_open(
        actor=acting_user(request),
        project=p,
        title=data.title,
        text=data.text,
        closes_on=data.closes_on,
    )
    return Status(201, _draft_detail(request, _draft(request, d.pk)))


@router.get(
    "/drafts/{draft_id}",
    response={200: DraftDetailOut, **ERRORS},
    summary="一份草案及逐条意见",
    description="与草案页面相同：条文，以及对各条的意见和采纳情况（R27）——负责的委员会看到"
    "全部意见，代表看到本人的。无权查看的与不存在的一样答复 404。",
)
def draft(request: HttpRequest, draft_id: int = DRAFT_ID) -> Any:
    return _draft_detail(request, _draft(request, draft_id))


DRAFT = Subject(router, __name__, ids={"draft_id": DRAFT_ID}, load=_draft, keyword="draft")
DRAFT.of("article", "article_id", id_path("条文的编号"), selectors.article_of).step(
    "comment_add",
    "/drafts/{draft_id}/articles/{article_id}/comments",
    services.comment_add,
    data=CommentIn,
    out=decision_out,
    response=DecisionOut,
    status=201,
    summary="对一条提出意见（本届在任代表）",
    description="与草案页面上每条的意见表单相同；截止日期后答复 409。",
)
decision(
    DRAFT.of("comment", "comment_id", DECIDED_ID, selectors.comment_of),
    "comment_decide",
    "/drafts/{draft_id}/comments/{comment_id}/decision",
    services.comment_decide,
    summary="说明一条意见是否采纳及理由（负责的委员会）",
    description="与草案页面的采纳表单相同（R27），通知提出意见的代表。",
)
