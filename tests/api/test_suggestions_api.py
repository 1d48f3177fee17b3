"""The deputy's suggestions through the REST API (issue 3, item 10)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lvzhi.suggestions.models import Suggestion

from ..suggestions.helpers import BODY, assigned, fellow_deputies, term, u
from ..suggestions.test_pages import as_user

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_openapi_is_published_with_chinese_descriptions() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/suggestions/mine" in spec["paths"]
    assert "履职" in spec["info"]["title"]


def test_anonymous_callers_get_the_error_shape() -> None:
    response = Client().get("/api/v1/suggestions/mine")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_deputy_creates_a_draft_lists_it_and_reads_it() -> None:
    client = as_user(u("deputy"))
    response = post(
        client,
        "/api/v1/suggestions",
        {
            "term_id": term().pk,
            "title": "关于增设夜间公交线路的建议",
            "body": BODY,
            "category": "transport",
        },
    )
    assert response.status_code == 201, response.content
    sid = response.json()["id"]
    listing = client.get("/api/v1/suggestions/mine", {"limit": 100}).json()
    assert any(item["id"] == sid for item in listing["items"])
    detail = client.get(f"/api/v1/suggestions/{sid}").json()
    assert detail["status"] == "draft" and detail["timeline"][0]["step"] == "起草建议"


def test_bad_input_gets_a_field_and_a_chinese_message() -> None:
    client = as_user(u("deputy"))
    response = post(
        client, "/api/v1/suggestions", {"term_id": term().pk, "title": " ", "body": BODY}
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "validation_failed",
        "message": "请填写标题。",
        "field": "title",
    }
    response = post(client, "/api/v1/suggestions", {"term_id": "x"})
    assert response.status_code == 400 and response.json()["error"]["field"]


def test_cosign_and_evaluate_through_the_api() -> None:
    from lvzhi.suggestions import services

    (other,) = fellow_deputies(1)
    s = services.draft_create(
        actor=u("deputy"), term=term(), session=None, title="联名测试", body=BODY, category="other"
    )
    services.cosigner_invite(actor=u("deputy"), suggestion=s, deputy=other)
    response = post(as_user(other.user), f"/api/v1/suggestions/{s.pk}/cosign", {"accept": True})
    assert response.status_code == 200 and response.json()["cosigners"] == [other.name]
    done = assigned()
    early = post(
        as_user(u("deputy")), f"/api/v1/suggestions/{done.pk}/evaluate", {"rating": "satisfied"}
    )
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "illegal_transition"


def test_another_deputy_or_unit_gets_not_found() -> None:
    s = assigned()
    response = as_user(u("yining")).get(f"/api/v1/suggestions/{s.pk}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert Suggestion.objects.filter(pk=s.pk).exists()


def test_a_deputy_of_another_term_cannot_draft_in_it_and_is_told_why() -> None:
    """R12: the service decides who may draft in a term; the API just passes the answer on."""
    from lvzhi.registry.models import Term

    county_term = (
        Term.objects.filter(congress__level="county", is_current=True)
        .exclude(memberships__deputy__user__username="deputy")
        .first()
    )
    assert county_term is not None
    response = post(
        as_user(u("deputy")),
        "/api/v1/suggestions",
        {"term_id": county_term.pk, "title": "标题", "body": BODY},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "您不是本届人大的在任代表。"
    missing = post(
        as_user(u("deputy")),
        "/api/v1/suggestions",
        {"term_id": 10**9, "title": "标题", "body": BODY},
    )
    assert missing.json()["error"] == {
        "code": "validation_failed",
        "message": "没有这一届人大。",
        "field": "term_id",
    }


def test_list_query_count_does_not_grow_with_the_deputys_suggestions() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(u("deputy"))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/suggestions/mine")
    for i in range(5):
        post(
            client, "/api/v1/suggestions", {"term_id": term().pk, "title": f"第{i}件", "body": BODY}
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/api/v1/suggestions/mine")
    assert len(few) == len(more)


def test_bad_json_and_wrong_types_are_answered_in_chinese_with_the_field() -> None:
    client = as_user(u("deputy"))
    broken = client.post("/api/v1/suggestions", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "validation_failed"
    wrong = post(client, "/api/v1/suggestions", {"term_id": "x", "title": "t", "body": BODY})
    error = wrong.json()["error"]
    assert error["field"] == "term_id" and error["message"] == "输入整数。"
    missing = post(client, "/api/v1/suggestions", {"title": "t", "body": BODY})
    assert missing.json()["error"]["message"] == "这个字段是必填项。"


def test_my_suggestions_list_keeps_a_constant_query_count(
    django_assert_num_queries: Any,
) -> None:
    """A page of one suggestion costs the same queries as a page of all of them (token)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.api import services as api_services

    _row, raw = api_services.token_create(actor=u("deputy"), name="query count")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    # The token's first use records when it was used (at most once a minute); count after it.
    Client().get("/api/v1/suggestions/mine", {"limit": 1}, **auth)
    with CaptureQueriesContext(connection) as one:
        small = Client().get("/api/v1/suggestions/mine", {"limit": 1}, **auth)
    assert small.status_code == 200 and small.json()["count"] >= 3
    with django_assert_num_queries(len(one.captured_queries)):
        full = Client().get("/api/v1/suggestions/mine", {"limit": 100}, **auth)
    assert len(full.json()["items"]) == min(100, full.json()["count"])
