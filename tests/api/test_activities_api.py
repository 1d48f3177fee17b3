"""Between-sessions work through the API (issue 25.1): deputy groups and inspections read
through the activities selectors and policies — the API answers 200 exactly where the page
does, 404 for a user out of scope, and the lists walk by cursor."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.activities import policies
from lvzhi.activities.groups import selectors as group_selectors
from lvzhi.activities.inspections import selectors as inspection_selectors
from lvzhi.activities.inspections import services as inspection_services
from lvzhi.activities.models import (
    DeputyGroup,
    Inspection,
    InspectionOpinion,
    InspectionParticipant,
    InspectionStatus,
    Research,
)
from lvzhi.activities.research import selectors as research_selectors
from lvzhi.api import services
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db

ROLES = ["deputy", "yining", "chabuchaer", "office", "committee", "station", "handling", "admin"]


def token_of(name: str) -> dict[str, str]:
    actor = User.objects.get(username=name)
    _row, raw = services.token_create(actor=actor, name="活动", scopes=["activities:read"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _group_and_inspection() -> tuple[DeputyGroup, Inspection]:
    g = DeputyGroup.objects.order_by("id").first()
    i = Inspection.objects.order_by("id").first()
    assert g is not None and i is not None
    return g, i


def _research() -> Research:
    r = Research.objects.order_by("id").first()
    assert r is not None
    return r


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_200_exactly_where_the_page_does(role: str, login: Any) -> None:
    g, i = _group_and_inspection()
    r = _research()
    header = token_of(role)
    client = login(role)
    pairs = [
        (f"/api/v1/activities/groups/{g.pk}", f"/activities/groups/{g.pk}/"),
        (f"/api/v1/activities/inspections/{i.pk}", f"/activities/inspections/{i.pk}/"),
        (f"/api/v1/activities/research/{r.pk}", f"/activities/research/{r.pk}/"),
    ]
    for api_url, page_url in pairs:
        page = client.get(page_url)
        answer = Client().get(api_url, **header)
        assert page.status_code in {200, 404}, (role, page_url, page.status_code)
        assert answer.status_code == page.status_code, (role, api_url, answer.status_code)


def test_the_lists_hold_exactly_what_the_selectors_give_the_user() -> None:
    for role in ROLES:
        user = User.objects.get(username=role)
        header = token_of(role)
        groups = Client().get("/api/v1/activities/groups?limit=100", **header).json()
        assert {r["id"] for r in groups["items"]} == set(
            group_selectors.groups_for(user).values_list("id", flat=True)
        ), role
        insp = Client().get("/api/v1/activities/inspections?limit=100", **header).json()
        assert {r["id"] for r in insp["items"]} == set(
            inspection_selectors.inspections_for(user).values_list("id", flat=True)
        ), role
        res = Client().get("/api/v1/activities/research?limit=100", **header).json()
        assert {r["id"] for r in res["items"]} == set(
            research_selectors.research_for(user).values_list("id", flat=True)
        ), role


def test_a_user_out_of_scope_gets_404_for_a_group_and_an_inspection() -> None:
    g, i = _group_and_inspection()
    station = User.objects.get(username="station")
    assert not policies.can_view_group(station, g)
    assert not policies.can_view_inspection(station, i)
    r = _research()
    assert not policies.can_view_research(station, r)
    header = token_of("station")
    for url in (
        f"/api/v1/activities/groups/{g.pk}",
        f"/api/v1/activities/inspections/{i.pk}",
        f"/api/v1/activities/research/{r.pk}",
    ):
        answer = Client().get(url, **header)
        assert answer.status_code == 404, url
        assert answer.json()["error"]["code"]
    admin = token_of("admin")
    body = Client().get(f"/api/v1/activities/groups/{g.pk}", **admin).json()
    assert body["name"] == g.organisation.name and len(body["quarters"]) == 4


@pytest.mark.parametrize(
    ("path", "model", "ordering"),
    [
        ("groups", DeputyGroup, "formed_on"),
        ("inspections", Inspection, "-starts_on"),
    ],
)
def test_lists_walk_by_cursor_without_repeats_or_gaps(path: str, model: Any, ordering: str) -> None:
    _g, i = _group_and_inspection()
    for n in range(2):
        inspection_services.inspection_plan(
            actor=User.objects.get(username="admin"),
            kind=i.kind,
            term=i.term,
            organiser=i.organiser,
            title=f"{i.title}（第{n + 2}次）",
            starts_on=i.starts_on,
            ends_on=i.ends_on,
            sites=i.sites,
            session=None,
        )
    header = token_of("admin")
    base = f"/api/v1/activities/{path}?limit=1&ordering={ordering}"
    seen: list[int] = []
    url = base
    while url:
        body = Client().get(url, **header).json()
        seen += [r["id"] for r in body["items"]]
        nxt = body["next_cursor"]
        url = f"{base}&cursor={nxt}" if nxt else ""
    field = ordering.removeprefix("-")
    order = [ordering, "-id" if ordering.startswith("-") else "id"]
    expected = list(model.objects.order_by(*order).values_list("id", flat=True))
    assert seen == expected and len(seen) > 1, field


def test_the_year_filter_keeps_inspections_of_that_year_only() -> None:
    i = Inspection.objects.order_by("id").first()
    assert i is not None
    header = token_of("admin")
    year = i.starts_on.year
    body = Client().get(f"/api/v1/activities/inspections?year={year}&limit=100", **header).json()
    assert i.pk in {r["id"] for r in body["items"]}
    assert all(r["starts_on"].startswith(str(year)) for r in body["items"])
    other = Client().get(f"/api/v1/activities/inspections?year={year + 1}", **header).json()
    assert i.pk not in {r["id"] for r in other["items"]}
    assert all(r["starts_on"].startswith(str(year + 1)) for r in other["items"])


def test_a_participating_deputy_records_an_opinion_through_the_api() -> None:
    """The inspection page's opinion form as one service call: a deputy taking part records
    an opinion for himself; before the deputies are notified it is a 409; someone who cannot
    see the inspection gets 404; nothing typed is lost to a bad request (400 names the field)."""
    _g, i = _group_and_inspection()
    participant = (
        InspectionParticipant.objects.filter(inspection=i, deputy__user__isnull=False)
        .select_related("deputy__user")
        .first()
    )
    assert participant is not None and participant.deputy.user is not None
    url = f"/api/v1/activities/inspections/{i.pk}/opinions"
    data = {"title": "道路养护", "body": "乡村道路养护经费不足，建议列入明年预算。"}
    _row, raw = services.token_create(
        actor=participant.deputy.user, name="意见", scopes=["activities:read", "activities:write"]
    )
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if i.status == InspectionStatus.PLANNED:
        early = Client().post(url, data, content_type="application/json", **header)
        assert early.status_code == 409
        inspection_services.inspection_notify(
            actor=User.objects.get(username="admin"), inspection=i
        )
    bad = Client().post(url, {"title": "道路养护"}, content_type="application/json", **header)
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "body"
    made = Client().post(url, data, content_type="application/json", **header)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["deputy"] == participant.deputy.name and body["title"] == data["title"]
    assert InspectionOpinion.objects.filter(pk=body["id"], inspection=i).exists()
    detail = Client().get(f"/api/v1/activities/inspections/{i.pk}", **header).json()
    assert body["id"] in {o["id"] for o in detail["opinions"]}
    _row, raw = services.token_create(
        actor=User.objects.get(username="station"), name="意见", scopes=["activities:write"]
    )
    outsider = Client().post(
        url, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert outsider.status_code == 404
