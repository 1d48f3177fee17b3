"""Thematic research (R25): plan and methods, report forwarded to organs, feedback to the
deputies on how it was handled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.activities import selectors, services
from lvzhi.activities.models import Research
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import Notification
from lvzhi.registry.models import Term

from ..notice_keys import told
from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _research(term: Term, **kw: Any) -> Research:
    return services.research_create(
        actor=persona("committee"),
        term=term,
        organiser=persona("committee").role_assignments.get().organisation,
        title="农产品冷链物流专题调研",
        plan="走访三个县市的冷库和合作社，召开座谈会。",
        methods=kw.pop("methods", ["visits", "forums"]),
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 5),
        **kw,
    )


def test_r25_report_forwarded_and_feedback_reaches_the_deputies(pref_term: Term) -> None:
    d = deputy_with_account(pref_term)
    r = _research(pref_term, deputies=[d])
    unit = persona("handling").role_assignments.get().organisation
    with pytest.raises(IllegalTransition):
        services.research_forward(actor=persona("committee"), research=r, organ=unit)
    services.research_report(actor=persona("committee"), research=r, report="调研报告正文")
    f = services.research_forward(actor=persona("committee"), research=r, organ=unit)
    assert "handling" in told(r, "activities.research_forwarded")
    assert selectors.forwards_awaiting_feedback([r.pk]).count() == 1
    services.research_feedback(
        actor=persona("committee"), forward=f, feedback="已列入明年冷链建设计划。"
    )
    assert selectors.forwards_awaiting_feedback([r.pk]).count() == 0
    assert Notification.objects.filter(user=d.user, title__contains=unit.name).count() == 1
    assert [p.kind for p in selectors.participations_of(d.pk, 2027)] == ["research"]


def test_r25_methods_required_and_known(pref_term: Term) -> None:
    before = Research.objects.count()
    with pytest.raises(ValidationFailed):
        _research(pref_term, methods=[])
    with pytest.raises(ValidationFailed):
        _research(pref_term, methods=["telepathy"])
    with pytest.raises(PermissionDenied):
        services.research_create(
            actor=persona("deputy"),
            term=pref_term,
            organiser=persona("committee").role_assignments.get().organisation,
            title="t",
            plan="p",
            methods=["visits"],
            starts_on=dt.date(2027, 6, 1),
            ends_on=dt.date(2027, 6, 1),
        )
    assert Research.objects.count() == before


def test_r25_only_the_organiser_forwards(pref_term: Term) -> None:
    r = _research(pref_term)
    services.research_report(actor=persona("committee"), research=r, report="报告")
    unit = persona("handling").role_assignments.get().organisation
    with pytest.raises(NotFound):
        services.research_forward(actor=persona("handling"), research=r, organ=unit)
    assert r.forwards.count() == 0


def test_research_pages(login: Any, pref_term: Term) -> None:
    r = _research(pref_term)
    client = login("committee")
    assert client.get("/activities/research/").status_code == 200
    assert client.get(f"/activities/research/{r.pk}/").status_code == 200
    assert login("chabuchaer").get(f"/activities/research/{r.pk}/").status_code == 404
