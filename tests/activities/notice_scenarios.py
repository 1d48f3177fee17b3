"""Scenarios of the activities rows of the notice table (``tests/test_notice_table.py``): each
runs its services with the clock at the activity's days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lvzhi.activities import services
from lvzhi.activities.models import (
    Decision,
    Inspection,
    InspectionKind,
    InspectionOpinion,
    LegislativeProject,
    Research,
    Route,
    StageKind,
    Supervision,
    Thread,
)
from lvzhi.core import clock
from lvzhi.registry.models import Deputy, Level, Organisation, OrgKind, Role, Term

from .conftest import at, deputy_with_account, persona

Scenario = Callable[[], tuple[Any, set[str]]]


def _term() -> Term:
    return Term.objects.get(congress__level=Level.PREFECTURE, is_current=True)


def _name(d: Deputy) -> str:
    return d.user.username  # type: ignore[union-attr]


def _org(username: str) -> Organisation:
    return persona(username).role_assignments.get().organisation


def _unit() -> Organisation:
    return persona("handling").role_assignments.get(role=Role.HANDLING_UNIT).organisation


def _inspection(d: Deputy) -> Inspection:
    with clock.frozen(at(dt.date(2027, 5, 1))):
        i = services.inspection_plan(
            actor=persona("office"),
            kind=InspectionKind.THEMATIC,
            term=_term(),
            organiser=_org("office"),
            title="农村饮水安全专题视察",
            starts_on=dt.date(2027, 5, 10),
            ends_on=dt.date(2027, 5, 12),
            sites="伊宁县水厂",
            deputies=[d],
        )
        return services.inspection_notify(actor=persona("office"), inspection=i)


def _notified() -> tuple[Inspection, set[str]]:
    d = deputy_with_account(_term())
    return _inspection(d), {_name(d)}


def _invited_late() -> tuple[Inspection, set[str]]:
    first = deputy_with_account(_term())
    i = _inspection(first)
    late = deputy_with_account(_term(), exclude={first.pk})
    with clock.frozen(at(dt.date(2027, 5, 2))):
        services.inspection_invite(actor=persona("office"), inspection=i, deputy=late)
    return i, {_name(late)}


def _opinion(route: str) -> tuple[Inspection, Deputy, InspectionOpinion]:
    d = deputy_with_account(_term())
    i = _inspection(d)
    with clock.frozen(at(dt.date(2027, 5, 12))):
        op = services.inspection_opinion_add(
            actor=persona("office"), inspection=i, deputy=d, title="水质检测", body="加强检测"
        )
        unit = _unit() if route == Route.UNIT else None
        op = services.opinion_route(actor=persona("office"), opinion=op, route=route, unit=unit)
    return i, d, op


def _routed_to_unit() -> tuple[Inspection, set[str]]:
    # The education bureau's own staff and the government's, whose grant covers it.
    return _opinion(Route.UNIT)[0], {"handling", "government"}


def _routed_to_suggestion() -> tuple[Inspection, set[str]]:
    i, d, _op = _opinion(Route.SUGGESTION)
    return i, {_name(d)}


def _unit_replied() -> tuple[Inspection, set[str]]:
    i, d, op = _opinion(Route.UNIT)
    services.opinion_unit_reply(actor=persona("handling"), opinion=op, reply="已安排水质检测。")
    # The deputy, and the organisers: the office, and the administrator and the committee staff,
    # whose grants cover the organising office.
    return i, {_name(d), "office", "admin", "committee"}


def _project() -> LegislativeProject:
    return services.project_create(
        actor=persona("committee"),
        term=_term(),
        committee=_org("committee"),
        title="草原保护条例（修订）",
        expertise_ids=[],
    )


def _invite(p: LegislativeProject) -> Deputy:
    d = deputy_with_account(_term())
    with clock.frozen(at(dt.date(2027, 3, 1))):
        st = services.stage_open(
            actor=persona("committee"),
            project=p,
            kind=StageKind.RESEARCH,
            starts_on=dt.date(2027, 3, 2),
        )
        services.stage_invite(actor=persona("committee"), stage=st, deputies=[d])
    return d


def _stage_invited() -> tuple[LegislativeProject, set[str]]:
    p = _project()
    return p, {_name(_invite(p))}


def _draft_opened() -> tuple[LegislativeProject, set[str]]:
    p = _project()
    d = _invite(p)
    with clock.frozen(at(dt.date(2027, 3, 1))):
        services.draft_open(
            actor=persona("committee"),
            project=p,
            title="草原保护条例（修订草案）",
            text="第一条 为了保护草原，制定本条例。\n第二条 本条例适用于自治州。",
            closes_on=dt.date(2027, 3, 31),
        )
    return p, {_name(d)}


def _comment_decided() -> tuple[Any, set[str]]:
    p = _project()
    a = deputy_with_account(_term())
    with clock.frozen(at(dt.date(2027, 3, 1))):
        draft = services.draft_open(
            actor=persona("committee"),
            project=p,
            title="草原保护条例（修订草案）",
            text="第一条 为了保护草原，制定本条例。\n第二条 本条例适用于自治州。",
            closes_on=dt.date(2027, 3, 31),
        )
        c = services.comment_add(
            actor=a.user,  # type: ignore[arg-type]
            article=draft.articles.get(number=2),
            body="建议明确适用范围包括转场牧道。",
        )
        services.comment_decide(
            actor=persona("committee"), comment=c, decision=Decision.ADOPTED, reason="已修改。"
        )
    return draft, {_name(a)}


def _tasks_sent() -> tuple[Supervision, set[str]]:
    yining = Organisation.objects.get(
        kind=OrgKind.STANDING_COMMITTEE, congress__level=Level.COUNTY, division__code="654002"
    )
    d = deputy_with_account(_term(), memberships__electoral_unit__path__startswith=yining.path)
    with clock.frozen(at(dt.date(2027, 6, 1))):
        s = services.supervision_create(
            actor=persona("committee"),
            kind="law_enforcement",
            term=_term(),
            committee=_org("committee"),
            place=yining,
            title="草原法执法检查",
            tasks="检查草原法实施情况",
            held_on=dt.date(2027, 6, 18),
        )
        services.supervision_invite(actor=persona("committee"), supervision=s, deputy=d)
        services.supervision_send_tasks(actor=persona("committee"), supervision=s)
    return s, {_name(d)}


def _research() -> tuple[Research, Deputy]:
    d = deputy_with_account(_term())
    committee = persona("committee")
    with clock.frozen(at(dt.date(2027, 6, 1))):
        r = services.research_create(
            actor=committee,
            term=_term(),
            organiser=_org("committee"),
            title="农产品冷链物流专题调研",
            plan="走访三个县市的冷库。",
            methods=["visits"],
            starts_on=dt.date(2027, 6, 1),
            ends_on=dt.date(2027, 6, 5),
            deputies=[d],
        )
    with clock.frozen(at(dt.date(2027, 6, 10))):
        services.research_report(actor=committee, research=r, report="调研报告正文")
        services.research_forward(actor=committee, research=r, organ=_unit())
    return r, d


def _forwarded() -> tuple[Research, set[str]]:
    return _research()[0], {"handling", "government"}


def _feedback() -> tuple[Research, set[str]]:
    r, d = _research()
    f = r.forwards.get()
    services.research_feedback(actor=persona("committee"), forward=f, feedback="已列入计划。")
    return r, {_name(d)}


def _unit_feedback() -> tuple[Research, set[str]]:
    r, d = _research()
    services.forward_unit_reply(
        actor=persona("handling"), forward=r.forwards.get(), feedback="已办"
    )
    return r, {_name(d)}


def _replied() -> tuple[Thread, set[str]]:
    t = services.thread_create(actor=persona("deputy"), title="履职经验交流", body="大家好")
    services.reply_add(actor=persona("groupleader"), thread=t, body="分享一点体会")
    return t, {"deputy"}


SCENARIOS: dict[str, Scenario] = {
    "activities.inspection_notified": _notified,
    "activities.inspection_invited": _invited_late,
    "activities.inspection_opinion_routed": _routed_to_unit,
    "activities.inspection_opinion_routed/deputy": _routed_to_suggestion,
    "activities.inspection_opinion_unit_replied": _unit_replied,
    "activities.project_invited": _stage_invited,
    "activities.project_draft_opened": _draft_opened,
    "activities.draft_comment_decided": _comment_decided,
    "activities.supervision_tasks_sent": _tasks_sent,
    "activities.research_forwarded": _forwarded,
    "activities.research_feedback": _feedback,
    "activities.research_unit_replied": _unit_feedback,
    "activities.thread_replied": _replied,
}
