"""The contacts pages' remaining actions (issue 25.1): registering and ending a member,
answering and forwarding a deputy's opinion (R35), an organ's activities (R36, R38) and
engagements (R39), the year-end report (R34, R37) and the steps of a meeting request (约见,
Art 34, R52). Each calls the one ``contacts.services`` function the page's form calls, after
the same look-ups (``contacts.selectors``), so a refusal is the page's refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.contacts import selectors, services, workflow
from lvzhi.contacts.models import Activity, Engagement, Opinion
from lvzhi.contacts.rules import MAX_NOTE_CHARS, MAX_OPINION_CHARS
from lvzhi.core.documents import DOCX
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.http import acting_user
from lvzhi.registry.models import Deputy, Expertise, Organisation, Term

from . import cursor, fileanswer
from .contacts_api import (
    HolderOut,
    MeetingRequestDetail,
    _holder_out,
    managed_holder,
    meeting_detail,
)
from .contacts_api import router as contacts_router
from .endpoints import Subject, cursor_list, resolved
from .listing import (
    ACTION_ERRORS,
    MAX_ID,
    MAX_INVITED,
    MAX_YEAR,
    MIN_YEAR,
    by_caller,
    chosen,
    deputies,
    every,
    id_path,
    year_or_this,
)
from .rows import attrs

router = Router(tags=["联系代表"])
# POST /contacts/meeting-requests shares its path with the list (contacts_api): one path is
# one Django route, so the operation joins that router's path rather than shadowing it.

ORG_ID = id_path("机关（常委会、专门委员会或一府一委两院）的编号")
HOLDER_ID = id_path("联系代表的成员的编号")
OPINION_ID = id_path("代表意见的编号")
MEETING_ID = id_path("约见的编号")


# ---- members: register and end (R33) ---------------------------------------------------------


class HolderIn(Schema):
    name: str = Field(max_length=64, description="姓名（必填，至多 64 字）")
    kind: Literal["sc_member", "committee_head", "organ_leader", "organ_principal"] = Field(
        description="sc_member 常委会组成人员（常委会）、"
        "committee_head 专门委员会负责人（专门委员会）、organ_leader 国家机关领导班子成员、"
        "organ_principal 国家机关主要负责人（一府一委两院）"
    )
    electoral_unit_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="常委会组成人员的原选举单位（本届的选举单位）"
    )
    user_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="成员的账号；不填为无账号成员（由工作人员代记联系）"
    )
    field_ids: list[int] = Field(
        [], max_length=100, description="专门委员会负责人：委员会的专业领域编号（提出代表小组人选）"
    )


_obliged = by_caller(selectors.get_obliged_for_user)
OBLIGED = Subject(router, __name__, ids={"org_id": ORG_ID}, load=_obliged, keyword="organisation")


def _new_holder(request: HttpRequest, org: Organisation, data: HolderIn) -> dict[str, Any]:
    term = selectors.organ_term(org)
    if term is None:
        raise ValidationFailed(_("No current congress term for this organisation."))
    unit = None
    if data.electoral_unit_id is not None:
        unit = chosen(
            selectors.electoral_units(term.pk).filter(pk=data.electoral_unit_id).first(),
            "electoral_unit_id",
        )
    user = None
    if data.user_id is not None:
        user = chosen(selectors.holder_accounts(org).filter(pk=data.user_id).first(), "user_id")
    return {
        "name": data.name,
        "term": term,
        "kind": data.kind,
        "electoral_unit": unit,
        "user": user,
        "fields": every(Expertise.objects.all(), data.field_ids, "field_ids"),
    }


OBLIGED.step(
    "holder_create",
    "/organisations/{org_id}/members",
    services.holder_create,
    data=HolderIn,
    resolve=_new_holder,
    answer=lambda request, h: _holder_out(selectors.get_holder_for_user(request.user, h.pk)),
    response=HolderOut,
    status=201,
    summary="登记联系代表的成员（常委会办公室、委员会或机关的工作人员）",
    description="与机关履职义务页面的“登记”表单相同：类别须与机关相符，专门委员会负责人和"
    "机关主要负责人各只一位；账号须是该机关可登记的账号。无权管理该机关答复 404。",
)


Subject(router, __name__, ids={"holder_id": HOLDER_ID}, load=managed_holder, keyword="holder").step(
    "holder_end",
    "/members/{holder_id}/end",
    services.holder_end,
    out=_holder_out,
    response=HolderOut,
    summary="成员离任（常委会办公室等管理者）",
    description="与成员页面的“离任”按钮相同：成员不再在任，尚在的联系当日结束，联系记录和"
    "年度报告保留；已离任答复 409。",
)


# ---- the deputies' opinions (R35) ---------------------------------------------------------------


class MemberOpinionOut(Schema):
    id: int = Field(description="意见的编号")
    member_id: int = Field(description="收到意见的成员的编号")
    member: str = Field(description="收到意见的成员")
    deputy: str = Field(description="提出意见的代表")
    text: str = Field(description="意见")
    status: str = Field(description="raised 已提出、forwarded 已转代表工作机构、answered 已答复")
    raised_on: dt.date = Field(description="提出日期")
    forwarded_to: str | None = Field(description="转交的代表工作机构；未转交为 null")
    answer: str = Field(description="答复")


class ForwardedFilters(cursor.CursorIn):
    ordering: Literal["forwarded_at", "-forwarded_at", "id", "-id"] = Field(
        "-forwarded_at", description="排序：forwarded_at（转交时间）、id，前加 - 为倒序"
    )


class AnswerIn(Schema):
    answer: str = Field(
        max_length=MAX_OPINION_CHARS, description="给代表的答复（必填，至多 5000 字）"
    )


def _opinion_out(o: Opinion) -> dict[str, Any]:
    return attrs(o, "id", "text", "status", "raised_on", "answer") | {
        "member_id": o.holder_id,
        "member": o.holder.name,
        "deputy": o.deputy.name,
        "forwarded_to": o.forwarded_to.name if o.forwarded_to else None,
    }


cursor_list(
    router,
    __name__,
    "forwarded",
    "/opinions",
    ForwardedFilters,
    item=MemberOpinionOut,
    rows=lambda user, filters: selectors.forwarded_to_user(user),
    out=_opinion_out,
    summary="转交代表工作机构、待答复的代表意见（常委会办公室）",
    description="与“转来的意见”页面相同（R35）：成员转交到本人管辖范围内代表工作机构、"
    "尚未答复的意见；其他角色得到空列表。游标分页。",
)


_opinion = by_caller(selectors.get_opinion_for_user)


OPINION = Subject(
    router, __name__, ids={"opinion_id": OPINION_ID}, load=_opinion, keyword="opinion"
)
OPINION.step(
    "opinion_answer",
    "/opinions/{opinion_id}/answer",
    services.opinion_answer,
    data=AnswerIn,
    out=_opinion_out,
    response=MemberOpinionOut,
    summary="答复代表的意见（成员本人或管理者；转交后为代表工作机构）",
    description="与成员页面和“转来的意见”页面的答复表单相同（R35）：答复送达代表；已答复答复 409。",
)
OPINION.step(
    "opinion_forward",
    "/opinions/{opinion_id}/forward",
    services.opinion_forward,
    out=_opinion_out,
    response=MemberOpinionOut,
    summary="把意见转交代表工作机构（常委会组成人员本人）",
    description="与成员页面的“转交”按钮相同（R35）：只转交常委会组成人员收到的、待答复的意见；"
    "状态不允许答复 409。",
)


# ---- an organ's activities (R36, R38) and engagements (R39) -----------------------------------


class ActivityIn(Schema):
    kind: Literal["group", "forum", "briefing"] = Field(
        description="group 专门委员会代表小组活动、forum 机关主要负责人与代表座谈、"
        "briefing 机关向代表通报情况"
    )
    title: str = Field(max_length=200, description="题目（必填，至多 200 字）")
    held_on: dt.date = Field(description="日期（不晚于今天）")
    participant_ids: list[int] = Field(
        ..., min_length=1, max_length=MAX_INVITED, description="参加的代表（1-100 位）"
    )
    summary: str = Field("", max_length=MAX_OPINION_CHARS, description="情况摘要（至多 5000 字）")


class ActivityOut(Schema):
    id: int = Field(description="活动的编号")
    kind: str = Field(description="类别")
    title: str = Field(description="题目")
    held_on: dt.date = Field(description="日期")
    deputies: list[str] = Field(description="参加的代表")
    warning: str = Field(description="不满足规程人数等提示（R38）；无则为空")


class EngagementIn(Schema):
    deputy_id: int = Field(ge=1, le=MAX_ID, description="本届在任代表的编号")
    purpose: Literal["supervisor", "trial", "meeting", "event"] = Field(
        description="supervisor 特约监督员、trial 旁听庭审、meeting 列席重要会议、"
        "event 参加重大活动"
    )
    starts_on: dt.date = Field(description="聘请或活动的日期")
    consulted_on: dt.date | None = Field(
        None, description="事先征求常委会办公室意见的日期（必填，不晚于聘请日期，R39）"
    )
    consulted_with: str = Field(max_length=100, description="征求意见的对象（必填）")
    note: str = Field("", max_length=MAX_NOTE_CHARS, description="备注（至多 2000 字）")


class EngagementOut(Schema):
    id: int = Field(description="记录的编号")
    deputy: str = Field(description="代表")
    purpose: str = Field(description="聘请或邀请的事项")
    starts_on: dt.date = Field(description="日期")
    consulted_on: dt.date = Field(description="征求意见的日期")
    consulted_with: str = Field(description="征求意见的对象")


def _activity_out(a: Activity, warning: str) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "held_on": a.held_on,
        "deputies": [d.name for d in a.participants.order_by("name_pinyin")],
        "warning": warning,
    }


def _participants(org: Organisation, ids: list[int]) -> list[Deputy]:
    """The deputies named; for a special committee only those of its group (R36), as the
    page's checkboxes offer; otherwise any, the service checking they serve."""
    chosen_deputies = deputies(ids, "participant_ids")
    group = selectors.committee_group(org)
    if group is not None:
        members = set(group.filter(pk__in=ids).values_list("pk", flat=True))
        if any(d.pk not in members for d in chosen_deputies):
            chosen(None, "participant_ids")
    return chosen_deputies


