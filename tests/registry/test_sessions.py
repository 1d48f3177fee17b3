"""R09 (Art 16): the office and the secretariat schedule a term's sessions and set the proposal
deadline; dates are checked and every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lvzhi.core import clock
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent, User
from lvzhi.registry import services
from lvzhi.registry.models import Session, Term

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def _client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    s = c.session
    s["last_seen"] = s["started_at"] = clock.now().timestamp()
    s.save()
    return c


def test_r09_secretariat_schedules_the_next_session_with_its_proposal_deadline() -> None:
    term = _term()
    last = Session.objects.filter(term=term).order_by("-number").first()
    assert last is not None
    session = services.session_create(
        actor=User.objects.get(username="secretariat"),
        term=term,
        opens_on=dt.date(2026, 12, 15),
        closes_on=dt.date(2026, 12, 18),
        proposal_deadline=dt.datetime(2026, 12, 16, 18, 0, tzinfo=SHANGHAI),
    )
    assert session.number == last.number + 1
    assert AuditEvent.objects.filter(action="session.created", object_id=str(session.pk)).exists()


@pytest.mark.parametrize(
    ("opens", "closes", "deadline", "field"),
    [
        (dt.date(2026, 12, 18), dt.date(2026, 12, 15), None, "closes_on"),
        (dt.date(2027, 3, 1), dt.date(2027, 3, 3), None, "opens_on"),  # after the term
        (dt.date(2026, 1, 1), dt.date(2026, 1, 3), None, "opens_on"),  # before the last closed
        (
            dt.date(2026, 12, 15),
            dt.date(2026, 12, 18),
            dt.datetime(2026, 12, 20, 18, 0, tzinfo=SHANGHAI),
            "proposal_deadline",
        ),
    ],
)
def test_r09_bad_session_dates_are_refused_naming_the_field(
    opens: dt.date, closes: dt.date, deadline: Any, field: str
) -> None:
    count = Session.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.session_create(
            actor=User.objects.get(username="office"),
            term=_term(),
            opens_on=opens,
            closes_on=closes,
            proposal_deadline=deadline,
        )
    assert refused.value.field == field and Session.objects.count() == count


def test_r09_county_staff_and_deputies_cannot_schedule_the_prefecture_sessions() -> None:
    for username in ("yining", "deputy"):
        with pytest.raises(NotFound):
            services.session_create(
                actor=User.objects.get(username=username),
                term=_term(),
                opens_on=dt.date(2026, 12, 15),
                closes_on=dt.date(2026, 12, 18),
                proposal_deadline=None,
            )
    assert _client("deputy").get("/registry/sessions/").status_code == 404


def test_sessions_page_schedules_edits_and_keeps_bad_input() -> None:
    office = _client("office")
    page = office.get("/registry/sessions/").content.decode()
    assert "安排下一次会议" in page and "议案截止时间" in page
    bad = office.post(
        "/registry/sessions/",
        {"term": _term().pk, "opens_on": "2026-12-15", "closes_on": "2026-12-14"},
    )
    assert bad.status_code == 400 and 'value="2026-12-15"' in bad.content.decode()
    ok = office.post(
        "/registry/sessions/",
        {
            "term": _term().pk,
            "opens_on": "2026-12-15",
            "closes_on": "2026-12-18",
            "proposal_deadline": "2026-12-16T18:00",
        },
    )
    assert ok.status_code == 302
    session = Session.objects.get(term=_term(), opens_on=dt.date(2026, 12, 15))
    office.post(
        f"/registry/sessions/?edit={session.pk}",
        {
            "opens_on": "2026-12-15",
            "closes_on": "2026-12-18",
            "proposal_deadline": "2026-12-17T12:00",
        },
    )
    session.refresh_from_db()
    assert session.proposal_deadline == dt.datetime(2026, 12, 17, 12, 0, tzinfo=SHANGHAI)
    assert AuditEvent.objects.filter(action="session.changed", object_id=str(session.pk)).exists()
    for nasty in ({"opens_on": "\x00"}, {"term": "abc"}, {}):
        assert office.post("/registry/sessions/", nasty).status_code == 400
