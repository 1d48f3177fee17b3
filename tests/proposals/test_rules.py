"""R06-R10 through the services: each test names the rule it proves."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.proposals import rules, services
from lvzhi.proposals.models import (
    CoSigner,
    CoSignStatus,
    Handling,
    Proposal,
    ProposalSettings,
    Status,
)
from lvzhi.registry.models import Membership
from lvzhi.suggestions.models import CoSigner as SuggestionCoSigner
from lvzhi.suggestions.models import Status as SuggestionStatus

from .helpers import (
    GROUNDS,
    PLAN,
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

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 12)


# ---- R06: co-signers -----------------------------------------------------------------------


def test_r06_signatories_are_counted_with_the_lead_as_the_law_counts() -> None:
    """R06 (Art 13 "由10名以上代表联名"): ten deputies in all, the lead proposer one of them."""
    assert rules.PROPOSAL_SIGNATORIES == 10
    assert rules.signatories_still_needed(9, 10) == 0  # the lead and nine co-signers
    assert rules.signatories_still_needed(8, 10) == 1
    assert rules.signatories_still_needed(0, 1) == 0  # the lead alone


def test_r06_submit_refused_with_eight_cosigners_and_nothing_changes() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 8)
        with pytest.raises(ValidationFailed) as exc:
            services.submit(actor=proposer(), proposal=p)
    assert "还需 1 名代表联名" in exc.value.message
    p.refresh_from_db()
    assert (p.status, p.number, p.signed_at) == (Status.DRAFT, None, None)
    assert not events.of(p).filter(kind="proposals.signed").exists()


def test_r06_submit_accepted_with_nine_cosigners_the_lead_making_ten() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 9)
        p = services.submit(actor=proposer(), proposal=p)
    assert p.status in (Status.AT_DELEGATION, Status.SUBMITTED)
    assert events.of(p).get(kind="proposals.signed").data["deputy"] == [
        d.name for d in colleagues(9)
    ]


def test_r06_threshold_is_configurable_per_congress_counting_the_lead() -> None:
    ProposalSettings.objects.create(congress=term().congress, proposal_cosigners=3)
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 1)
        with pytest.raises(ValidationFailed, match="还需 1 名"):
            services.submit(actor=proposer(), proposal=p)
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=colleagues(2)[1])
        services.cosign_respond(actor=colleagues(2)[1].user, proposal=p, accept=True)  # type: ignore[arg-type]
        p = services.submit(actor=proposer(), proposal=p)
    assert p.status in (Status.AT_DELEGATION, Status.SUBMITTED)


def test_r06_invited_but_unconfirmed_cosigners_do_not_count_and_the_lead_cancels_them() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 9)
        extra = colleagues(10)[9]
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=extra)
        with pytest.raises(ValidationFailed, match="未答复联名邀请"):
            services.submit(actor=proposer(), proposal=p)
        assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT
        services.invitation_cancel(actor=proposer(), proposal=p, deputy=extra)
        assert CoSigner.objects.get(proposal=p, deputy=extra).status == CoSignStatus.WITHDRAWN
        with pytest.raises(IllegalTransition):  # answered or cancelled: no second cancel
            services.invitation_cancel(actor=proposer(), proposal=p, deputy=extra)
        p = services.submit(actor=proposer(), proposal=p)
    assert p.status in (Status.AT_DELEGATION, Status.SUBMITTED)
    assert events.of(p).filter(kind="proposals.invitation_cancelled").count() == 1


def test_r06_only_the_lead_cancels_an_invitation_and_only_while_a_draft() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        ds = signed(p, 9)
        extra = colleagues(10)[9]
        services.cosigner_invite(actor=proposer(), proposal=p, deputy=extra)
        with pytest.raises(NotFound):
            services.invitation_cancel(actor=ds[0].user, proposal=p, deputy=extra)  # type: ignore[arg-type]
        with pytest.raises(IllegalTransition):  # a confirmed signature is not an invitation
            services.invitation_cancel(actor=proposer(), proposal=p, deputy=ds[0])
    assert CoSigner.objects.get(proposal=p, deputy=extra).status == CoSignStatus.INVITED


def test_r06_cosigner_of_another_congress_refused() -> None:
    other = (
        Membership.objects.filter(status="serving")
        .exclude(term__congress=term().congress)
        .exclude(deputy__memberships__term=term())
        .select_related("deputy")
        .first()
    )
    assert other is not None
    with clock.frozen(before_deadline()):
        p = draft()
        with pytest.raises(ValidationFailed, match="不是本届本级人大的在任代表"):
            services.cosigner_invite(actor=proposer(), proposal=p, deputy=other.deputy)
    assert not CoSigner.objects.filter(proposal=p).exists()


def test_r06_cosigner_who_left_the_congress_no_longer_counts() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        ds = signed(p, 9)
        Membership.objects.filter(deputy=ds[0], term=term()).update(status="resigned")
        with pytest.raises(ValidationFailed, match="还需 1 名"):
            services.submit(actor=proposer(), proposal=p)


def test_r06_withdrawing_a_signature_after_handing_in_is_refused() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        ds = signed(p, 10)
        services.submit(actor=proposer(), proposal=p)
        with pytest.raises(IllegalTransition):
            services.cosign_withdraw(actor=ds[0].user, proposal=p)  # type: ignore[arg-type]
    assert CoSigner.objects.get(proposal=p, deputy=ds[0]).status == CoSignStatus.CONFIRMED


def test_r06_answering_twice_is_refused() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        (d,) = signed(p, 1)
        with pytest.raises(IllegalTransition):
            services.cosign_respond(actor=d.user, proposal=p, accept=True)  # type: ignore[arg-type]
    assert CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).count() == 1


def test_r06_only_the_lead_proposer_submits() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        ds = signed(p, 10)
        with pytest.raises(NotFound):
            services.submit(actor=ds[0].user, proposal=p)  # type: ignore[arg-type]
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


# ---- R07 / R08: the parts of a proposal -----------------------------------------------------


@pytest.mark.parametrize(("field", "name"), [("grounds", "案据"), ("plan", "方案")])
def test_r08_submission_missing_a_part_refused_naming_it(field: str, name: str) -> None:
    with clock.frozen(before_deadline()):
        p = draft(**{field: "  "})
        signed(p, 10)
        with pytest.raises(ValidationFailed) as exc:
            services.submit(actor=proposer(), proposal=p)
    assert name in exc.value.message
    assert exc.value.field == field
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


def test_r08_message_names_every_missing_part() -> None:
    with clock.frozen(before_deadline()):
        p = draft(grounds="", plan="")
        signed(p, 10)
        with pytest.raises(ValidationFailed) as exc:
            services.submit(actor=proposer(), proposal=p)
    assert "案据、方案" in exc.value.message


def test_r08_draft_without_subject_refused() -> None:
    before = Proposal.objects.count()
    with pytest.raises(ValidationFailed, match="案由"):
        draft(subject=" \x00 ")
    assert Proposal.objects.count() == before


def test_r07_submission_without_confirming_the_exclusions_refused() -> None:
    with clock.frozen(before_deadline()):
        p = draft(exclusions_confirmed=False)
        signed(p, 10)
        with pytest.raises(ValidationFailed, match="第十五条"):
            services.submit(actor=proposer(), proposal=p)
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


def test_r07_unknown_category_refused() -> None:
    with pytest.raises(ValidationFailed):
        draft(category="religion")


# ---- R09: deadline, review, withdrawal, not placed ------------------------------------------


def test_r09_submission_one_second_after_the_deadline_refused_with_the_offer() -> None:
    deadline = session().proposal_deadline
    assert deadline is not None
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 10)
    with clock.frozen(deadline + dt.timedelta(seconds=1)):
        with pytest.raises(ValidationFailed) as exc:
            services.submit(actor=proposer(), proposal=p)
        assert "作为建议" in exc.value.message
        s = services.move_to_suggestion(actor=proposer(), proposal=p)
    p.refresh_from_db()
    assert p.status == Status.MOVED and p.suggestion == s
    assert (s.status, s.title, s.proposer_id) == (SuggestionStatus.DRAFT, p.subject, p.proposer_id)
    assert GROUNDS in s.body and PLAN in s.body


def test_r09_submission_at_the_deadline_accepted() -> None:
    deadline = session().proposal_deadline
    assert deadline is not None
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 10)
    with clock.frozen(deadline):
        p = services.submit(actor=proposer(), proposal=p)
    assert p.status != Status.DRAFT


def test_r09_move_to_suggestion_refused_before_the_deadline() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        with pytest.raises(IllegalTransition):
            services.move_to_suggestion(actor=proposer(), proposal=p)
    assert Proposal.objects.get(pk=p.pk).suggestion is None


def test_r09_delegation_hands_on_after_the_deadline_refused() -> None:
    deadline = session().proposal_deadline
    assert deadline is not None
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 10)
        p = services.submit(actor=proposer(), proposal=p)
    if p.status != Status.AT_DELEGATION:
        pytest.skip("the persona has no delegation in this data set")
    staff = delegation_staff(p)
    with (
        clock.frozen(deadline + dt.timedelta(minutes=1)),
        pytest.raises(ValidationFailed, match="截止时间"),
    ):
        services.forward(actor=staff, proposal=p)
    assert Proposal.objects.get(pk=p.pk).number is None


def test_r09_numbers_are_gap_free_per_session() -> None:
    a, b = received(), received()
    assert b.number == (a.number or 0) + 1
    assert a.series == b.series == f"P-T{term().pk}-S{session().number}"


def test_r09_review_steps_in_order_with_dates_and_document_numbers() -> None:
    p = received()
    sec = u("secretariat")
    with pytest.raises(IllegalTransition):
        services.presidium_decide(actor=sec, proposal=p, placed=True, on=DAY, document_no="主〔1〕")
    services.recommend(actor=sec, proposal=p, text="提请审查", on=DAY, document_no="秘〔2026〕1号")
    services.committee_report(
        actor=sec, proposal=p, text="建议列入", on=DAY, document_no="审〔2026〕1号"
    )
    p = services.presidium_decide(
        actor=sec,
        proposal=p,
        placed=True,
        on=DAY + dt.timedelta(days=1),
        document_no="主〔2026〕2号",
    )
    assert p.status == Status.PLACED
    steps = list(events.of(p).values_list("kind", "data"))
    assert [k for k, _ in steps][-3:] == [
        "proposals.recommended",
        "proposals.reported",
        "proposals.placed",
    ]
    assert steps[-1][1] == {"on": "2026-01-13", "document_no": "主〔2026〕2号"}


def test_r09_document_number_required() -> None:
    p = received()
    with pytest.raises(ValidationFailed) as exc:
        services.recommend(actor=u("secretariat"), proposal=p, text="x", on=DAY, document_no=" ")
    assert exc.value.field == "document_no"
    assert Proposal.objects.get(pk=p.pk).status == Status.SUBMITTED


def test_r09_deputies_and_handling_units_cannot_record_review_steps() -> None:
    p = received()
    for name in ("deputy", "handling"):
        with pytest.raises(NotFound):
            services.recommend(actor=u(name), proposal=p, text="x", on=DAY, document_no="1")
    assert Proposal.objects.get(pk=p.pk).status == Status.SUBMITTED


def test_r09_withdrawal_with_presidium_consent_ends_review() -> None:
    p = received()
    services.withdrawal_request(actor=proposer(), proposal=p, reason="已与有关部门沟通解决")
    p = services.withdrawal_consent(
        actor=u("secretariat"), proposal=p, on=DAY, document_no="主〔2026〕5号"
    )
    assert p.status == Status.WITHDRAWN
    with pytest.raises(IllegalTransition):
        services.recommend(actor=u("secretariat"), proposal=p, text="x", on=DAY, document_no="1")


def test_r09_withdrawal_without_request_not_consented() -> None:
    p = received()
    with pytest.raises(IllegalTransition):
        services.withdrawal_consent(actor=u("secretariat"), proposal=p, on=DAY, document_no="1")
    assert Proposal.objects.get(pk=p.pk).status == Status.SUBMITTED


def test_r09_withdrawal_after_the_presidium_vote_refused() -> None:
    p = reported(DAY)
    services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=True, on=DAY, document_no="主〔2026〕3号"
    )
    with pytest.raises(IllegalTransition, match="主席团"):
        services.withdrawal_request(actor=proposer(), proposal=p, reason="撤回")
    p.refresh_from_db()
    assert (p.status, p.withdrawal_requested_at) == (Status.PLACED, None)


def test_r09_not_placed_continues_as_suggestion_keeping_text_cosigners_and_history() -> None:
    p = reported(DAY)
    cosigners = {c.deputy_id for c in CoSigner.objects.filter(proposal=p, status="confirmed")}
    p = services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=False, on=DAY, document_no="主〔2026〕4号"
    )
    assert p.status == Status.NOT_PLACED
    s = p.suggestion
    assert s is not None
    assert (s.status, s.title, s.proposer_id, s.session_id) == (
        SuggestionStatus.SUBMITTED,
        p.subject,
        p.proposer_id,
        p.session_id,
    )
    assert s.number is not None
    assert GROUNDS in s.body and PLAN in s.body
    assert {
        c.deputy_id for c in SuggestionCoSigner.objects.filter(suggestion=s, status="confirmed")
    } == cosigners
    first = events.of(s).first()
    assert first is not None and first.kind == "suggestions.from_proposal"
    assert f"议案第{p.number}号" in first.data["note"]
    assert "审查委员会" in first.data["note"]
    assert events.of(p).get(kind="proposals.not_placed").data["suggestion"] == s.number


# ---- R10: after the session ------------------------------------------------------------------


def _placed() -> Proposal:
    p = reported(DAY)
    return services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=True, on=DAY, document_no="主〔2026〕6号"
    )


def test_r10_assignment_plan_then_handling_bodies_then_result() -> None:
    p = _placed()
    plan = services.plan_create(
        actor=u("office"),
        title="议案交办方案",
        decided_on=dt.date(2026, 2, 20),
        document_no="伊州人常主〔2026〕2号",
    )
    p = services.assign(
        actor=u("office"),
        proposal=p,
        plan=plan,
        lead=handling_unit(),
        assigned_on=dt.date(2026, 2, 25),
    )
    assert p.status == Status.ASSIGNED
    h = Handling.objects.get(proposal=p)
    assert (h.unit, h.role, h.plan) == (handling_unit(), "lead", plan)
    services.result_report(
        actor=u("handling"), proposal=p, text="已制定实施方案。", on=dt.date(2026, 5, 1)
    )
    p.refresh_from_db()
    assert p.status == Status.COMPLETED
    assert [k for k in events.of(p).values_list("kind", flat=True)][-2:] == [
        "proposals.assigned",
        "proposals.result",
    ]


def test_r10_assignment_before_the_session_closed_refused() -> None:
    p = _placed()
    plan = services.plan_create(
        actor=u("office"), title="方案", decided_on=dt.date(2026, 1, 1), document_no="1号"
    )
    with pytest.raises(ValidationFailed, match="大会结束后"):
        services.assign(
            actor=u("office"), proposal=p, plan=plan, lead=handling_unit(), assigned_on=DAY
        )
    assert not Handling.objects.filter(proposal=p).exists()


def test_r10_proposal_not_placed_cannot_be_assigned() -> None:
    p = received()
    plan = services.plan_create(
        actor=u("office"), title="方案", decided_on=dt.date(2026, 2, 1), document_no="1号"
    )
    with pytest.raises(IllegalTransition):
        services.assign(
            actor=u("office"),
            proposal=p,
            plan=plan,
            lead=handling_unit(),
            assigned_on=dt.date(2026, 2, 2),
        )


def test_r10_unit_not_assigned_cannot_report() -> None:
    p = _placed()
    with pytest.raises(NotFound):
        services.result_report(actor=u("handling"), proposal=p, text="x")


def test_r10_legislative_proposal_linked_to_project() -> None:
    p = _placed()
    p = services.legislation_link(
        actor=u("office"), proposal=p, project="2026年立法计划：伊犁河流域生态保护条例"
    )
    assert p.legislative_project.startswith("2026年立法计划")
    assert events.of(p).filter(kind="proposals.legislation").exists()


def test_deputy_outside_the_proposal_cannot_see_it() -> None:
    from lvzhi.proposals import selectors

    with clock.frozen(before_deadline()):
        p = draft()
    with pytest.raises(NotFound):
        selectors.get_for_user(colleagues(1)[0].user, p.pk)
