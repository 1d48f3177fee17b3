"""Public read endpoints: no sign-in, only what the platform publishes anyway (Art 84, 86).

Deputies show public fields only — never ID numbers, phone numbers or birth dates. Lists are
paginated by ``limit``/``offset`` and cost the same number of queries at any length.
"""

import inspect
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from lvzhi.core import prebuilt
from lvzhi.proposals import selectors as proposal_selectors
from lvzhi.proposals.models import Proposal
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Membership, Organisation
from lvzhi.suggestions import selectors as suggestion_selectors
from lvzhi.suggestions.models import Suggestion

from . import answercache, opendata_files
from .endpoints import view
from .rows import attrs
from .schemas import (
    DeputyFilters,
    DeputyPublic,
    ErrorResponse,
    OrganisationFilters,
    OrganisationPublic,
    PageIn,
    PopoloExport,
    ProposalPublic,
    ProposalPublicDetail,
    SuggestionPublic,
    SuggestionPublicDetail,
    TextFilter,
)

router = Router(auth=None, tags=["公开数据"])
# Answers computed once per version of the data (issue 25.4): answercache.
router.add_decorator(answercache.lookup, mode="operation")
router.add_decorator(answercache.store, mode="view")


class Paging(LimitOffsetPagination):
    """limit/offset paging with the parameters described in Chinese (schemas.PageIn)."""

    Input = PageIn  # type: ignore[assignment]


MAX_PAGE = 100  # a page holds at most 100 rows; walk the list with offset
NOT_FOUND: dict[int | tuple[int, ...], Any] = {(400, 404): ErrorResponse}
BAD_INPUT: dict[int | tuple[int, ...], Any] = {400: ErrorResponse}  # a filter out of range


def seat_out(m: Membership) -> dict[str, Any]:
    return attrs(m, "id", "level", "delegation_id") | {
        "congress": m.term.congress.name,
        "term": str(m.term),
        "level_label": str(m.get_level_display()),
        "electoral_unit": m.electoral_unit.name,
        "division_code": m.electoral_unit.division.code if m.electoral_unit.division else None,
        "delegation": m.delegation.name if m.delegation else None,
        "deputy_group": m.deputy_group.name if m.deputy_group else None,
    }


def deputy_out(d: Deputy) -> dict[str, Any]:
    return attrs(d, "id", "name", "name_pinyin", "position", "public_contact") | {
        "gender": str(d.get_gender_display()),
        "ethnicity": str(d.get_ethnicity_display()),
        "seats": [seat_out(m) for m in getattr(d, "public_seats", [])],
    }


def organisation_out(o: Organisation) -> dict[str, Any]:
    return attrs(o, "id", "name", "short_name", "kind", "parent_id") | {
        "kind_label": str(o.get_kind_display()),
        "division_code": o.division.code if o.division else None,
    }


def suggestion_out(s: Suggestion) -> dict[str, Any]:
    return attrs(s, "id", "number", "title", "category", "status", "submitted_at") | {
        "term": str(s.term),
        "category_label": str(s.get_category_display()),
        "proposer": s.proposer.name,
    }


def suggestion_detail_out(s: Suggestion) -> dict[str, Any]:
    return suggestion_out(s) | {
        "body": s.body,
        "replies": [
            {
                "unit": r.unit.name,
                "result_class": r.result_class,
                "result_label": str(r.get_result_class_display()),
                "replied_at": r.replied_at,
                "body": r.body,
            }
            for r in s.replies.all()
        ],
    }


def proposal_out(p: Proposal) -> dict[str, Any]:
    return attrs(p, "id", "number", "kind", "subject", "status", "decided_on") | {
        "kind_label": str(p.get_kind_display()),
        "congress": p.term.congress.name,
        "term_number": p.term.number,
        "session_number": p.session.number,
        "proposer": p.proposer.name,
        "delegation": p.delegation.name if p.delegation else None,
        "status_label": str(p.get_status_display()),
    }


def proposal_detail_out(p: Proposal) -> dict[str, Any]:
    return proposal_out(p) | {
        "grounds": p.grounds,
        "plan": p.plan,
        "cosigners": [c.deputy.name for c in p.cosigners.all()],
        "handlings": [
            {"unit": h.unit.name, "role": h.role, "result": h.result, "reported_on": h.reported_on}
            for h in p.handlings.all()
        ],
    }