def _engagement_out(e: Engagement) -> dict[str, Any]:
    return attrs(e, "id", "purpose", "starts_on", "consulted_on", "consulted_with") | {
        "deputy": e.deputy.name
    }


def _activity_record(
    *, organisation: Organisation, participant_ids: list[int], **fields: Any
) -> Any:
    """The activity form's service, with the participants its checkboxes offer."""
    participants = _participants(organisation, participant_ids)
    return services.activity_record(organisation=organisation, participants=participants, **fields)


OBLIGED.step(
    "activity_record",
    "/organisations/{org_id}/activities",
    _activity_record,
    data=ActivityIn,
    out=lambda result: _activity_out(result.activity, result.warning),
    response=ActivityOut,
    status=201,
    summary="记录机关与代表的活动（委员会或机关的工作人员、常委会办公室）",
    description="与机关履职义务页面的“活动”表单相同：专门委员会的代表小组活动只由小组代表参加"
    "（R36）；机关主要负责人座谈少于规定人数照样记录并在 warning 提示（R38）。",
)
OBLIGED.step(
    "engagement_record",
    "/organisations/{org_id}/engagements",
    services.engagement_record,
    data=EngagementIn,
    fields=lambda data: resolved(
        data, deputy=chosen(Deputy.objects.filter(pk=data.deputy_id).first(), "deputy_id")
    ),
    out=_engagement_out,
    response=EngagementOut,
    status=201,
    summary="记录聘请或邀请代表及事先征求意见（一府一委两院的工作人员）",
    description="与机关履职义务页面的“聘请、邀请代表”表单相同（R39）：须事先征求常委会办公室"
    "意见，征求日期不晚于聘请日期。",
)


