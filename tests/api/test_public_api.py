"""Public read endpoints and open data (issue 9, items 3 and 4): no sign-in, public fields
only, paginated, filtered, stable ids, the one error shape, constant query counts, Popolo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.registry.models import Deputy, Membership, Organisation, OrgKind
from lvzhi.suggestions.models import Suggestion

from . import popolo_schemas

pytestmark = pytest.mark.django_db

SECRET_FIELDS = ("phone", "id_number", "birth_date", "encrypted", "hash")


def get(url: str, **params: Any) -> Any:
    return Client().get(url, params)


def test_public_deputies_need_no_sign_in_and_show_public_fields_only() -> None:
    response = get("/api/v1/public/deputies", limit=100)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == (
        Membership.objects.filter(status="serving", term__is_current=True)
        .values("deputy_id")
        .distinct()
        .count()
    )
    body = response.content.decode()
    for secret in SECRET_FIELDS:
        assert secret not in body
    some = Deputy.objects.exclude(phone_masked="").first()
    assert some is not None and some.phone_masked not in body
    first = data["items"][0]
    assert set(first) == {
        "id",
        "name",
        "name_pinyin",
        "gender",
        "ethnicity",
        "position",
        "public_contact",
        "seats",
    }
    pinyins = [d["name_pinyin"] for d in data["items"]]
    assert pinyins == sorted(pinyins)


def test_public_deputies_filter_by_level_division_delegation_and_name() -> None:
    county = get("/api/v1/public/deputies", level="county", limit=100).json()
    assert county["count"] > 0
    assert all(any(s["level"] == "county" for s in d["seats"]) for d in county["items"])
    chabuchaer = get("/api/v1/public/deputies", division="654022", limit=100).json()
    assert chabuchaer["count"] > 0
    assert all(
        any((s["division_code"] or "").startswith("654022") for s in d["seats"])
        for d in chabuchaer["items"]
    )
    delegation = Organisation.objects.filter(kind=OrgKind.DELEGATION).first()
    assert delegation is not None
    by_delegation = get("/api/v1/public/deputies", delegation=delegation.pk, limit=100).json()
    assert by_delegation["count"] > 0
    assert all(
        any(s["delegation_id"] == delegation.pk for s in d["seats"]) for d in by_delegation["items"]
    )
    one = by_delegation["items"][0]
    by_name = get("/api/v1/public/deputies", q=one["name"]).json()
    assert one["id"] in [d["id"] for d in by_name["items"]]


@pytest.mark.parametrize(
    "params",
    [{"level": "galaxy"}, {"division": "65'--"}, {"delegation": "x"}, {"limit": 0}, {"offset": -1}],
)
def test_bad_filters_get_the_error_shape_not_a_500(params: dict[str, Any]) -> None:
    response = get("/api/v1/public/deputies", **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and error["message"]


def test_pagination_pages_do_not_overlap_and_ids_are_stable() -> None:
    first = get("/api/v1/public/deputies", limit=5, offset=0).json()["items"]
    second = get("/api/v1/public/deputies", limit=5, offset=5).json()["items"]
    assert len(first) == 5 and not {d["id"] for d in first} & {d["id"] for d in second}
    assert get("/api/v1/public/deputies", limit=5).json()["items"] == first
    one = get(f"/api/v1/public/deputies/{first[0]['id']}").json()
    assert one == first[0]
    capped = get("/api/v1/public/deputies", limit=1000).json()
    assert len(capped["items"]) <= 100


def test_missing_deputy_and_former_deputy_answer_404_in_the_error_shape() -> None:
    response = get("/api/v1/public/deputies/99999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_public_suggestions_list_only_public_replied_ones_with_their_replies() -> None:
    data = get("/api/v1/public/suggestions", limit=100).json()
    public_ids = set(
        Suggestion.objects.filter(is_public=True, status__in=["replied", "closed"]).values_list(
            "id", flat=True
        )
    )
    assert data["count"] == len(public_ids) > 0
    assert {s["id"] for s in data["items"]} <= public_ids
    detail = get(f"/api/v1/public/suggestions/{data['items'][0]['id']}").json()
    assert detail["replies"] and detail["replies"][0]["unit"]
    private = Suggestion.objects.exclude(pk__in=public_ids).first()
    assert private is not None
    assert get(f"/api/v1/public/suggestions/{private.pk}").status_code == 404


def test_public_proposals_and_organisations() -> None:
    proposals = get("/api/v1/public/proposals").json()
    assert proposals["count"] >= 0
    for p in proposals["items"][:3]:
        detail = get(f"/api/v1/public/proposals/{p['id']}")
        assert detail.status_code == 200 and detail.json()["subject"] == p["subject"]
    orgs = get("/api/v1/public/organisations", kind="delegation", limit=100).json()
    assert orgs["count"] == Organisation.objects.filter(kind="delegation", is_active=True).count()
    assert all(o["kind"] == "delegation" for o in orgs["items"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/public/deputies",
        "/api/v1/public/organisations",
        "/api/v1/public/suggestions",
        "/api/v1/public/proposals",
    ],
)
def test_list_endpoints_keep_a_constant_query_count(
    url: str, django_assert_num_queries: Any
) -> None:
    """The query count of a page of 3 rows equals that of a page of 60 rows. One request first
    warms what the process caches once (organisation roots, versions), so both measured pages
    meet the same caches whatever earlier tests left in Redis."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.core.prebuilt import forget_versions

    assert Client().get(url, {"limit": 1}).status_code == 200
    # The data version is remembered a second per process: both measured requests read it
    # (otherwise whether one of them does depends on the clock).
    forget_versions()
    with CaptureQueriesContext(connection) as small:
        assert Client().get(url, {"limit": 3}).status_code == 200
    forget_versions()
    with django_assert_num_queries(len(small.captured_queries)):
        assert Client().get(url, {"limit": 60}).status_code == 200
    assert len(small.captured_queries) <= 4


