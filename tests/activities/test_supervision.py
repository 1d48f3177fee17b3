"""Supervision by committees (R28-R29): local deputies, tasks beforehand, adoption in the
report, finance-savvy deputies for budget review."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities import selectors, services
from lvzhi.activities.models import Decision, Supervision, SupervisionKind
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.registry.models import Level, Organisation, OrgKind, Term

from ..notice_keys import told
from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _county(code: str) -> Organisation:
    return Organisation.objects.get(
        kind=OrgKind.STANDING_COMMITTEE, congress__level=Level.COUNTY, division__code=code
    )


def _create(
    term: Term, place: Organisation, kind: str = SupervisionKind.LAW_ENFORCEMENT
) -> Supervision:
    return services.supervision_create(
        actor=persona("committee"),
        kind=kind,
        term=term,
        committee=persona("committee").role_assignments.get().organisation,
        place=place,
        title="草原法执法检查",
        tasks="检查草原法实施情况",
        held_on=dt.date(2027, 6, 18),
    )


def test_r28_deputies_of_another_county_do_not_count(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 6, 1))  # type: ignore[operator]
    yining = _county("654002")
    s = _create(pref_term, yining)
    other_county = _county("654022")
    outsiders = [
        deputy_with_account(
            pref_term, memberships__electoral_unit__path__startswith=other_county.path
        ),
    ]
    outsiders.append(
        deputy_with_account(
            pref_term,
            exclude={outsiders[0].pk},
            memberships__electoral_unit__path__startswith=other_county.path,
        )
    )
    for d in outsiders:
        inv = services.supervision_invite(actor=persona("committee"), supervision=s, deputy=d)
        assert inv.is_local is False
    assert selectors.local_invited(s) == 0
    assert selectors.r28_warning(selectors.local_invited(s)) != ""
    local = deputy_with_account(
        pref_term, memberships__electoral_unit__path__startswith=yining.path
    )
    local2 = deputy_with_account(
        pref_term, exclude={local.pk}, memberships__electoral_unit__path__startswith=yining.path
    )
    services.supervision_invite(actor=persona("committee"), supervision=s, deputy=local)
    assert selectors.local_invited(s) == 1
    services.supervision_invite(actor=persona("committee"), supervision=s, deputy=local2)
    assert selectors.local_invited(s) == 2
    assert selectors.r28_warning(2) == ""


def test_r28_tasks_sent_beforehand(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 6, 1))  # type: ignore[operator]
    yining = _county("654002")
    s = _create(pref_term, yining)
    with pytest.raises(ValidationFailed):
        services.supervision_send_tasks(actor=persona("committee"), supervision=s)
    d = deputy_with_account(pref_term, memberships__electoral_unit__path__startswith=yining.path)
    services.supervision_invite(actor=persona("committee"), supervision=s, deputy=d)
    services.supervision_send_tasks(actor=persona("committee"), supervision=s)
    assert told(s, "activities.supervision_tasks_sent") == {d.user.username}
    s2 = _create(pref_term, yining)
    services.supervision_invite(actor=persona("committee"), supervision=s2, deputy=d)
    frozen(dt.date(2027, 6, 18))  # type: ignore[operator]
    with pytest.raises(ValidationFailed):
        services.supervision_send_tasks(actor=persona("committee"), supervision=s2)
    s2.refresh_from_db()
    assert s2.tasks_sent_at is None


def test_r28_report_states_adoption_of_every_opinion(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 6, 1))  # type: ignore[operator]
    yining = _county("654002")
    s = _create(pref_term, yining)
    d = deputy_with_account(pref_term, memberships__electoral_unit__path__startswith=yining.path)
    services.supervision_invite(actor=persona("committee"), supervision=s, deputy=d)
    op = services.supervision_opinion_add(
        actor=d.user, supervision=s, deputy=d, body="建议加大巡查力度"
    )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        services.supervision_report(actor=persona("committee"), supervision=s, report="报告")
    s.refresh_from_db()
    assert s.reported_at is None
    services.supervision_opinion_decide(
        actor=persona("committee"), opinion=op, decision=Decision.ADOPTED, reason="写入报告"
    )
    services.supervision_report(actor=persona("committee"), supervision=s, report="报告")
    s.refresh_from_db()
    assert s.reported_at is not None
    assert [p.kind for p in selectors.participations_of(d.pk, 2027)] == ["supervision"]


def test_r28_deputy_cannot_run_supervision(pref_term: Term) -> None:
    s = _create(pref_term, _county("654002"))
    with pytest.raises(NotFound):
        services.supervision_invite(
            actor=persona("deputy"), supervision=s, deputy=deputy_with_account(pref_term)
        )
    assert s.invitations.count() == 0


def test_r29_budget_review_proposes_finance_savvy_deputies(pref_term: Term) -> None:
    ids = selectors.finance_expertise_ids()
    assert ids
    proposed = selectors.proposed_deputies(pref_term, ids)
    assert proposed
    for d in proposed:
        assert set(d.expertise.values_list("name", flat=True)) & {
            "财政",
            "审计",
            "经济",
            "金融",
            "税务",
        }
