"""Scenarios of the proposals rows of the notice table (``tests/test_notice_table.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lvzhi.core import clock
from lvzhi.proposals import services
from lvzhi.proposals.models import Consultation, Kind, Proposal, ProposalSettings, Status
from lvzhi.registry.models import Membership

from .helpers import (
    before_deadline,
    colleagues,
    delegation_staff,
    draft,
    handling_unit,
    proposer,
    received,
    reported,
    session,
    signed,
    term,
    u,
)

DAY = dt.date(2026, 1, 12)
Scenario = Callable[[], tuple[Any, set[str]]]


def _deputies(p: Proposal) -> set[str]:
    names = {"deputy"}
    names |= {
        c.deputy.user.username
        for c in p.cosigners.filter(status="confirmed").select_related("deputy__user")
    }
    return names


def _invited() -> tuple[Proposal, set[str]]:
    d = colleagues(1)[0]
    with clock.frozen(before_deadline()):
        p = draft()
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=d)
    return p, {d.user.username}  # type: ignore[union-attr]


def _declined() -> tuple[Proposal, set[str]]:
    d = colleagues(1)[0]
    with clock.frozen(before_deadline()):
        p = draft()
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=d)
        services.cosign_respond(actor=d.user, proposal=p, accept=False)  # type: ignore[arg-type]
    return p, {"deputy"}


def _signed() -> tuple[Proposal, set[str]]:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 9)
        p = services.submit(actor=proposer(), proposal=p)
    assert p.status == Status.AT_DELEGATION
    return p, {delegation_staff(p).username}


def _submitted() -> tuple[Proposal, set[str]]:
    p = received()
    return p, _deputies(p)


def _decided(placed: bool) -> Scenario:
    def run() -> tuple[Proposal, set[str]]:
        p = services.presidium_decide(
            actor=u("secretariat"),
            proposal=reported(DAY),
            placed=placed,
            on=DAY,
            document_no="主〔2026〕6号",
        )
        return p, _deputies(p)

    return run


def _interpellation() -> Proposal:
    with clock.frozen(before_deadline()):
        p = services.draft_create(
            actor=proposer(),
            session=session(),
            kind=Kind.INTERPELLATION,
            subject="关于农村寄宿制学校条件改善问题的质询案",
            grounds="部分县市农村义务教育学校寄宿条件长期得不到改善，请说明原因和整改时限。",
            addressee="government",
        )
        signed(p, 10)
        p = services.submit(actor=proposer(), proposal=p)
        if p.status == Status.AT_DELEGATION:
            p = services.forward(actor=delegation_staff(p), proposal=p)
    return services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=True, on=DAY, document_no="主〔2026〕8号"
    )


def _handed_to_organ() -> tuple[Proposal, set[str]]:
    p = _interpellation()
    return p, _deputies(p)


def _answered() -> tuple[Proposal, set[str]]:
    p = services.answer_record(
        actor=u("secretariat"),
        proposal=_interpellation(),
        text="已安排专项资金分两年完成改造。",
        on=DAY + dt.timedelta(days=1),
        document_no="伊州政函〔2026〕3号",
    )
    return p, _deputies(p)


def _recall(placed: bool) -> Scenario:
    """A recall motion (one deputy suffices under the setting): put to the meeting, or not
    adopted."""

    def run() -> tuple[Proposal, set[str]]:
        ProposalSettings.objects.create(congress=term().congress, recall_share=1000)
        with clock.frozen(before_deadline()):
            p = services.draft_create(
                actor=proposer(),
                session=session(),
                kind=Kind.RECALL,
                subject="罢免案",
                grounds="严重失职，造成重大损失。",
                recall_target="某某 自治州某局局长",
            )
            p = services.submit(actor=proposer(), proposal=p)
            if p.status == Status.AT_DELEGATION:
                p = services.forward(actor=delegation_staff(p), proposal=p)
        p = services.presidium_decide(
            actor=u("secretariat"), proposal=p, placed=placed, on=DAY, document_no="主〔9〕"
        )
        return p, {"deputy"}

    return run


def _extraordinary(placed: bool) -> Scenario:
    """R52: an extraordinary session proposed between sessions (one in N, N = all deputies)."""

    def run() -> tuple[Proposal, set[str]]:
        serving = Membership.objects.filter(term=term(), status="serving").count()
        ProposalSettings.objects.create(congress=term().congress, extraordinary_share=serving)
        p = services.draft_create(
            actor=proposer(),
            session=session(),
            kind=Kind.EXTRAORDINARY,
            subject="提议召开临时人民代表大会会议审议重大事项",
            grounds="需要及时作出决定。",
        )
        p = services.submit(actor=proposer(), proposal=p)
        if p.status == Status.AT_DELEGATION:
            p = services.forward(actor=delegation_staff(p), proposal=p)
        p = services.presidium_decide(
            actor=u("recorder"), proposal=p, placed=placed, on=clock.today(), document_no="1号"
        )
        return p, {"deputy"}

    return run


def _withdrawn() -> tuple[Proposal, set[str]]:
    p = received()
    services.withdrawal_request(actor=proposer(), proposal=p, reason="已与有关部门沟通解决")
    p = services.withdrawal_consent(
        actor=u("secretariat"), proposal=p, on=DAY, document_no="主〔2026〕5号"
    )
    return p, _deputies(p)


def _assigned_proposal() -> Proposal:
    p = _decided(True)()[0]
    plan = services.plan_create(
        actor=u("office"),
        title="议案交办方案",
        decided_on=dt.date(2026, 2, 20),
        document_no="伊州人常主〔2026〕2号",
    )
    return services.assign(
        actor=u("office"),
        proposal=p,
        plan=plan,
        lead=handling_unit(),
        assigned_on=dt.date(2026, 2, 25),
    )


def _assigned() -> tuple[Proposal, set[str]]:
    # The education bureau's own staff and the government's, whose grant covers it.
    return _assigned_proposal(), {"handling", "government"}


def _result() -> tuple[Proposal, set[str]]:
    p = _assigned_proposal()
    services.result_report(
        actor=u("handling"), proposal=p, text="已制定实施方案。", on=dt.date(2026, 5, 1)
    )
    return p, _deputies(p)


def _consulted() -> Consultation:
    with clock.frozen(before_deadline()):
        return services.consultation_request(
            actor=proposer(),
            proposal=draft(),
            department=handling_unit(),
            question="请介绍伊犁河流域生态流量监测的现状和已有的保护措施。",
        )


def _consultation_requested() -> tuple[Consultation, set[str]]:
    return _consulted(), {"handling", "government"}


def _consultation_answered() -> tuple[Consultation, set[str]]:
    c = services.consultation_answer(
        actor=u("handling"), consultation=_consulted(), answer="流域内设有12个监测断面。"
    )
    return c, {"deputy"}


SCENARIOS: dict[str, Scenario] = {
    "proposals.cosigner_invited": _invited,
    "proposals.cosign_declined": _declined,
    "proposals.signed": _signed,
    "proposals.submitted": _submitted,
    "proposals.placed": _decided(True),
    "proposals.not_placed": _decided(False),
    "proposals.handed_to_organ": _handed_to_organ,
    "proposals.answered": _answered,
    "proposals.put_to_meeting": _recall(True),
    "proposals.not_adopted": _recall(False),
    "proposals.convened": _extraordinary(True),
    "proposals.not_convened": _extraordinary(False),
    "proposals.withdrawn": _withdrawn,
    "proposals.assigned": _assigned,
    "proposals.result": _result,
    "proposals.consultation_requested": _consultation_requested,
    "proposals.consultation_answered": _consultation_answered,
}
