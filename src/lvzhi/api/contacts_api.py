"""Contacts between organs and deputies (issue 25.1): the deputies' meeting requests (约见,
R52); the members of the Standing Committee and of the organs with their linked deputies,
contact records and the deputies' opinions (R33-R35) — read through ``contacts.selectors``
and changed through ``contacts.services`` under ``contacts.policies``, as the pages. Nothing
here is a citizen's: the records name deputies and members only, never a phone number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from lvzhi.contacts import policies, selectors, services
from lvzhi.contacts.models import Contact, Holder, Link, MeetingRequest
from lvzhi.registry.models import Deputy

from . import cursor
from .endpoints import Subject, cursor_list, resolved
from .listing import (
    ERRORS,
    MAX_ID,
    MAX_YEAR,
    MIN_YEAR,
    NO_NUL,
    by_caller,
    chosen,
    id_path,
    row_out,
    visible,
    year_or_this,
)

router = Router(tags=["联系代表"])


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


class MeetingRequestFilters(cursor.CursorIn):
    status: (
        Literal["requested", "arranged", "confirmed", "held", "declined", "withdrawn"] | None
    ) = Field(None, description="按状态筛选：requested/arranged/confirmed/held/declined/withdrawn")
    ordering: Literal["requested_at", "-requested_at"] = Field(
        "-requested_at", description="排序：提出时间；前加 - 为倒序"
    )


def out(m: MeetingRequest) -> dict[str, Any]:
    return row_out(MeetingRequestOut, m, organ=m.organ.name)


def meeting_detail(m: MeetingRequest) -> dict[str, Any]:
    return out(m) | {
        "reason": m.reason,
        "deputies": [d.name for d in m.deputies.all()],
        "arrangement": m.arrangement,
        "outcome": m.outcome,
    }


cursor_list(
    router,
    __name__,
    "meeting_requests",
    "/meeting-requests",
    MeetingRequestFilters,
    item=MeetingRequestOut,
    rows=lambda user, filters: selectors.meetings_for(user, filters.status or ""),
    out=out,
    summary="约见（代表约见机关负责人）",
    description="与“约见”页面相同的范围：提出约见的代表、代表所属人大的办公室、被约见的机关。"
    "游标分页。",
)


Subject(
    router,
    __name__,
    ids={"request_id": Path(..., description="约见的编号")},
    load=by_caller(selectors.get_meeting_for_user),
    keyword="request",
    shown=lambda request, meeting: meeting_detail(meeting),
    detail_out=MeetingRequestDetail,
).read(
    "meeting_request",
    "/meeting-requests/{request_id}",
    summary="一次约见",
    description="无权查看的与不存在的一样答复 404。",
)


# ---- members of the Standing Committee and organs, their deputies and contacts (R33-R35) ----

HOLDER_ID = id_path("联系代表的成员的编号")


class HolderOut(Schema):
    id: int = Field(description="成员的编号")
    name: str = Field(description="姓名")
    kind: str = Field(
        description="sc_member 常委会组成人员、committee_head 专门委员会负责人、"
        "organ_leader 国家机关领导班子成员、organ_principal 国家机关主要负责人"
    )
    organisation: str = Field(description="所在机关")
    term: str = Field(description="届次")
    active: bool = Field(description="是否在任")


class HolderFilters(cursor.CursorIn):
    kind: Literal["sc_member", "committee_head", "organ_leader", "organ_principal"] | None = Field(
        None, description="按类别筛选"
    )
    active: bool | None = Field(None, description="只要在任（true）或已离任（false）的")
    q: str | None = Field(None, max_length=64, pattern=NO_NUL, description="姓名包含的文字")
    ordering: Literal["name", "-name", "id", "-id"] = Field(
        "name", description="排序：name、id，前加 - 为倒序"
    )


class LinkOut(Schema):
    id: int = Field(description="联系的编号")
    deputy_id: int = Field(description="代表的编号")
    deputy: str = Field(description="代表姓名")
    linked_on: dt.date = Field(description="建立联系的日期")
    ended_on: dt.date | None = Field(description="结束联系的日期；仍在联系为 null")


class StandingOut(Schema):
    deputy: str = Field(description="联系的代表")
    contacts: int = Field(description="所选年度的联系次数")
    ok: bool = Field(description="是否达到每年联系次数（R34）")


class ContactOut(Schema):
    id: int = Field(description="联系记录的编号")
    deputy: str = Field(description="联系的代表")
    method: str = Field(
        description="visit 走访、phone 电话、letter 书信、meeting 座谈、joint 共同活动"
    )
    on: dt.date = Field(description="日期")
    note: str = Field(description="记要")


class HolderOpinionOut(Schema):
    id: int = Field(description="意见的编号")
    deputy: str = Field(description="提出意见的代表")
    text: str = Field(description="意见")
    status: str = Field(description="raised 已提出、forwarded 已转代表工作机构、answered 已答复")
    raised_on: dt.date = Field(description="提出日期")
    answer: str = Field(description="答复")


class HolderDetailOut(HolderOut):
    year: int = Field(description="统计的年度")
    links: list[LinkOut] = Field(description="联系的代表（R33）")
    standing: list[StandingOut] = Field(description="所选年度与每位代表的联系次数（R34）")
    flagged: bool = Field(description="所选年度未达到联系要求（R34）")
    contacts: list[ContactOut] = Field(description="所选年度最近的 50 次联系记录")
    opinions: list[HolderOpinionOut] = Field(description="代表在联系中提出的意见及答复（R35）")


class HolderYearIn(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="统计的年度，默认今年")


class LinkIn(Schema):
    deputy_id: int = Field(ge=1, le=MAX_ID, description="本届在任代表的编号")


class LinkMadeOut(LinkOut):
    warning: str = Field(description="超出规程人数等提示（R33、R36、R38）；无则为空")


class ContactIn(Schema):
    deputy_id: int = Field(ge=1, le=MAX_ID, description="联系的代表（须是已建立联系的）")
    method: Literal["visit", "phone", "letter", "meeting", "joint"] = Field(description="方式")
    on: dt.date = Field(description="日期（不晚于今天）")
    note: str = Field("", max_length=2000, description="记要")
    opinion: str = Field("", max_length=5000, description="代表提出的意见（有则记下待答复，R35）")


def _holder_out(h: Holder) -> dict[str, Any]:
    return row_out(
        HolderOut, h, organisation=h.organisation.name, term=str(h.term), active=h.is_active
    )


def _link_out(link: Link) -> dict[str, Any]:
    return row_out(LinkOut, link, deputy=link.deputy.name)


def _contact_out(c: Contact) -> dict[str, Any]:
    return row_out(ContactOut, c, deputy=c.deputy.name)


def visible_holder(
    request: HttpRequest, holder_id: int, may: Callable[[Any, Holder], bool]
) -> Holder:
    """The member, when the caller may see them and ``may`` act for them; otherwise 404."""
    h = selectors.get_holder_for_user(request.user, holder_id)
    return visible(h, lambda h: may(request.user, h))


def _deputy(deputy_id: int) -> Deputy:
    return chosen(Deputy.objects.filter(pk=deputy_id).first(), "deputy_id")


cursor_list(
    router,
    __name__,
    "holders",
    "/members",
    HolderFilters,
    item=HolderOut,
    rows=lambda user, filters: selectors.holders_for(user),
    equal={"kind": "kind", "active": "is_active", "q": "name__contains"},
    out=_holder_out,
    summary="联系代表的成员（常委会组成人员、专门委员会和国家机关负责人）",
    description="与成员页面相同的范围：本人，以及（常委会办公室、委员会、承办单位）所管机关的"
    "成员。游标分页。",
)


@router.get(
    "/members/{holder_id}",
    response={200: HolderDetailOut, **ERRORS},
    summary="一位成员：联系的代表、联系记录和意见",
    description="与成员页面相同（R33-R35）。无权查看的与不存在的一样答复 404。",
)
def holder(request: HttpRequest, filters: Query[HolderYearIn], holder_id: int = HOLDER_ID) -> Any:
    h = selectors.get_holder_for_user(request.user, holder_id)
    year = year_or_this(filters.year)
    standing = selectors.member_year(h, year)
    return {
        **_holder_out(h),
        "year": year,
        "links": [_link_out(row.link) for row in standing.rows],
        "standing": [
            {"deputy": row.deputy.name, "contacts": row.contacts, "ok": row.ok}
            for row in standing.rows
        ],
        "flagged": standing.flagged,
        "contacts": [_contact_out(c) for c in selectors.contacts_of(h, year)[:50]],
        "opinions": [
            {
                "id": o.pk,
                "deputy": o.deputy.name,
                "text": o.text,
                "status": o.status,
                "raised_on": o.raised_on,
                "answer": o.answer,
            }
            for o in selectors.opinions_of(h)
        ],
    }


def managed_holder(request: HttpRequest, holder_id: int) -> Holder:
    return visible_holder(request, holder_id, policies.can_manage)


def _managed_link(request: HttpRequest, link_id: int) -> Link:
    return visible(
        Link.objects.filter(pk=link_id).select_related("holder__organisation", "deputy").first(),
        lambda link: policies.can_manage(request.user, link.holder),
    )


Subject(router, __name__, ids={"holder_id": HOLDER_ID}, load=managed_holder, keyword="holder").step(
    "link_create",
    "/members/{holder_id}/links",
    services.link_create,
    data=LinkIn,
    fields=lambda data: {"deputy": _deputy(data.deputy_id)},
    out=lambda made: {**_link_out(made.link), "warning": made.warning},
    response=LinkMadeOut,
    status=201,
    summary="为成员建立与一位代表的联系（常委会办公室等管理者）",
    description="与成员页面的“建立联系”表单相同（R33）：本届在任代表；超出规程人数时照样建立，"
    "warning 给出提示。",
)
Subject(
    router, __name__, ids={"link_id": id_path("联系的编号")}, load=_managed_link, keyword="link"
).step(
    "link_end",
    "/links/{link_id}/end",
    services.link_end,
    out=_link_out,
    response=LinkOut,
    summary="结束一项联系（常委会办公室等管理者）",
    description="与成员页面的“结束联系”按钮相同：保留历史；已结束答复 409。",
)


Subject(
    router,
    __name__,
    ids={"holder_id": HOLDER_ID},
    load=lambda request, holder_id: visible_holder(request, holder_id, policies.can_log),
    keyword="holder",
).step(
    "contact_log",
    "/members/{holder_id}/contacts",
    services.contact_log,
    data=ContactIn,
    fields=lambda data: resolved(data, deputy=_deputy(data.deputy_id)),
    out=_contact_out,
    response=ContactOut,
    status=201,
    summary="记录一次与代表的联系（成员本人，或为无账号成员代记的办公室）",
    description="与“记录联系”表单相同（R34）：只能记录已建立联系的代表，日期不晚于今天；"
    "代表提出的意见一并记下待答复（R35）。",
)
