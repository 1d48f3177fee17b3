"""A retried or double-clicked submission creates nothing twice (issue 11, item 5): every form
carries a one-time key through ``{% csrf_token %}``, the API takes an ``Idempotency-Key``."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from lvzhi.suggestions.models import Suggestion
from tests.suggestions.helpers import BODY, term, u
from tests.suggestions.test_pages import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _draft(title: str, key: str) -> dict[str, object]:
    return {
        "term": term().pk,
        "title": title,
        "category": "agriculture",
        "body": BODY,
        "_submission": key,
    }


def test_every_post_form_carries_a_fresh_submission_key() -> None:
    page = as_user(u("deputy")).get(reverse("suggestions:draft_new")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'name="_submission"' in page
    again = as_user(u("deputy")).get(reverse("suggestions:draft_new")).content.decode()
    key = page.split('name="_submission" value="')[1][:32]
    assert key not in again


def test_the_same_form_sent_twice_creates_one_suggestion_and_shows_the_first_result() -> None:
    client = as_user(u("deputy"))
    title = "关于改善牧区饮水条件的建议（重复提交）"
    first = client.post(reverse("suggestions:draft_new"), _draft(title, "a" * 32))
    second = client.post(reverse("suggestions:draft_new"), _draft(title, "a" * 32))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Suggestion.objects.filter(title=title).count() == 1
    third = client.post(reverse("suggestions:draft_new"), _draft(title, "b" * 32))
    assert third.status_code == 302 and Suggestion.objects.filter(title=title).count() == 2


def test_a_form_shown_again_with_errors_frees_its_key() -> None:
    client = as_user(u("deputy"))
    title = "关于加强草场保护的建议（更正后提交）"
    bad = client.post(reverse("suggestions:draft_new"), {**_draft(title, "c" * 32), "title": ""})
    assert bad.status_code == 400 and "error-text" in bad.content.decode()
    good = client.post(reverse("suggestions:draft_new"), _draft(title, "c" * 32))
    assert good.status_code == 302 and Suggestion.objects.filter(title=title).count() == 1


def test_the_api_answers_a_repeated_idempotency_key_without_creating_again() -> None:
    client = as_user(u("deputy"))
    title = "关于增设夜间公交线路的建议（接口重试）"
    body = {"term_id": term().pk, "title": title, "body": BODY, "category": "transport"}
    responses = [
        client.post(
            "/api/v1/suggestions",
            json.dumps(body),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="retry-1",
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 409]
    assert responses[1].json()["error"]["code"] == "duplicate_submission"
    assert Suggestion.objects.filter(title=title).count() == 1