def test_popolo_export_validates_against_the_popolo_schemas(
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(6):
        response = get("/api/v1/public/popolo")
    assert response.status_code == 200
    data = response.json()
    for key, schema in [
        ("persons", "person.json"),
        ("organizations", "organization.json"),
        ("memberships", "membership.json"),
        ("areas", "area.json"),
    ]:
        assert data[key], key
        problems = [e for item in data[key] for e in popolo_schemas.errors(item, schema)]
        assert problems == [], problems[:5]
    # Every reference points at something in the export.
    people = {p["id"] for p in data["persons"]}
    orgs = {o["id"] for o in data["organizations"]}
    assert all(
        m["person_id"] in people and m["organization_id"] in orgs for m in data["memberships"]
    )
    assert all(o.get("parent_id") in orgs for o in data["organizations"] if o.get("parent_id"))
    # Issue 25.4: every area the export names is exported, and so is each area's parent.
    areas = {a["id"] for a in data["areas"]}
    named = {i["area_id"] for i in data["organizations"] + data["memberships"] if "area_id" in i}
    assert named and named <= areas
    assert all(a["parent_id"] in areas for a in data["areas"] if "parent_id" in a)
    assert "phone" not in response.content.decode()


def test_popolo_validation_really_rejects_a_bad_person_and_follows_references() -> None:
    """The validator is the real one: required fields, types, unknown fields, date patterns,
    and ``$ref`` into the sibling schemas (other_name.json, contact_detail.json)."""
    assert popolo_schemas.errors({"name": "张三"}, "person.json") == []
    assert popolo_schemas.errors({"id": "x"}, "person.json") == ["$: 'name' is a required property"]
    assert popolo_schemas.errors({"name": 3}, "person.json")
    assert popolo_schemas.errors({"name": "a", "id_number": "1"}, "person.json")
    assert popolo_schemas.errors({"name": "a", "birth_date": "1980/01/01"}, "person.json")
    assert popolo_schemas.errors({"name": "a", "other_names": [{"note": "x"}]}, "person.json")
    bad_contact = {"name": "a", "contact_details": [{"type": 1, "value": "x"}]}
    assert popolo_schemas.errors(bad_contact, "person.json")
    assert popolo_schemas.errors({"organization_id": "org/1", "start_date": "x"}, "membership.json")
    # area.json (issue 25.4): an id and a name, identifiers by reference, nothing unknown.
    assert popolo_schemas.errors({"id": "division/654002", "name": "伊宁市"}, "area.json") == []
    assert popolo_schemas.errors({"id": "division/654002"}, "area.json")
    assert popolo_schemas.errors({"id": "d", "name": "x", "population": 1}, "area.json")
    assert popolo_schemas.errors(
        {"id": "d", "name": "x", "identifiers": [{"scheme": "GB"}]}, "area.json"
    )


def test_openapi_documents_the_public_and_token_api_in_chinese() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/public/deputies",
        "/api/v1/public/organisations",
        "/api/v1/public/suggestions",
        "/api/v1/public/proposals",
        "/api/v1/public/popolo",
        "/api/v1/registry/deputies/{deputy_id}",
    ]:
        assert path in spec["paths"], path
    assert "令牌" in spec["info"]["description"] and "版本" in spec["info"]["description"]
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "security" not in spec["paths"]["/api/v1/public/deputies"]["get"]
    assert spec["paths"]["/api/v1/public/deputies"]["get"]["summary"].startswith("代表名单")