# ---- the year-end report (R34, R37) ----------------------------------------------------------


class ReportYearIn(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="报告的年度，默认今年")


@router.post(
    "/members/{holder_id}/report",
    response={**ACTION_ERRORS},
    openapi_extra=fileanswer.binary(DOCX),
    summary="生成成员的年度书面报告（.docx）",
    description="与成员页面的“年度报告”按钮相同（R34、R37）：生成即记为当年已报告；"
    "专门委员会负责人的报告包括代表小组的活动。答复为 Word 文件。",
)
def report(request: HttpRequest, filters: Query[ReportYearIn], holder_id: int = HOLDER_ID) -> Any:
    h = selectors.get_holder_for_user(request.user, holder_id)
    year = year_or_this(filters.year)
    response = HttpResponse(
        services.report_document(actor=acting_user(request), holder=h, year=year),
        content_type=DOCX,
    )
    response["Content-Disposition"] = f'attachment; filename="contacts-{h.pk}-{year}.docx"'
    return response


# ---- meeting requests 约见 (Art 34, R52) --------------------------------------------------------


class MeetingRequestIn(Schema):
    term_id: int = Field(ge=1, le=MAX_ID, description="本人在任的届次")
    organ_id: int = Field(ge=1, le=MAX_ID, description="约见的机关（同级或下级的国家机关）")
    head: str = Field(max_length=100, description="约见的负责人（必填，如县长、法院院长）")
    subject: str = Field(max_length=200, description="事由（必填，至多 200 字）")
    reason: str = Field(max_length=MAX_OPINION_CHARS, description="要反映的问题（必填）")
    co_deputy_ids: list[int] = Field(
        [], max_length=MAX_INVITED, description="一同提出约见的代表（本届在任）"
    )


