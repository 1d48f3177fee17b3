"""Duty records and evaluation (R03, R47, R48) and the compliance view — read through
``records.selectors`` and ``compliance.selectors`` with their policies, exactly as the pages
(issue 25.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from lvzhi.compliance import periods
from lvzhi.compliance import policies as compliance_policies
from lvzhi.compliance import selectors as compliance_selectors
from lvzhi.core import clock
from lvzhi.records import policies, selectors
from lvzhi.registry.models import Membership

from . import cursor
from .listing import ERRORS, MAX_YEAR, MIN_YEAR, visible, year_or_this

records_router = Router(tags=["履职档案与评价"])
compliance_router = Router(tags=["合规"])


class SeatOut(Schema):
    id: int = Field(description="任职（履职档案）的编号")
    deputy: str = Field(description="代表姓名")
    term: str = Field(description="届次")
    electoral_unit: str = Field(description="选举单位")


SeatPage = cursor.page_of(SeatOut, "SeatPage")


class SeatFilters(cursor.CursorIn):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="年度，默认今年")


class EntryOut(Schema):
    on: dt.date | None = Field(description="日期")
    title: str = Field(description="事项")
    detail: str = Field(description="说明")


class SectionOut(Schema):
    kind: str = Field(description="履职类别")
    label: str = Field(description="类别名称")
    recorded: bool = Field(description="平台是否记录这一类（否则 count 为 null）")
    count: int | None = Field(description="件数")
    items: list[EntryOut] = Field(description="各项")


class ArchiveOut(Schema):
    seat: SeatOut
    year: int = Field(description="年度")
    sections: list[SectionOut] = Field(description="履职档案各部分（规程第五条，R03）")
    handbook_submitted: bool = Field(description="年度履职登记册是否已提交（R47）")


class YearIn(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="年度，默认今年")


class EvaluationRowOut(Schema):
    seat_id: int = Field(description="任职编号")
    deputy: str = Field(description="代表姓名")
    electoral_unit: str = Field(description="选举单位")
    score: Decimal = Field(description="得分")
    rank: int = Field(description="在选举单位内的名次")
    of: int = Field(description="选举单位内的人数")
    flags: list[str] = Field(
        description="commend 表扬、talk 谈话提醒（规程第九十四、九十五条，R48）"
    )


class EvaluationIn(YearIn):
    congress: int | None = Field(None, ge=1, le=2**62, description="人大编号，默认本人范围内第一个")


class ComplianceRowOut(Schema):
    rule: str = Field(description="规则编号（R01…）")
    title: str = Field(description="规则")
    status: str = Field(description="green/amber/red/na/not_recorded")
    ok: int = Field(description="达标项数")
    behind: int = Field(description="未达标项数")
    note: str = Field(description="说明")


class ComplianceIn(YearIn):
    congress: int | None = Field(None, ge=1, le=2**62, description="人大编号，默认本人范围内第一个")
    part: Literal["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] = Field(
        "Y", description="期间：Y 全年，H1/H2 半年，Q1-Q4 季度"
    )


def seat_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "deputy": m.deputy.name,
        "term": str(m.term),
        "electoral_unit": m.electoral_unit.name,
    }


@records_router.get(
    "/seats",
    response={200: SeatPage, **ERRORS},
    summary="可查看的履职档案",
    description="代表本人的各个任职，以及工作人员管辖范围内该年度在任的代表。游标分页。",
)
def seats(request: HttpRequest, filters: Query[SeatFilters]) -> Any:
    year = year_or_this(filters.year)
    staff = selectors.seats_for(request.user, year).values("pk")
    own = policies.deputy_id(request.user)
    q = Q(pk__in=staff) | (Q(deputy_id=own) if own is not None else Q(pk__in=[]))
    qs = Membership.objects.filter(q).select_related(*selectors.SEAT_RELATED)
    return cursor.page(qs, filters, seat_out, ordering="id")


@records_router.get(
    "/seats/{seat_id}/archive",
    response={200: ArchiveOut, **ERRORS},
    summary="一位代表一年的履职档案",
    description="与“履职档案”页面相同（R03）；无权查看的与不存在的一样答复 404。",
)
def archive(
    request: HttpRequest,
    filters: Query[YearIn],
    seat_id: int = Path(..., description="任职编号"),
) -> Any:
    seat = selectors.get_seat_for_user(request.user, seat_id)
    a = selectors.archive(seat, year_or_this(filters.year))
    return {
        "seat": seat_out(seat),
        "year": a.year,
        "sections": [
            {
                "kind": s.kind,
                "label": str(s.label),
                "recorded": s.recorded,
                "count": s.count if s.recorded else None,
                "items": [
                    {"on": i.on, "title": str(i.title), "detail": str(i.detail)} for i in s.items
                ],
            }
            for s in a.sections
        ],
        "handbook_submitted": bool(a.handbook and a.handbook.submitted_at),
    }


@records_router.get(
    "/evaluation",
    response={200: list[EvaluationRowOut], **ERRORS},
    summary="代表履职评价（工作人员）",
    description="与“履职评价”页面相同（R48）：一个人大本届代表在该年度的得分、在选举单位内的名次和"
    "表扬、谈话提醒标记，限本人管辖范围。无权查看答复 404。",
)
def evaluation(request: HttpRequest, filters: Query[EvaluationIn]) -> Any:
    visible(request.user, policies.can_see_lists)
    congresses = selectors.congresses_for(request.user).order_by("division__code")
    if filters.congress is not None:
        congresses = congresses.filter(pk=filters.congress)
    congress = visible(congresses.first(), bool)
    year = year_or_this(filters.year)
    _scheme, values = selectors.scheme_values(congress, year)
    rows = selectors.evaluate(congress, year, selectors.units_in_scope(request.user), values)
    return [
        {
            "seat_id": r.membership.pk,
            "deputy": r.membership.deputy.name,
            "electoral_unit": r.membership.electoral_unit.name,
            "score": r.score,
            "rank": r.rank,
            "of": r.of,
            "flags": [f.kind for f in r.flags],
        }
        for r in rows
    ]


@compliance_router.get(
    "/table",
    response={200: list[ComplianceRowOut], **ERRORS},
    summary="合规一览（各项规则的达标情况）",
    description="与“合规”页面相同：一个人大在所选期间每条规则的状态和达标、未达标项数。"
    "无权查看答复 404。",
)
def compliance_table(request: HttpRequest, filters: Query[ComplianceIn]) -> Any:
    visible(request.user, compliance_policies.can_view)
    congress = compliance_selectors.get_congress(request.user, filters.congress)
    period = periods.parse(filters.year, filters.part, clock.today())
    return [
        {
            "rule": r.rule.id,
            "title": str(r.rule.title),
            "status": r.status,
            "ok": r.outcome.ok,
            "behind": r.outcome.behind,
            "note": str(r.outcome.note),
        }
        for r in compliance_selectors.table(congress, period)
    ]
