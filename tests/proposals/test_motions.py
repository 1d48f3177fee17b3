"""R51 (Art 31): interpellations, investigation-committee proposals and recall motions on the
same co-signing machinery, with their own thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, ValidationFailed
from lvzhi.proposals import rules, services
from lvzhi.proposals.models import Kind, Proposal, ProposalSettings, Status
from lvzhi.registry.models import Membership

from .helpers import (
    before_deadline,
    colleagues,
    delegation_staff,
    proposer,
    session,
    signed,
    term,
    u,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 12)
QUESTIONS = "部分县市农村义务教育学校寄宿条件长期得不到改善，请自治州人民政府说明原因和整改时限。"


def interpellation(**kw: str) -> Proposal:
    values = {
        "subject": "关于农村寄宿制学校条件改善问题的质询案",
        "grounds": QUESTIONS,
        "addressee": "government",
    }
    values.update(kw)
    return services.draft_create(
        actor=proposer(), session=session(), kind=Kind.INTERPELLATION, **values
    )


def hand_in(p: Proposal) -> Proposal:
    p = services.submit(actor=proposer(), proposal=p)
    if p.status == Status.AT_DELEGATION:
        p = services.forward(actor=delegation_staff(p), proposal=p)
    return p


def test_r51_interpellation_needs_ten_deputies_the_lead_included() -> None:
    """R51 (Local Organic Law "代表十人以上联名"): the lead and nine co-signers."""
    assert rules.INTERPELLATION_SIGNATORIES == 10
    with clock.frozen(before_deadline()):
        p = interpellation()
        signed(p, 8)
        with pytest.raises(ValidationFailed, match="还需 1 名代表联名"):
            services.submit(actor=proposer(), proposal=p)
        assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT
        signed_more = colleagues(9)[8]
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=signed_more)
        services.cosign_respond(actor=signed_more.user, proposal=p, accept=True)  # type: ignore[arg-type]
        p = hand_in(p)
    assert p.status == Status.SUBMITTED
    assert p.series.startswith("I-")


def test_r51_interpellation_without_organ_refused_naming_it() -> None:
    with clock.frozen(before_deadline()):
        p = interpellation(addressee="")
        signed(p, 10)
        with pytest.raises(ValidationFailed, match="受质询机关") as exc:
            services.submit(actor=proposer(), proposal=p)
    assert exc.value.field == "addressee"


def test_r51_interpellation_answered_by_the_organ_and_deputies_react() -> None:
    with clock.frozen(before_deadline()):
        p = interpellation()
        signed(p, 10)
        p = hand_in(p)
    sec = u("secretariat")
    with pytest.raises(IllegalTransition):
        services.recommend(actor=sec, proposal=p, text="x", on=DAY, document_no="1")
    with pytest.raises(IllegalTransition):
        services.answer_record(actor=sec, proposal=p, text="答复", on=DAY, document_no="1")
    services.presidium_decide(
        actor=sec, proposal=p, placed=True, on=DAY, document_no="主〔2026〕8号"
    )
    p = services.answer_record(
        actor=sec,
        proposal=p,
        text="自治州人民政府在全体会议上作口头答复：已安排专项资金分两年完成改造。",
        on=DAY + dt.timedelta(days=1),
        document_no="伊州政函〔2026〕3号",
    )
    assert p.status == Status.ANSWERED
    p = services.reaction_record(
        actor=proposer(), proposal=p, reaction="unsatisfied", note="时限过长"
    )
    assert p.reaction == "unsatisfied"
    with pytest.raises(IllegalTransition):
        services.reaction_record(actor=proposer(), proposal=p, reaction="satisfied", note="")
    kinds = list(events.of(p).values_list("kind", flat=True))
    assert kinds[-3:] == ["proposals.handed_to_organ", "proposals.answered", "proposals.reaction"]


def test_r51_motions_refused_after_the_session_closed() -> None:
    with clock.frozen(before_deadline()):
        p = interpellation()
        signed(p, 10)
    closed = dt.datetime.combine(
        session().closes_on + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC
    )
    with clock.frozen(closed), pytest.raises(ValidationFailed, match="闭会"):
        services.submit(actor=proposer(), proposal=p)
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


def test_r51_investigation_threshold_is_one_tenth_of_all_deputies_of_the_term() -> None:
    serving = Membership.objects.filter(term=term(), status="serving").count()
    with clock.frozen(before_deadline()):
        p = services.draft_create(
            actor=proposer(),
            session=session(),
            kind=Kind.INVESTIGATION,
            subject="关于伊犁河谷部分矿山生态修复资金使用情况的特定问题",
            grounds="多名代表反映修复资金使用不透明。",
        )
    assert services.signatories_needed(p) == rules.share_signatories(serving, 10)
    assert rules.share_signatories(300, 10) == 30  # 30 signatures, the lead included
    assert rules.share_signatories(301, 10) == 31
    assert rules.signatories_still_needed(29, 30) == 0  # the lead and 29 co-signers
    # The threshold follows the current membership and the congress's setting.
    gone = Membership.objects.filter(term=term(), status="serving").exclude(
        deputy__user__username="deputy"
    )[:11]
    Membership.objects.filter(pk__in=[m.pk for m in gone]).update(status="resigned")
    assert services.signatories_needed(p) == rules.share_signatories(serving - 11, 10)
    ProposalSettings.objects.create(congress=term().congress, investigation_share=5)
    assert services.signatories_needed(p) == rules.share_signatories(serving - 11, 5)


def test_r51_recall_motion_needs_the_person_and_reasons() -> None:
    ProposalSettings.objects.create(congress=term().congress, recall_share=1000)
    with clock.frozen(before_deadline()):
        p = services.draft_create(
            actor=proposer(), session=session(), kind=Kind.RECALL, subject="罢免案", grounds="理由"
        )
        with pytest.raises(ValidationFailed, match="被提出罢免的人员"):
            services.submit(actor=proposer(), proposal=p)
        services.draft_update(
            actor=proposer(),
            proposal=p,
            subject="罢免案",
            grounds="严重失职，造成重大损失。",
            plan="",
            category="other",
            exclusions_confirmed=False,
            recall_target="某某 自治州某局局长",
        )
        p = hand_in(p)
    assert p.status == Status.SUBMITTED and p.series.startswith("R-")
    p = services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=False, on=DAY, document_no="主〔2026〕9号"
    )
    assert p.status == Status.NOT_ADOPTED and p.suggestion is None


def test_r52_extraordinary_session_proposed_between_sessions_by_one_fifth() -> None:
    last = session()
    serving = Membership.objects.filter(term=term(), status="serving").count()
    ProposalSettings.objects.create(congress=term().congress, extraordinary_share=serving)
    with clock.frozen(before_deadline()):
        p = services.draft_create(
            actor=proposer(),
            session=last,
            kind=Kind.EXTRAORDINARY,
            subject="提议召开临时人民代表大会会议审议重大事项",
            grounds="需要及时作出决定。",
        )
        # One in N with N = all deputies: the lead alone is enough.
        assert services.signatories_needed(p) == 1
        assert services.cosigners_still_needed(p) == 0
        with pytest.raises(ValidationFailed, match="须在闭会期间提出"):
            services.submit(actor=proposer(), proposal=p)  # the session is still ahead
    ProposalSettings.objects.filter(congress=term().congress).update(extraordinary_share=5)
    assert services.signatories_needed(p) == rules.share_signatories(serving, 5)
    ProposalSettings.objects.filter(congress=term().congress).update(extraordinary_share=serving)
    p = hand_in(p)  # today: after the last session closed, before the term ends
    assert p.status == Status.SUBMITTED and p.series.startswith("E-")
    p = services.presidium_decide(
        actor=u("recorder"),
        proposal=p,
        placed=True,
        on=clock.today(),
        document_no="伊州人常〔2026〕1号",
    )
    assert p.status == Status.PLACED
    assert events.of(p).filter(kind="proposals.convened").exists()


def test_r51_investigation_counts_the_lead_among_the_one_in_n() -> None:
    """R51: "十分之一以上代表联名" — the lead is one of the signatories."""
    serving = Membership.objects.filter(term=term(), status="serving").count()
    ProposalSettings.objects.create(congress=term().congress, investigation_share=serving // 3 + 1)
    with clock.frozen(before_deadline()):
        p = services.draft_create(
            actor=proposer(),
            session=session(),
            kind=Kind.INVESTIGATION,
            subject="关于伊犁河谷部分矿山生态修复资金使用情况的特定问题",
            grounds="多名代表反映修复资金使用不透明。",
        )
        assert services.signatories_needed(p) == 3
        signed(p, 1)
        with pytest.raises(ValidationFailed, match="还需 1 名代表联名"):
            services.submit(actor=proposer(), proposal=p)
        extra = colleagues(2)[1]
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=extra)
        services.cosign_respond(actor=extra.user, proposal=p, accept=True)  # type: ignore[arg-type]
        p = hand_in(p)
    assert p.status == Status.SUBMITTED
