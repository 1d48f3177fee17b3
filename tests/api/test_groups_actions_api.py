"""The deputy-group pages' actions through the API (issue 25.1; R19-R21): forming a group,
adding a member, the plan, an activity with attendance, its report and a photo — each through
the page's service, with a role the page refuses and bad input answered 400 naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.activities.groups import selectors
from lvzhi.activities.models import DeputyGroup, GroupActivity, GroupPlan
from lvzhi.api import services as api_services
from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry.models import Membership, MembershipStatus, Organisation, OrgKind

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MISSING = 987654321


@pytest.fixture(autouse=True)
def _february_2027() -> Iterator[None]:
    """After the first session and within the groups' first year, as tests/activities do."""
    with clock.frozen(dt.datetime(2027, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def u(name: str) -> User:
    return User.objects.get(username=name)


def auth(user: User) -> dict[str, str]:
    _row, raw = api_services.token_create(
        actor=user, name="接口", scopes=["activities:read", "activities:write"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(url: str, data: Any, who: dict[str, str]) -> Any:
    return Client().post(url, data, content_type="application/json", **who)


def _field(response: Any) -> str | None:
    assert response.status_code == 400, (response.status_code, response.content)
    return response.json()["error"]["field"]


def leader_group() -> DeputyGroup:
    org_id = u("groupleader").role_assignments.get(role="group_leader").organisation_id
    return DeputyGroup.objects.get(organisation_id=org_id)


def members(g: DeputyGroup) -> list[int]:
    return list(
        Membership.objects.filter(
            deputy_group_id=g.organisation_id, status=MembershipStatus.SERVING
        ).values_list("deputy_id", flat=True)
    )


def test_a_group_is_formed_by_the_staff_not_by_a_deputy() -> None:
    org = Organisation.objects.filter(
        kind=OrgKind.DEPUTY_GROUP, deputy_group_profile__isnull=True
    ).first()
    assert org is not None
    seats = list(
        Membership.objects.filter(deputy_group=org, status="serving").select_related("term")
    )
    assert len(seats) >= 2
    term = seats[0].term
    first = term.sessions.get(number=1)
    url = f"/api/v1/activities/group-organisations/{org.pk}/group"
    body = {
        "term_id": term.pk,
        "formed_on": str(first.closes_on + dt.timedelta(days=1)),
        "leader_id": seats[0].deputy_id,
        "deputy_leader_id": seats[1].deputy_id,
    }
    admin = auth(u("admin"))
    assert post(url, body, auth(u("deputy"))).status_code == 404
    assert _field(post(url, body | {"formed_on": str(first.closes_on)}, admin)) == "formed_on"
    assert _field(post(url, body | {"term_id": MISSING}, admin)) == "term_id"
    assert _field(post(url, body | {"leader_id": MISSING}, admin)) == "leader_id"
    assert _field(post(url, body | {"deputy_leader_id": seats[0].deputy_id}, admin)) == (
        "deputy_leader"
    )
    made = post(url, body, admin)
    assert made.status_code == 201, made.content
    g = DeputyGroup.objects.get(organisation=org)
    assert made.json()["id"] == g.pk and g.leader_id == seats[0].deputy_id
    assert post(url, body, admin).status_code == 409


def test_the_staff_add_a_member_of_another_level() -> None:
    g = leader_group()
    candidate = (
        selectors.group_candidate_deputies(g).exclude(pk__in=members(g)).order_by("id").first()
    )
    assert candidate is not None
    url = f"/api/v1/activities/groups/{g.pk}/members"
    # The leader manages the group but does not compose it (the page's 404).
    assert post(url, {"deputy_id": candidate.pk}, auth(u("groupleader"))).status_code == 404
    office = auth(u("office"))
    done = post(url, {"deputy_id": candidate.pk}, office)
    assert done.status_code == 201, done.content
    assert candidate.pk in members(g)
    assert _field(post(url, {"deputy_id": MISSING}, office)) == "deputy_id"
    assert _field(post(url, {"deputy_id": "x"}, office)) == "deputy_id"


def test_the_leader_plans_records_an_activity_reports_and_adds_a_photo() -> None:
    g = leader_group()
    leader = auth(u("groupleader"))
    plan = post(
        f"/api/v1/activities/groups/{g.pk}/plan", {"year": 2027, "content": "一季度学习"}, leader
    )
    assert plan.status_code == 200, plan.content
    assert GroupPlan.objects.get(group=g, year=2027).content == "一季度学习"
    assert (
        _field(
            post(f"/api/v1/activities/groups/{g.pk}/plan", {"year": 2030, "content": "x"}, leader)
        )
        == "year"
    )
    assert (
        _field(
            post(f"/api/v1/activities/groups/{g.pk}/plan", {"year": 2027, "content": " "}, leader)
        )
        == "content"
    )
    assert (
        post(
            f"/api/v1/activities/groups/{g.pk}/plan",
            {"year": 2027, "content": "x"},
            auth(u("station")),
        ).status_code
        == 404
    )
    who = members(g)[:2]
    body = {
        "kind": "visit_voters",
        "title": "走访选民",
        "held_on": "2027-02-09",
        "place": "社区",
        "content": "听取选民意见",
        "present_ids": who,
    }
    url = f"/api/v1/activities/groups/{g.pk}/activities"
    assert _field(post(url, body | {"held_on": "2027-02-11"}, leader)) == "held_on"
    assert _field(post(url, body | {"present_ids": [MISSING]}, leader)) == "present"
    assert _field(post(url, body | {"kind": "party"}, leader)) == "kind"
    assert _field(post(url, body | {"place": "x" * 201}, leader)) == "place"
    assert post(url, body | {"title": "走访\x00选民"}, leader).status_code == 400
    assert post(url, body, auth(u("station"))).status_code == 404
    made = post(url, body, leader)
    assert made.status_code == 201, made.content
    assert len(made.json()["present"]) == 2 and made.json()["report"] == ""
    a = GroupActivity.objects.get(pk=made.json()["id"])
    reported = post(
        f"/api/v1/activities/group-activities/{a.pk}/report", {"report": "活动报告"}, leader
    )
    assert reported.status_code == 200 and reported.json()["report"] == "活动报告"
    assert (
        _field(post(f"/api/v1/activities/group-activities/{a.pk}/report", {}, leader)) == "report"
    )
    photo_url = f"/api/v1/activities/group-activities/{a.pk}/photos"
    photo = Client().post(photo_url, {"file": SimpleUploadedFile("x.png", PNG)}, **leader)
    assert photo.status_code == 201 and photo.json()["photos"] == 1, photo.content
    fake = Client().post(photo_url, {"file": SimpleUploadedFile("x.jpg", b"<html>")}, **leader)
    assert _field(fake) == "file"
    assert _field(Client().post(photo_url, {}, **leader)) == "file"
    other = Client().post(
        photo_url, {"file": SimpleUploadedFile("x.png", PNG)}, **auth(u("station"))
    )
    assert other.status_code == 404
    assert (
        post(
            f"/api/v1/activities/group-activities/{MISSING}/report", {"report": "x"}, leader
        ).status_code
        == 404
    )