class MeetingNoteIn(Schema):
    note: str = Field(max_length=MAX_NOTE_CHARS, description="说明（必填，至多 2000 字）")


class MeetingConfirmIn(Schema):
    meets_at: dt.datetime = Field(description="约见的时间（不早于现在）")
    place: str = Field(max_length=200, description="地点（必填）")


class MeetingOutcomeIn(Schema):
    outcome: str = Field(max_length=MAX_OPINION_CHARS, description="约见的结果（必填）")


_meeting = by_caller(selectors.get_meeting_for_user)


class MeetingRequestActed(MeetingRequestDetail):
    actions: list[str] = Field(
        description="调用者现在可进行的步骤：arrange、decline、withdraw、confirm、record"
    )


def _meeting_detail(request: HttpRequest, request_id: int) -> dict[str, Any]:
    m = _meeting(request, request_id)
    return meeting_detail(m) | {"actions": workflow.MEETING.allowed(request.user, m)}


@contacts_router.post(
    "/meeting-requests",
    response={201: MeetingRequestActed, **ACTION_ERRORS},
    summary="提出约见（代表）",
    description="与“提出约见”表单相同（规程第三十四条）：闭会期间，约见本级或下级国家机关的"
    "负责人；大会期间答复 400。非代表答复 403。",
)
def meeting_request_create(request: HttpRequest, data: MeetingRequestIn) -> Any:
    term = chosen(Term.objects.filter(pk=data.term_id).first(), "term_id")
    organ = chosen(Organisation.objects.filter(pk=data.organ_id).first(), "organ_id")
    mr = services.meeting_request_create(
        actor=acting_user(request),
        term=term,
        organ=organ,
        head=data.head,
        subject=data.subject,
        reason=data.reason,
        co_deputies=deputies(data.co_deputy_ids, "co_deputy_ids") if data.co_deputy_ids else [],
    )
    return Status(201, _meeting_detail(request, mr.pk))


STEP_TEXT = "状态不允许答复 409，不是本方的步骤答复 403。"
MEETING = Subject(
    router,
    __name__,
    ids={"request_id": MEETING_ID},
    load=_meeting,
    keyword="request",
    detail=_meeting_detail,
    detail_out=MeetingRequestActed,
)
MEETING.step(
    "meeting_arrange",
    "/meeting-requests/{request_id}/arrange",
    services.meeting_request_arrange,
    data=MeetingNoteIn,
    summary="受理并安排约见（常委会办公室）",
    description="与约见页面的“安排”表单相同：办公室受理并转告被约见的机关。" + STEP_TEXT,
)
MEETING.step(
    "meeting_decline",
    "/meeting-requests/{request_id}/decline",
    services.meeting_request_decline,
    data=MeetingNoteIn,
    fields=lambda data: {"reason": data.note},
    summary="不予安排约见并说明理由（常委会办公室）",
    description="与约见页面的“不予安排”表单相同。" + STEP_TEXT,
)
MEETING.step(
    "meeting_confirm",
    "/meeting-requests/{request_id}/confirm",
    services.meeting_request_confirm,
    data=MeetingConfirmIn,
    summary="确定约见的时间和地点（被约见的机关）",
    description="与约见页面的“确定时间”表单相同：时间不早于现在，通知代表。" + STEP_TEXT,
)
MEETING.step(
    "meeting_record",
    "/meeting-requests/{request_id}/record",
    services.meeting_request_record,
    data=MeetingOutcomeIn,
    summary="记录约见的结果（常委会办公室或被约见的机关）",
    description="与约见页面的“记录结果”表单相同：约见之后记录，通知代表。" + STEP_TEXT,
)
MEETING.step(
    "meeting_withdraw",
    "/meeting-requests/{request_id}/withdraw",
    services.meeting_request_withdraw,
    summary="撤回约见（提出约见的代表）",
    description="与约见页面的“撤回”按钮相同：安排确定之前。" + STEP_TEXT,
)
