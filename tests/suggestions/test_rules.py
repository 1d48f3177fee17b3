"""Suggestions: one or more tests per rule R11-R18 (regulation Art 21-27, 34)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.suggestions import rules, services
from lvzhi.suggestions.models import CoSigner, Status
from lvzhi.suggestions.screening import screen

from .helpers import (
    assigned,
    deputy_user,
    draft,
    education_bureau,
    fellow_deputies,
    plan,
    submitted,
    term,
    u,
)

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))


# R14, R18: the calendar ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned_on", "due"),
    [
        (dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 29), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 10), dt.date(2026, 6, 10)),
        (dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
    ],
)
def test_r14_reply_due_three_calendar_months_after_assignment(
    assigned_on: dt.date, due: dt.date
) -> None:
    assert rules.reply_due(assigned_on) == due


def test_r14_cap_is_six_months_after_assignment() -> None:
    assert rules.reply_cap(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


def test_r14_assignment_sets_the_due_date() -> None:
    with clock.frozen(dt.datetime(2026, 12, 1, 10, tzinfo=SH)):
        s = assigned(on=dt.date(2026, 11, 30))
    assert (s.status, s.due_on) == (Status.ASSIGNED, dt.date(2027, 2, 28))


def test_r14_extension_beyond_six_months_is_refused_with_the_latest_date() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    with pytest.raises(ValidationFailed) as exc:
        services.extension_request(
            actor=u("handling"),
            suggestion=s,
            reason="需要协调资金",
            requested_due_on=dt.date(2026, 9, 11),
        )
    assert "2026-09-10" in exc.value.message


def test_r14_approved_extension_moves_the_due_date_and_the_deputy_sees_it() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    e = services.extension_request(
        actor=u("handling"),
        suggestion=s,
        reason="需要协调资金",
        requested_due_on=dt.date(2026, 9, 10),
    )
    services.extension_decide(actor=u("office"), extension=e, approve=True)
    s.refresh_from_db()
    assert s.due_on == dt.date(2026, 9, 10)
    assert events.of(s).filter(kind="suggestions.extension_approved").exists()


def test_r14_extension_needs_a_reason_and_a_later_date() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    with pytest.raises(ValidationFailed):
        services.extension_request(
            actor=u("handling"), suggestion=s, reason=" ", requested_due_on=dt.date(2026, 7, 1)
        )
    with pytest.raises(ValidationFailed):
        services.extension_request(
            actor=u("handling"), suggestion=s, reason="原因", requested_due_on=dt.date(2026, 6, 1)
        )


def test_r18_between_sessions_follows_the_same_three_month_rule() -> None:
    s = assigned(on=dt.date(2026, 5, 31))
    assert s.session_id is None and s.due_on == dt.date(2026, 8, 31)


# R11: exclusions ----------------------------------------------------------------------------


def test_r11_screening_flags_a_judicial_case_with_the_reason() -> None:
    reasons = screen("关于我表哥案件的建议", "请求法院对该案件进行再审，判决明显不公。" * 3)
    assert reasons[0]["kind"] == "judicial_case" and "再审" in reasons[0]["evidence"]


def test_r11_screening_flags_a_draft_without_substance() -> None:
    assert [r["kind"] for r in screen("建议", "加强管理。")] == ["no_substance"]


def test_r11_a_flagged_suggestion_waits_for_staff_who_confirm_or_clear() -> None:
    s = submitted(title="关于举报某单位的建议", body="我要举报某单位负责人违规问题，" * 6)
    assert s.screening == "flagged"
    with pytest.raises(ValidationFailed):
        services.screening_decide(actor=u("office"), suggestion=s, excluded=True, note="")
    services.screening_decide(
        actor=u("office"),
        suggestion=s,
        excluded=True,
        note="属于检举控告，请通过信访或纪检监察渠道反映",
    )
    s.refresh_from_db()
    assert (s.status, s.screening) == (Status.EXCLUDED, "confirmed")


def test_r11_an_ordinary_suggestion_is_not_flagged() -> None:
    assert submitted().screening == "none"


# R12: deputies and co-signers ---------------------------------------------------------------


def test_r12_each_cosigner_confirms_and_a_decliner_is_not_listed() -> None:
    a, b = fellow_deputies(2)
    s = draft()
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=b)
    with pytest.raises(ValidationFailed):  # two invitations unanswered
        services.submit(actor=deputy_user(), suggestion=s)
    services.cosign_respond(actor=a.user, suggestion=s, accept=True)
    services.cosign_respond(actor=b.user, suggestion=s, accept=False)
    s = services.submit(actor=deputy_user(), suggestion=s)
    event = events.of(s).get(kind="suggestions.submitted")
    assert event.data["cosigners"] == [a.name]


def test_r12_a_cosigner_withdrawal_is_logged() -> None:
    (a,) = fellow_deputies(1)
    s = draft()
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    services.cosign_respond(actor=a.user, suggestion=s, accept=True)
    services.cosign_withdraw(actor=a.user, suggestion=s)
    assert CoSigner.objects.get(suggestion=s, deputy=a).status == "withdrawn"
    assert events.of(s).filter(kind="suggestions.cosign_withdrawn", actor_id=a.user.pk).exists()


def test_r12_only_deputies_of_the_term_can_cosign() -> None:
    from lvzhi.registry.models import Deputy, Membership

    outsider = Deputy.objects.exclude(
        pk__in=Membership.objects.filter(term=term()).values("deputy")
    ).first()
    assert outsider is not None
    with pytest.raises(ValidationFailed):
        services.cosigner_invite(actor=deputy_user(), suggestion=draft(), deputy=outsider)


def test_r12_non_deputies_cannot_write_suggestions() -> None:
    with pytest.raises(PermissionDenied):
        services.draft_create(
            actor=u("office"), term=term(), session=None, title="x", body="y", category="other"
        )


def test_submission_numbers_run_without_gaps_per_series() -> None:
    numbers = [submitted(title=f"建议{i}").number for i in range(3)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


# R13, R17: classification and assignment ----------------------------------------------------


def test_r13_assignment_needs_a_plan_decided_before_it() -> None:
    s = submitted()
    p = plan(decided_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationFailed):
        services.assign(
            actor=u("office"),
            suggestion=s,
            lead=education_bureau(),
            plan=p,
            assigned_on=dt.date(2026, 2, 1),
        )


def test_r13_one_lead_and_co_handling_units() -> None:
    s = assigned(co=("自治州财政局", "自治州交通运输局"))
    roles = sorted(s.assignments.values_list("role", flat=True))
    assert roles == ["co", "co", "lead"]


def test_r17_key_supervision_is_set_by_staff_only() -> None:
    s = submitted()
    with pytest.raises(NotFound):
        services.classify(
            actor=u("handling"),
            suggestion=s,
            category="education",
            key_supervision=True,
            is_public=True,
        )
    services.classify(
        actor=u("office"), suggestion=s, category="education", key_supervision=True, is_public=True
    )
    s.refresh_from_db()
    assert s.key_supervision and s.is_public


def test_merging_a_duplicate_into_an_earlier_suggestion() -> None:
    first, second = submitted(title="甲"), submitted(title="乙")
    services.merge(actor=u("office"), suggestion=second, into=first)
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (Status.MERGED, first.pk)


# R15: handling, reply, evaluation -----------------------------------------------------------


def test_r15_only_the_lead_unit_replies_and_the_reply_records_on_time() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    with clock.frozen(dt.datetime(2026, 6, 10, 17, tzinfo=SH)):
        r = services.reply(
            actor=u("handling"),
            suggestion=s,
            result_class="A",
            body="已将贵代表提出的通村公路列入2026年改造计划，年内完成。",
        )
    assert r.on_time
    s.refresh_from_db()
    assert s.status == Status.REPLIED


def test_r15_a_late_reply_is_marked_late() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    with clock.frozen(dt.datetime(2026, 6, 11, 9, tzinfo=SH)):
        r = services.reply(
            actor=u("handling"),
            suggestion=s,
            result_class="B",
            body="正在协调资金，已列入明年计划，届时向代表报告进展情况。",
        )
    assert not r.on_time


def test_evaluating_before_a_reply_is_refused() -> None:
    s = assigned()
    with pytest.raises(IllegalTransition):
        services.evaluate(actor=deputy_user(), suggestion=s, rating="satisfied")


def test_unsatisfied_evaluation_sends_it_back_with_a_new_due_date() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="D",
        body="贵代表的建议我们将留作参考，在今后工作中研究。",
    )
    with clock.frozen(dt.datetime(2026, 7, 1, 9, tzinfo=SH)):
        services.evaluate(
            actor=deputy_user(),
            suggestion=s,
            rating="unsatisfied",
            comment="答复没有针对建议内容",
            rehandle=True,
        )
    s.refresh_from_db()
    assert (s.status, s.assigned_on, s.due_on) == (
        Status.ASSIGNED,
        dt.date(2026, 7, 1),
        dt.date(2026, 10, 1),
    )


def test_satisfied_evaluation_closes_the_suggestion() -> None:
    s = assigned()
    services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="A",
        body="已采纳，相关道路已纳入今年改造计划并开工建设。",
    )
    services.evaluate(actor=deputy_user(), suggestion=s, rating="satisfied")
    s.refresh_from_db()
    assert s.status == Status.CLOSED


def test_another_unit_cannot_reply_or_see_the_item() -> None:
    from lvzhi.suggestions import policies

    s = assigned()
    other = u("yining")
    assert not policies.can_view(other, s)
    with pytest.raises(NotFound):
        services.reply(actor=other, suggestion=s, result_class="A", body="x" * 30)


def test_every_step_is_on_the_timeline_with_actor_and_time() -> None:
    s = assigned()
    kinds = list(events.of(s).values_list("kind", flat=True))
    assert kinds == ["suggestions.drafted", "suggestions.submitted", "suggestions.assigned"]


def test_r13_the_service_refuses_an_organ_of_another_level() -> None:
    """A prefecture suggestion cannot be handed to a county's department, whatever the form
    offered: the service itself refuses it and the item stays submitted."""
    from lvzhi.registry.models import Organisation

    s = submitted()
    county_unit = Organisation.objects.filter(
        kind="government_department", division__level="county"
    ).first()
    assert county_unit is not None
    with pytest.raises(ValidationFailed):
        services.assign(actor=u("office"), suggestion=s, lead=county_unit, plan=plan())
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
