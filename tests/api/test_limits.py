"""Limits and caching of the API (issue 25.4): rate limits per token and per address with 429
and Retry-After, counting on when Redis is away; ETag / Last-Modified / 304 on the public lists
and the Popolo export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lvzhi.api import services
from lvzhi.core import clock
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db

# A moment in the middle of a rate window, frozen: the window never turns during a test.
AT = dt.datetime(2026, 3, 2, 10, 0, 20, tzinfo=dt.UTC)


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_public_calls_over_the_per_address_limit_answer_429_with_retry_after(
    settings: Any,
) -> None:
    settings.API_RATE_PER_ADDRESS = 5
    with clock.frozen(AT):
        answers = [
            Client(REMOTE_ADDR="10.1.1.1").get("/api/v1/public/organisations").status_code
            for _ in range(6)
        ]
        refused = Client(REMOTE_ADDR="10.1.1.1").get("/api/v1/public/deputies")
        other_address = Client(REMOTE_ADDR="10.1.1.2").get("/api/v1/public/deputies")
    assert answers == [200] * 5 + [429]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused["Retry-After"] == "40"  # 20 s into the minute: 40 s to the next window
    assert other_address.status_code == 200
    with clock.frozen(AT + dt.timedelta(seconds=40)):
        assert Client(REMOTE_ADDR="10.1.1.1").get("/api/v1/public/deputies").status_code == 200


def test_each_token_has_its_own_limit(settings: Any) -> None:
    settings.API_RATE_PER_TOKEN = 3
    deputy = User.objects.get(username="deputy")
    _a, raw_a = services.token_create(actor=deputy, name="甲")
    _b, raw_b = services.token_create(actor=deputy, name="乙")
    with clock.frozen(AT):
        first = [
            Client().get("/api/v1/suggestions/mine", **bearer(raw_a)).status_code for _ in range(4)
        ]
        second = Client().get("/api/v1/suggestions/mine", **bearer(raw_b))
    assert first == [200, 200, 200, 429]
    assert second.status_code == 200


def test_limits_keep_counting_in_the_database_when_redis_is_away(settings: Any) -> None:
    """Given Redis refuses connections, when public calls exceed the limit, then the fallback
    cache (a database table) counts them: 429, never 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "lvzhi.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "fallback": settings.CACHE_FALLBACK,
    }
    settings.API_RATE_PER_ADDRESS = 3
    with clock.frozen(AT):
        answers = [
            Client(REMOTE_ADDR="10.2.2.2").get("/api/v1/public/organisations").status_code
            for _ in range(4)
        ]
    assert answers == [200, 200, 200, 429]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/public/deputies?limit=5", "/api/v1/public/suggestions", "/api/v1/public/popolo"],
)
def test_public_answers_carry_etag_and_last_modified_and_answer_304(url: str) -> None:
    first = Client().get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    since = Client().get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    changed = Client().get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200 and changed.content == first.content


def test_a_changed_list_gets_a_new_etag() -> None:
    """Changed through the service, as the platform changes it: the answer kept for the
    data's version (api.answercache) is retired by the audit entry the change writes."""
    from lvzhi.registry import services as registry_services
    from lvzhi.registry.models import Deputy

    url = "/api/v1/public/deputies?division=654002&limit=1"
    first = Client().get(url)
    d = Deputy.objects.get(pk=first.json()["items"][0]["id"])
    registry_services.deputy_update(
        actor=User.objects.get(username="yining"),
        deputy=d,
        data=registry_services.DeputyData(
            name=d.name,
            gender=d.gender,
            ethnicity=d.ethnicity,
            political_status=d.political_status,
            birth_date=d.birth_date,
            occupation_category=d.occupation_category,
            education=d.education,
            position=d.position + "（调整）",
            public_contact=d.public_contact,
        ),
    )
    later = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200 and later["ETag"] != first["ETag"]


def test_the_openapi_document_declares_429_everywhere_and_304_on_public_gets() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            assert "429" in op["responses"], (method, path)
            if path.startswith("/api/v1/public/") and method == "get":
                assert "304" in op["responses"], path
