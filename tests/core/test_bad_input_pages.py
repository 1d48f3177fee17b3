"""Bad input found in review: each answered with a clear response, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from lvzhi.core import clock
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db


def as_user(name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=name))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def test_calendar_delete_with_a_non_number_is_not_a_server_error() -> None:
    assert as_user("admin").post("/calendar/", {"delete": "abc"}).status_code < 500


def test_reply_template_delete_with_a_non_number_is_not_a_server_error() -> None:
    assert as_user("handling").post("/suggestions/templates/", {"delete": "abc"}).status_code < 500


@pytest.mark.parametrize("url", ["/suggestions/public/", "/registry/organisations/"])
def test_a_nul_character_in_a_search_is_not_a_server_error(url: str) -> None:
    client = (
        as_user("office") if url.startswith("/registry") else Client(raise_request_exception=False)
    )
    assert client.get(url, {"q": "公路\x00"}).status_code == 200


@pytest.mark.django_db
def test_huge_years_and_ids_in_statistics_and_merge_are_not_server_errors() -> None:
    office = as_user("office")
    for year in ("99999999999999999999", "0", "-5", "abc"):
        assert office.get("/suggestions/statistics/", {"year": year}).status_code == 200
    assert office.post("/suggestions/1/merge/", {"into": "99999999999999999999"}).status_code == 404
