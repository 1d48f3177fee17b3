"""Units act where they are notified (issue 22.3, the activities part): an inspection opinion
routed to a unit (Art 44) and a research report forwarded to an organ (Art 49, R25) notify the
unit's staff with a link to a page they may open, where they answer themselves; the staff of
another unit get a 404 there and NotFound from the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.activities import services
from lvzhi.activities.models import InspectionKind, InspectionOpinion, ResearchForward, Route
from lvzhi.core import clock, events
from lvzhi.core.errors import NotFound
from lvzhi.core.events import Event
from lvzhi.core.models import Notification, User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, Role, RoleAssignment, Term

from ..notice_keys import told
from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _unit() -> Organisation:
    return persona("handling").role_assignments.get(role=Role.HANDLING_UNIT).organisation


def _other_unit_staff() -> User:
    """Staff of another handling unit, outside the ``handling`` persona's unit."""
    unit = _unit()
    other = next(
        o
        for o in registry_selectors.handling_units()
        if not o.path.startswith(unit.path) and not unit.path.startswith(o.path)
    )
    assert other is not None
    u = User.objects.create_user(username="otherunit", password="x")
    RoleAssignment.objects.create(
        user=u, role=Role.HANDLING_UNIT, organisation=other, granted_at=clock.now()
    )
    return u


def _opinion_to_unit(term: Term) -> InspectionOpinion:
    d = deputy_with_account(term)
    office = persona("office")
    i = services.inspection_plan(
        actor=office,
        kind=InspectionKind.THEMATIC,
        term=term,
        organiser=office.role_assignments.get().organisation,
        title="农村饮水安全专题视察",
        starts_on=dt.date(2027, 5, 10),
        ends_on=dt.date(2027, 5, 12),
        sites="伊宁县水厂",
        deputies=[d],
    )
    services.inspection_notify(actor=office, inspection=i)
    op = services.inspection_opinion_add(
        actor=office, inspection=i, deputy=d, title="水质检测", body="加强农村水质检测"
    )
    return services.opinion_route(actor=office, opinion=op, route=Route.UNIT, unit=_unit())


def _forward_to_unit(term: Term) -> ResearchForward:
    committee = persona("committee")
    d = deputy_with_account(term)
    r = services.research_create(
        actor=committee,
        term=term,
        organiser=committee.role_assignments.get().organisation,
        title="农产品冷链物流专题调研",
        plan="走访三个县市的冷库。",
        methods=["visits"],
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 5),
        deputies=[d],
    )
    services.research_report(actor=committee, research=r, report="调研报告正文")
    return services.research_forward(actor=committee, research=r, organ=_unit())


def test_opinion_notification_opens_for_the_unit_and_its_reply_is_recorded(
    login: Any, pref_term: Term, frozen: Any
) -> None:
    frozen(dt.date(2027, 5, 1))
    op = _opinion_to_unit(pref_term)
    routed = events.of(op.inspection).get(kind="activities.inspection_opinion_routed")
    note = Notification.objects.get(
        user=persona("handling"), key=f"activities.inspection_opinion_routed:{routed.pk}"
    )
    assert note.url == f"/activities/unit/opinions/{op.pk}/"
    client = login("handling")
    page = client.get(note.url)
    assert page.status_code == 200
    assert "加强农村水质检测" in page.content.decode()
    assert client.get("/activities/unit/").status_code == 200
    # A reply left empty is refused with a message and nothing is recorded.
    assert client.post(note.url, {"reply": "  "}).status_code == 400
    response = client.post(note.url, {"reply": "已安排水质检测站每月抽检。"})
    assert response.status_code == 302
    op.refresh_from_db()
    assert op.unit_reply == "已安排水质检测站每月抽检。"
    assert op.unit_replied_at is not None
    assert (
        Event.objects.filter(
            kind="activities.inspection_opinion_unit_replied", subject_id=op.inspection_id
        ).count()
        == 1
    )
    # The deputy who gave the opinion is told.
    assert Deputy.objects.get(pk=op.deputy_id).user.username in told(
        op.inspection, "activities.inspection_opinion_unit_replied"
    )


def test_opinion_page_is_closed_to_another_units_staff(
    client: Any, pref_term: Term, frozen: Any
) -> None:
    frozen(dt.date(2027, 5, 1))
    op = _opinion_to_unit(pref_term)
    other = _other_unit_staff()
    client.force_login(other)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    assert client.get(f"/activities/unit/opinions/{op.pk}/").status_code == 404
    assert client.post(f"/activities/unit/opinions/{op.pk}/", {"reply": "x"}).status_code == 404
    with pytest.raises(NotFound):
        services.opinion_unit_reply(actor=other, opinion=op, reply="x")
    op.refresh_from_db()
    assert op.unit_reply == ""


def test_research_notification_opens_for_the_organ_and_its_feedback_is_recorded(
    login: Any, pref_term: Term
) -> None:
    f = _forward_to_unit(pref_term)
    forwarded = events.of(f.research).get(kind="activities.research_forwarded")
    note = Notification.objects.get(
        user=persona("handling"), key=f"activities.research_forwarded:{forwarded.pk}"
    )
    assert note.url == f"/activities/unit/research/{f.pk}/"
    client = login("handling")
    page = client.get(note.url)
    assert page.status_code == 200
    assert "调研报告正文" in page.content.decode()
    assert client.post(note.url, {"reply": "已列入明年冷链建设计划。"}).status_code == 302
    f.refresh_from_db()
    assert (f.feedback, f.feedback_by_id) == ("已列入明年冷链建设计划。", persona("handling").pk)
    assert (
        Event.objects.filter(
            kind="activities.research_unit_replied", subject_id=f.research_id
        ).count()
        == 1
    )
    participant = f.research.participants.get().deputy
    assert participant.user.username in told(f.research, "activities.research_unit_replied")


def test_research_page_is_closed_to_another_units_staff(client: Any, pref_term: Term) -> None:
    f = _forward_to_unit(pref_term)
    other = _other_unit_staff()
    client.force_login(other)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    assert client.get(f"/activities/unit/research/{f.pk}/").status_code == 404
    with pytest.raises(NotFound):
        services.forward_unit_reply(actor=other, forward=f, feedback="x")
    f.refresh_from_db()
    assert f.feedback == ""


def test_the_units_inbox_costs_the_same_queries_at_two_data_sizes(
    login: Any, pref_term: Term, frozen: Any, django_assert_num_queries: Any
) -> None:
    """Issue 17.6: the unit's inbox (opinions routed to it, research reports forwarded to it)
    is measured with one of each and with three of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    frozen(dt.date(2027, 5, 1))
    _opinion_to_unit(pref_term)
    _forward_to_unit(pref_term)
    client = login("handling")
    assert client.get("/activities/unit/").status_code == 200  # warm the menu
    with CaptureQueriesContext(connection) as small:
        assert client.get("/activities/unit/").status_code == 200
    more = [_opinion_to_unit(pref_term) for _ in range(2)]
    forwards = [_forward_to_unit(pref_term) for _ in range(2)]
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/activities/unit/").content.decode()
    assert all(f"/activities/unit/opinions/{op.pk}/" in page for op in more)
    from django.urls import reverse

    assert all(reverse("activities:unit_forward", args=[f.pk]) in page for f in forwards)
