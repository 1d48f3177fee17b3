"""Building blocks for suggestion tests: the demo personas and a quick path through the
workflow."""

from __future__ import annotations

import datetime as dt

from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Membership, Organisation, OrgKind, Term
from lvzhi.suggestions import services
from lvzhi.suggestions.models import AssignmentPlan, Suggestion

BODY = (
    "我区多个村的通村公路年久失修，雨季通行困难，群众出行和农产品运输受到影响。"
    "建议统筹安排资金，分批实施通村公路提升改造，并建立日常养护机制，明确养护责任。"
)


def u(name: str) -> User:
    return User.objects.get(username=name)


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def deputy_user() -> User:
    return u("deputy")


def fellow_deputies(n: int) -> list[Deputy]:
    """Serving prefecture deputies other than the persona, each with an account."""
    own = Deputy.objects.get(user__username="deputy")
    out = []
    for m in (
        Membership.objects.filter(term=term(), status="serving", deputy__user__isnull=True)
        .exclude(deputy=own)
        .select_related("deputy")[:n]
    ):
        user = User.objects.create_user(username=f"d{m.deputy_id}", password="x")
        m.deputy.user = user
        m.deputy.save(update_fields=["user"])
        out.append(m.deputy)
    return out


def draft(title: str = "关于加快通村公路提升改造的建议", body: str = BODY) -> Suggestion:
    return services.draft_create(
        actor=deputy_user(), term=term(), session=None, title=title, body=body, category="transport"
    )


def submitted(**kw: str) -> Suggestion:
    s = draft(**kw)
    return services.submit(actor=deputy_user(), suggestion=s)


def plan(decided_on: dt.date = dt.date(2026, 3, 1)) -> AssignmentPlan:
    return services.plan_create(
        actor=u("office"),
        title="2026年代表建议交办方案",
        decided_on=decided_on,
        document_no="伊人常主〔2026〕3号",
    )


def education_bureau() -> Organisation:
    return Organisation.objects.get(name="自治州教育局")


def unit(name: str) -> Organisation:
    return Organisation.objects.get(
        name=name, kind__in=[OrgKind.GOVERNMENT_DEPARTMENT, OrgKind.GOVERNMENT]
    )


def assigned(on: dt.date = dt.date(2026, 3, 10), co: tuple[str, ...] = ()) -> Suggestion:
    s = submitted()
    return services.assign(
        actor=u("office"),
        suggestion=s,
        lead=education_bureau(),
        co_units=[unit(n) for n in co],
        plan=plan(),
        assigned_on=on,
    )
