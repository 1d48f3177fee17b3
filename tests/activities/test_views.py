"""Pages: who sees what, bad input answered in Chinese with what was typed kept, query counts
that do not grow with the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.activities import services
from lvzhi.activities.models import DeputyGroup, GroupActivity, Inspection, InspectionKind
from lvzhi.registry.models import Membership, Term

from .conftest import persona

pytestmark = pytest.mark.django_db


def test_group_leader_pages_render_in_chinese(login: Any, leader_group: DeputyGroup) -> None:
    client = login("groupleader")
    r = client.get("/activities/groups/")
    assert r.status_code == 200
    assert "代表小组" in r.content.decode()
    r = client.get(f"/activities/groups/{leader_group.pk}/")
    assert r.status_code == 200
    assert leader_group.organisation.name in r.content.decode()
    r = client.get(f"/activities/groups/{leader_group.pk}/activities/new/")
    assert r.status_code == 200


def test_other_group_is_404_for_the_leader(login: Any, leader_group: DeputyGroup) -> None:
    other = DeputyGroup.objects.exclude(pk=leader_group.pk).exclude(
        leader__user__username="groupleader"
    )
    other = other.exclude(
        organisation__group_memberships__deputy__user__username="groupleader"
    ).first()
    assert other is not None
    client = login("groupleader")
    assert client.get(f"/activities/groups/{other.pk}/").status_code == 404
    assert client.get("/activities/groups/999999/").status_code == 404


def test_activity_form_keeps_input_and_answers_in_chinese(
    login: Any, leader_group: DeputyGroup
) -> None:
    client = login("groupleader")
    before = GroupActivity.objects.count()
    r = client.post(
        f"/activities/groups/{leader_group.pk}/activities/new/",
        {
            "kind": "study",
            "title": "学习\x00代表法",
            "held_on": "2099-01-01",
            "place": "",
            "content": "学习",
            "present": ["abc"],
        },
    )
    assert r.status_code == 400
    body = r.content.decode()
    # What was typed stays in the form; each bad field gets a Chinese message
    assert 'value="学习' in body and "代表法" in body
    assert body.count('class="error-text"') >= 3
    assert "请修改下方标出的内容" in body
    assert GroupActivity.objects.count() == before


def test_activity_recorded_through_the_page(login: Any, leader_group: DeputyGroup) -> None:
    client = login("groupleader")
    members = list(
        Membership.objects.filter(
            deputy_group_id=leader_group.organisation_id, status="serving"
        ).values_list("deputy_id", flat=True)
    )
    r = client.post(
        f"/activities/groups/{leader_group.pk}/activities/new/",
        {
            "kind": "visit_voters",
            "title": "走访选民",
            "held_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "place": "联络站",
            "content": "听取意见",
            "present": [str(m) for m in members[:2]],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    a = GroupActivity.objects.latest("id")
    r = client.post(
        f"/activities/group-activities/{a.pk}/photos/",
        {"file": SimpleUploadedFile("a.jpg", b"not a jpeg")},
    )
    assert r.status_code == 400
    assert "JPEG" in r.content.decode()


def test_groups_list_query_count_is_fixed(login: Any, django_assert_max_num_queries: Any) -> None:
    client = login("admin")
    with django_assert_max_num_queries(12):
        r = client.get("/activities/groups/")
    assert r.status_code == 200


def test_inspections_list_query_count_is_fixed(
    login: Any, pref_term: Term, django_assert_max_num_queries: Any
) -> None:
    """Measured at two sizes: the list before and after 25 more inspections."""
    org = persona("office").role_assignments.get().organisation
    client = login("office")
    client.get("/activities/inspections/")  # warm: session, grants
    with django_assert_max_num_queries(14) as small:
        assert client.get("/activities/inspections/").status_code == 200
    for n in range(25):
        services.inspection_plan(
            actor=persona("office"),
            kind=InspectionKind.THEMATIC,
            term=pref_term,
            organiser=org,
            title=f"专题视察{n}",
            starts_on=dt.date(2027, 5, 10),
            ends_on=dt.date(2027, 5, 11),
            sites="某地",
        )
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get("/activities/inspections/")
    assert r.status_code == 200
    assert "专题视察24" in r.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_inspection_plan_form_bad_dates_kept(login: Any) -> None:
    client = login("office")
    org = persona("office").role_assignments.get().organisation
    before = Inspection.objects.count()
    r = client.post(
        "/activities/inspections/",
        {
            "kind": "thematic",
            "organiser": str(org.pk),
            "title": "牧区医疗专题视察",
            "starts_on": "2027-05-10",
            "ends_on": "2027-05-01",
            "sites": "昭苏县",
        },
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "牧区医疗专题视察" in body
    assert Inspection.objects.count() == before


def test_inspection_of_another_body_is_404(login: Any, pref_term: Term) -> None:
    org = persona("office").role_assignments.get().organisation
    i = services.inspection_plan(
        actor=persona("office"),
        kind=InspectionKind.THEMATIC,
        term=pref_term,
        organiser=org,
        title="视察",
        starts_on=dt.date(2027, 5, 10),
        ends_on=dt.date(2027, 5, 11),
        sites="某地",
    )
    assert login("chabuchaer").get(f"/activities/inspections/{i.pk}/").status_code == 404
    assert login("office").get(f"/activities/inspections/{i.pk}/").status_code == 200


def test_legislation_and_supervision_pages(login: Any) -> None:
    client = login("committee")
    for url in ("/activities/legislation/", "/activities/supervision/"):
        r = client.get(url)
        assert r.status_code == 200
    r = client.post("/activities/legislation/", {"title": "", "committee": "abc"})
    assert r.status_code == 400
    assert "error-text" in r.content.decode()
    assert login("handling").get("/activities/legislation/").status_code == 404


def test_my_activities_page_for_a_deputy(login: Any) -> None:
    r = login("deputy").get("/activities/?year=abc")
    assert r.status_code == 200
    assert login("office").get("/activities/").status_code == 404
