"""A seat's status history lives in the one event log (issue 17): the services write one event
per change, and the deputy's page reads them for all the seats at once (the data migration of
the former table: test_seat_history_migration.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.models import Event, User
from lvzhi.registry import selectors, services
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, OrgKind, Term
from lvzhi.registry.services import MembershipData

from .factories import deputy_data, yining_membership


def u(name: str) -> User:
    return User.objects.get(username=name)


def _deputy() -> Deputy:
    return services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )


def _county_seat(deputy: Deputy) -> Membership:
    """A second seat, in the current term of Yining city's congress."""
    term = Term.objects.get(
        congress__level="county", congress__division__code="654002", is_current=True
    )
    unit = Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT, congress=term.congress)[0]
    return services.membership_add(
        actor=u("admin"),
        deputy=deputy,
        data=MembershipData(term=term, electoral_unit=unit, elected_on=term.starts_on),
    )


@pytest.mark.django_db
def test_each_status_change_writes_one_event_and_the_history_is_ordered_by_its_date() -> None:
    deputy = _deputy()
    m = deputy.memberships.get()
    before = Event.objects.count()
    services.membership_change_status(
        actor=u("yining"), membership=m, status=MembershipStatus.SUSPENDED, on=dt.date(2024, 6, 1)
    )
    # Recorded later, effective earlier: the history goes by the date it took effect.
    services.membership_change_status(
        actor=u("admin"),
        membership=m,
        status=MembershipStatus.SERVING,
        on=dt.date(2024, 5, 1),
        reason="恢复执行职务",
        document_no="伊人常〔2024〕9号",
    )
    assert Event.objects.count() == before + 2
    (seat, history), *_ = selectors.seats_with_history(
        selectors.get_deputy_for_user(u("admin"), deputy.pk)
    )
    assert seat.pk == m.pk
    assert [(s.on, s.status) for s in history] == [
        (dt.date(2021, 12, 28), "serving"),
        (dt.date(2024, 5, 1), "serving"),
        (dt.date(2024, 6, 1), "suspended"),
    ]
    assert history[1].reason == "恢复执行职务" and history[1].document_no == "伊人常〔2024〕9号"
    assert history[1].recorded_by == str(u("admin"))


@pytest.mark.django_db
def test_the_deputy_page_shows_the_status_label_date_reason_document_and_recorder(
    login: Any,
) -> None:
    deputy = _deputy()
    services.membership_change_status(
        actor=u("yining"),
        membership=deputy.memberships.get(),
        status=MembershipStatus.RESIGNED,
        on=dt.date(2024, 6, 1),
        reason="工作调动",
        document_no="伊人常〔2024〕8号",
    )
    body = login("yining").get(reverse("registry:deputy_detail", args=[deputy.pk])).content.decode()
    line = "2024-06-01</time> 辞职 · 工作调动 · 伊人常〔2024〕8号"
    assert line in body, body[body.find('class="timeline"') :][:600]
    assert "2021-12-28</time> 在任 · 当选" in body
    assert f"{u('yining')} 记录" in body
    assert "resigned" not in body.split('class="timeline"', 1)[1].split("</ol>", 1)[0]


@pytest.mark.django_db
def test_the_deputy_page_reads_the_history_of_all_seats_in_one_query(login: Any) -> None:
    deputy = _deputy()
    client = login("admin")
    url = reverse("registry:deputy_detail", args=[deputy.pk])
    client.get(url)  # warm caches (session, grants)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # More data: a second seat, and several changes on each.
    county = _county_seat(deputy)
    for seat in (deputy.memberships.exclude(pk=county.pk).get(), county):
        for status, day in (("suspended", 1), ("serving", 2), ("suspended", 3)):
            services.membership_change_status(
                actor=u("admin"), membership=seat, status=status, on=dt.date(2024, 6, day)
            )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("2024-06-03</time>") == 2
    assert len(large) == len(small)
    from_log = [q for q in large.captured_queries if "core_event" in q["sql"]]
    assert len(from_log) == 1


@pytest.mark.django_db
def test_the_bulk_writers_election_event_is_the_seat_serving_from_its_election() -> None:
    """events.elected_unsaved (the import and the demo seeders): unsaved, dated ``at``, the
    same data as the election the services write."""
    from lvzhi.registry import events as seat_events

    seat = Membership.objects.get(deputy=_deputy())
    at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    event = seat_events.elected_unsaved(
        seat, actor=None, at=at, on=dt.date(2026, 1, 4), reason="当选"
    )
    same = seat_events.unsaved(
        seat_events.seat_elected,
        seat=seat,
        actor=None,
        at=at,
        status=MembershipStatus.SERVING,
        on=dt.date(2026, 1, 4),
        reason="当选",
    )
    assert event.pk is None
    assert (event.kind, event.occurred_at, event.data) == (same.kind, at, same.data)
    assert event.kind == "registry.seat_elected" and event.data["status"] == "serving"
