"""Inspections (R22-R24): timing warnings, advance notice, report, opinions that become
suggestions or go to the inspected unit."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities import rules, services
from lvzhi.activities.models import Inspection, InspectionKind, InspectionStatus, Route
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.registry.models import Organisation, OrgKind, Session, Term
from lvzhi.suggestions.models import Status, Suggestion

from ..notice_keys import told
from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _office_org() -> Organisation:
    return persona("office").role_assignments.get().organisation


def _plan(term: Term, kind: str = InspectionKind.THEMATIC, **kw: object) -> Inspection:
    return services.inspection_plan(
        actor=persona("office"),
        kind=kind,
        term=term,
        organiser=_office_org(),
        title=kw.pop("title", "农村饮水安全专题视察"),
        starts_on=kw.pop("starts_on", dt.date(2027, 5, 10)),
        ends_on=kw.pop("ends_on", dt.date(2027, 5, 12)),
        sites="5月10日 伊宁县水厂",
        **kw,  # type: ignore[arg-type]
    )


def test_r22_centralised_inspection_at_year_end_is_not_warned() -> None:
    assert rules.centralised_timing_ok(dt.date(2027, 12, 10), None)


def test_r22_centralised_inspection_a_month_before_session_is_not_warned() -> None:
    assert rules.centralised_timing_ok(dt.date(2027, 12, 5), dt.date(2028, 1, 6))
    assert rules.centralised_timing_ok(dt.date(2027, 10, 5), dt.date(2027, 11, 5))
    assert not rules.centralised_timing_ok(dt.date(2027, 10, 20), dt.date(2027, 11, 5))


def test_r22_centralised_inspection_in_summer_is_warned_but_planned(
    pref_term: Term, frozen: object
) -> None:
    frozen(dt.date(2027, 4, 1))  # type: ignore[operator]
    session = Session.objects.filter(term=pref_term).order_by("-number").first()
    i = _plan(pref_term, InspectionKind.CENTRALISED, session=session)
    assert len(i.warnings) == 1
    assert "一个月" in i.warnings[0] or "month" in i.warnings[0]
    ok = _plan(
        pref_term,
        InspectionKind.CENTRALISED,
        starts_on=dt.date(2028, 12, 8),
        ends_on=dt.date(2028, 12, 12),
    )
    assert ok.warnings == []


def test_r22_second_centralised_inspection_in_a_year_is_warned(
    pref_term: Term, frozen: object
) -> None:
    frozen(dt.date(2027, 4, 1))  # type: ignore[operator]
    _plan(
        pref_term,
        InspectionKind.CENTRALISED,
        starts_on=dt.date(2027, 12, 1),
        ends_on=dt.date(2027, 12, 3),
    )
    second = _plan(
        pref_term,
        InspectionKind.CENTRALISED,
        starts_on=dt.date(2027, 12, 10),
        ends_on=dt.date(2027, 12, 12),
    )
    assert len(second.warnings) == 1 and "2027" in second.warnings[0]


def test_r23_deputies_notified_in_advance(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 5, 1))  # type: ignore[operator]
    d = deputy_with_account(pref_term)
    i = _plan(pref_term, deputies=[d])
    services.inspection_notify(actor=persona("office"), inspection=i)
    i.refresh_from_db()
    assert i.status == InspectionStatus.NOTIFIED
    assert told(i, "activities.inspection_notified") == {d.user.username}
    assert i.participants.get(deputy=d).notified_at is not None


def test_r23_notice_on_the_first_day_is_refused(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 5, 1))  # type: ignore[operator]
    i = _plan(pref_term, deputies=[deputy_with_account(pref_term)])
    frozen(dt.date(2027, 5, 10))  # type: ignore[operator]
    with pytest.raises(ValidationFailed):
        services.inspection_notify(actor=persona("office"), inspection=i)
    i.refresh_from_db()
    assert i.status == InspectionStatus.PLANNED and i.notified_at is None


def test_r23_plan_refused_to_a_deputy_and_to_another_scope(pref_term: Term) -> None:
    before = Inspection.objects.count()
    with pytest.raises(PermissionDenied):
        _plan_as("deputy", pref_term, _office_org())
    county_body = Organisation.objects.filter(kind=OrgKind.OFFICE, division__code="654022").first()
    assert county_body is not None
    with pytest.raises(PermissionDenied):
        _plan_as("yining", pref_term, county_body)
    assert Inspection.objects.count() == before


def _plan_as(username: str, term: Term, organiser: Organisation) -> Inspection:
    return services.inspection_plan(
        actor=persona(username),
        kind=InspectionKind.THEMATIC,
        term=term,
        organiser=organiser,
        title="视察",
        starts_on=dt.date(2027, 5, 10),
        ends_on=dt.date(2027, 5, 10),
        sites="某地",
    )


def test_r24_thematic_inspection_yields_a_suggestion_submitted_by_the_deputy(
    pref_term: Term, frozen: object
) -> None:
    frozen(dt.date(2027, 5, 1))  # type: ignore[operator]
    d = deputy_with_account(pref_term)
    i = _plan(pref_term, deputies=[d])
    office = persona("office")
    services.inspection_notify(actor=office, inspection=i)
    frozen(dt.date(2027, 5, 12))  # type: ignore[operator]
    op = services.inspection_opinion_add(
        actor=d.user,
        inspection=i,
        deputy=d,
        title="关于更新农村供水管网的建议",
        body="管网老化，建议分年度改造。",  # type: ignore[arg-type]
    )
    services.inspection_report(actor=office, inspection=i, report="视察报告正文")
    services.opinion_route(actor=office, opinion=op, route=Route.SUGGESTION)
    # The office cannot submit a suggestion in the deputy's name
    with pytest.raises(NotFound):
        services.opinion_submit_as_suggestion(actor=office, opinion=op)
    op = services.opinion_submit_as_suggestion(actor=d.user, opinion=op)  # type: ignore[arg-type]
    s = Suggestion.objects.get(pk=op.suggestion_id)
    assert (s.proposer_id, s.status, s.title) == (
        d.pk,
        Status.SUBMITTED,
        "关于更新农村供水管网的建议",
    )
    assert s.number is not None
    with pytest.raises(IllegalTransition):
        services.opinion_submit_as_suggestion(actor=d.user, opinion=op)  # type: ignore[arg-type]


def test_r24_opinion_to_the_inspected_unit_notifies_its_staff(
    pref_term: Term, frozen: object
) -> None:
    frozen(dt.date(2027, 5, 1))  # type: ignore[operator]
    d = deputy_with_account(pref_term)
    i = _plan(pref_term, deputies=[d])
    office = persona("office")
    services.inspection_notify(actor=office, inspection=i)
    op = services.inspection_opinion_add(
        actor=office, inspection=i, deputy=d, title="意见", body="加强水质检测"
    )
    unit = persona("handling").role_assignments.get().organisation
    with pytest.raises(ValidationFailed):
        services.opinion_route(actor=office, opinion=op, route=Route.UNIT, unit=None)
    services.opinion_route(actor=office, opinion=op, route=Route.UNIT, unit=unit)
    op.refresh_from_db()
    assert (op.route, op.unit_id, op.suggestion_id) == (Route.UNIT, unit.pk, None)
    assert "handling" in told(i, "activities.inspection_opinion_routed")
    with pytest.raises(IllegalTransition):
        services.opinion_route(actor=office, opinion=op, route=Route.SUGGESTION)


def test_r24_only_participants_give_opinions(pref_term: Term, frozen: object) -> None:
    frozen(dt.date(2027, 5, 1))  # type: ignore[operator]
    d = deputy_with_account(pref_term)
    other = deputy_with_account(pref_term, exclude={d.pk})
    i = _plan(pref_term, deputies=[d])
    services.inspection_notify(actor=persona("office"), inspection=i)
    with pytest.raises(NotFound):
        services.inspection_opinion_add(
            actor=other.user, inspection=i, deputy=d, title="t", body="b"
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed):
        services.inspection_opinion_add(
            actor=other.user, inspection=i, deputy=other, title="t", body="b"
        )  # type: ignore[arg-type]
    assert i.opinions.count() == 0
