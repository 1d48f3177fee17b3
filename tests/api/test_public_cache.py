"""The public API's answers kept per version of the data (issue 25.4, api.answercache): a
cached answer is the computed one byte for byte, with the same ETag and Last-Modified; a change
through a service retires it; the language is part of the key; what an endpoint answers
itself (Popolo) and what is not a 200 is not stored; the rate limit still counts cached calls."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.api.answercache import HEADER
from lvzhi.core import prebuilt
from lvzhi.core.models import User
from lvzhi.registry import services
from lvzhi.registry.models import Membership
from lvzhi.registry.services import DeputyData

pytestmark = pytest.mark.django_db

COMPARED = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Language")


def _urls() -> list[str]:
    client = Client()
    deputy = client.get("/api/v1/public/deputies", {"limit": 1}).json()["items"][0]["id"]
    suggestion = client.get("/api/v1/public/suggestions", {"limit": 1}).json()["items"][0]["id"]
    proposal = client.get("/api/v1/public/proposals", {"limit": 1}).json()["items"][0]["id"]
    return [
        "/api/v1/public/deputies?limit=100",
        "/api/v1/public/deputies?level=county&limit=5&offset=5",
        f"/api/v1/public/deputies/{deputy}",
        "/api/v1/public/organisations?limit=50",
        "/api/v1/public/suggestions",
        f"/api/v1/public/suggestions/{suggestion}",
        "/api/v1/public/proposals",
        f"/api/v1/public/proposals/{proposal}",
    ]


def _same(a: Any, b: Any) -> None:
    assert a.status_code == b.status_code == 200
    assert a.content == b.content
    for header in COMPARED:
        assert a.get(header) == b.get(header), header


def test_a_cached_answer_is_the_computed_one_and_costs_at_most_one_query() -> None:
    urls = _urls()
    cache.clear()
    for url in urls:
        computed = Client().get(url)
        assert computed[HEADER] == "miss", url
        with CaptureQueriesContext(connection) as queries:
            cached = Client().get(url)
        assert cached[HEADER] == "hit", url
        _same(cached, computed)
        # At most the data version (read once a second per process: core.prebuilt.current_version).
        assert len(queries.captured_queries) <= 1, url
        # The conditional answer holds for the cached one as for the computed one.
        assert Client().get(url, HTTP_IF_NONE_MATCH=computed["ETag"]).status_code == 304
    # And against a fresh computation of every answer (nothing cached).
    cache.clear()
    for url in urls:
        fresh = Client().get(url)
        assert fresh[HEADER] == "miss"
        assert fresh.content == Client().get(url).content


def _change_a_deputy_in_yining() -> int:
    """A serving deputy of Yining city gets a new position, through the service (the city's
    office does it); returns the deputy's id."""
    m = (
        Membership.objects.filter(
            electoral_unit__division__code__startswith="654002",
            status="serving",
            term__is_current=True,
        )
        .select_related("deputy")
        .first()
    )
    assert m is not None
    d = m.deputy
    services.deputy_update(
        actor=User.objects.get(username="yining"),
        deputy=d,
        data=DeputyData(
            name=d.name,
            gender=d.gender,
            ethnicity=d.ethnicity,
            political_status=d.political_status,
            birth_date=d.birth_date,
            occupation_category=d.occupation_category,
            education=d.education,
            position="伊宁市人民医院院长（新任）",
            public_contact=d.public_contact,
        ),
    )
    return d.pk


def test_a_change_through_a_service_retires_the_cached_answer() -> None:
    d = (
        Membership.objects.filter(
            electoral_unit__division__code__startswith="654002",
            status="serving",
            term__is_current=True,
        )
        .values_list("deputy_id", flat=True)
        .first()
    )
    url = f"/api/v1/public/deputies/{d}"
    before = Client().get(url)
    assert Client().get(url)[HEADER] == "hit"
    assert _change_a_deputy_in_yining() == d
    after = Client().get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after[HEADER] == "miss"
    assert after.json()["position"] == "伊宁市人民医院院长（新任）"
    assert after["ETag"] != before["ETag"]


def test_each_language_has_its_own_answer() -> None:
    url = "/api/v1/public/organisations?limit=20"
    chinese = Client().get(url)
    other = Client()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "ug"
    uyghur = other.get(url)
    assert uyghur[HEADER] == "miss" and uyghur["Content-Language"] == "ug"
    assert uyghur.content != chinese.content  # the kinds' labels are translated
    again = Client().get(url)
    assert again[HEADER] == "hit"
    _same(again, chinese)


def test_errors_and_the_popolo_export_are_not_stored() -> None:
    for url in ("/api/v1/public/deputies/999999999", "/api/v1/public/deputies?level=nowhere"):
        first, second = Client().get(url), Client().get(url)
        assert first.status_code == second.status_code in (400, 404)
        assert HEADER not in second
    popolo = Client().get("/api/v1/public/popolo")
    assert popolo.status_code == 200 and HEADER not in popolo
    assert HEADER not in Client().get("/api/v1/public/popolo")


def test_cached_answers_still_count_against_the_per_address_limit(settings: Any) -> None:
    settings.API_RATE_PER_ADDRESS = 3
    url = "/api/v1/public/organisations?limit=5"
    answers = [Client(REMOTE_ADDR="10.9.9.9").get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[1][HEADER] == "hit"
    assert int(answers[3]["Retry-After"]) >= 1


def test_the_stored_popolo_file_is_served_without_a_query_within_the_second() -> None:
    """Issue 26.4: the stored Popolo file's version is remembered a second per process
    (``core.prebuilt.current_version``), so serving it again asks the database nothing; a
    change through a service (an audit entry) makes the next answer the new version's."""
    first = Client().get("/api/v1/public/popolo")
    assert first.status_code == 200
    # The version is read now and remembered a second (the first request built the file, which
    # on a busy machine can take longer than that).
    prebuilt.current_version()
    with CaptureQueriesContext(connection) as queries:
        again = Client().get("/api/v1/public/popolo")
    assert again.status_code == 200 and again["X-Data-Version"] == first["X-Data-Version"]
    assert [q["sql"] for q in queries.captured_queries] == []
    _change_a_deputy_in_yining()
    after = Client().get("/api/v1/public/popolo")
    assert after["X-Data-Version"] != first["X-Data-Version"]