def _read(
    name: str,
    path: str,
    id_text: str,
    schema: Any,
    find: Any,
    out: Any,
    *,
    summary: str,
    description: str,
) -> None:
    """``GET path``: ``out(find(<id>))`` of the path's one id, described as ``id_text``;
    ``find`` answers 404 for what is not published."""
    id_name = path.rsplit("{", 1)[1].rstrip("}")
    fn = view(
        __name__,
        name,
        {id_name: (int, Path(..., description=id_text))},
        lambda request, **ids: out(find(ids[id_name])),
    )
    router.get(path, response={200: schema, **NOT_FOUND}, summary=summary, description=description)(
        fn
    )


def _list(
    name: str, path: str, schema: Any, filters: Any, rows: Any, *, summary: str, description: str
) -> None:
    """``GET path``: a page of ``rows(request, filters)``, a :class:`_Mapped` the paginator
    slices."""
    query = Query[filters]
    fn = view(__name__, name, {"filters": (query, inspect.Parameter.empty)}, rows)
    router.get(
        path, response={200: list[schema], **BAD_INPUT}, summary=summary, description=description
    )(paginate(Paging, max_limit=MAX_PAGE)(fn))


_list(
    "public_deputies",
    "/deputies",
    DeputyPublic,
    DeputyFilters,
    lambda request, filters: _Mapped(
        registry_selectors.public_deputies(
            registry_selectors.PublicFilters(
                q=filters.q,
                level=filters.level,
                division=filters.division,
                delegation=filters.delegation,
            )
        ),
        deputy_out,
    ),
    summary="代表名单（公开字段，按拼音排序）",
    description="现任各级人大代表的公开信息：姓名、性别、民族、工作单位及职务、公开联系方式、"
    "所在届次、选举单位、代表团和代表小组。不含身份证号、电话和出生日期。",
)
_read(
    "public_deputy",
    "/deputies/{deputy_id}",
    "代表的编号",
    DeputyPublic,
    registry_selectors.public_deputy,
    deputy_out,
    summary="一位代表的公开信息",
    description="与代表名单中的一项相同。不存在、已离任或不公开的代表答复 404。",
)
_list(
    "public_organisations",
    "/organisations",
    OrganisationPublic,
    OrganisationFilters,
    lambda request, filters: _Mapped(
        registry_selectors.public_organisations(kind=filters.kind, parent=filters.parent),
        organisation_out,
    ),
    summary="组织机构（人大及其工作机构、代表团、选举单位、承办单位、联络站）",
    description="在用的组织机构，按机构树的顺序；kind 按类别筛选，parent 只列某一机构的下级。",
)
_list(
    "public_suggestions",
    "/suggestions",
    SuggestionPublic,
    TextFilter,
    lambda request, filters: _Mapped(suggestion_selectors.public(filters.q), suggestion_out),
    summary="公开的代表建议（已答复）",
    description="标记为公开、已答复或已办结的建议，最新提交的在前；q 按标题、正文检索。",
)
_read(
    "public_suggestion",
    "/suggestions/{suggestion_id}",
    "建议的编号",
    SuggestionPublicDetail,
    suggestion_selectors.public_detail,
    suggestion_detail_out,
    summary="一件公开建议及承办单位的答复",
    description="建议正文和各承办单位的答复（办理结果分类 A/B/C）。"
    "未公开或尚未答复的建议答复 404。",
)
_list(
    "public_proposals",
    "/proposals",
    ProposalPublic,
    TextFilter,
    lambda request, filters: _Mapped(proposal_selectors.public(filters.q), proposal_out),
    summary="公开的议案（大会主席团已作处理的）",
    description="大会主席团已决定列入议程、转为建议或不予列入的议案，最新决定的在前；"
    "q 按案由或领衔代表检索。",
)
_read(
    "public_proposal",
    "/proposals/{proposal_id}",
    "议案的编号",
    ProposalPublicDetail,
    proposal_selectors.public_detail,
    proposal_detail_out,
    summary="一件公开议案及办理情况",
    description="案由、案据、方案、附议代表和承办单位的办理情况。未公开的议案答复 404。",
)


@router.get(
    "/popolo",
    response=PopoloExport,
    summary="开放数据：Popolo 格式的人员、组织和任职",
    description="按 Popolo 数据规范导出现任代表（persons）、组织机构（organizations）和"
    "代表任职（memberships）；编号形如 deputy/12、org/34、congress/5，长期稳定。",
)
@answercache.not_cached
def public_popolo(request: HttpRequest) -> Any:
    # Served from the stored file of the current data (issue 26.4; opendata_files).
    return prebuilt.response(opendata_files.POPOLO, request)


class _Mapped:
    """A queryset the paginator slices and counts in the database, with each row of the
    slice mapped to its public dict (nothing but the mapped fields leaves the server)."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs = qs
        self.fn = fn

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.fn(row) for row in self.qs[item]]
