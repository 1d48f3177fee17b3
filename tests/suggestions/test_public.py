"""Disclosure (Art 84): suggestions marked public appear with their reply, for anyone."""

from __future__ import annotations

import pytest
from django.test import Client

from lvzhi.suggestions import services

from .helpers import assigned, u

pytestmark = pytest.mark.django_db


def _public_replied(public: bool) -> int:
    s = assigned()
    services.classify(
        actor=u("office"),
        suggestion=s,
        category="transport",
        key_supervision=False,
        is_public=public,
    )
    services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="A",
        body="已列入计划并开工建设，预计年底完成全部通村公路硬化。",
    )
    return s.pk


def test_r43_public_suggestions_with_replies_are_shown_without_an_account() -> None:
    shown, hidden = _public_replied(True), _public_replied(False)
    client = Client()
    listing = client.get("/suggestions/public/").content.decode()
    assert f"/suggestions/public/{shown}/" in listing
    assert f"/suggestions/public/{hidden}/" not in listing
    detail = client.get(f"/suggestions/public/{shown}/").content.decode()
    assert "年底完成" in detail and "A类" in detail
    assert client.get(f"/suggestions/public/{hidden}/").status_code == 404


def test_public_search_and_no_personal_numbers() -> None:
    shown = _public_replied(True)
    client = Client()
    body = client.get("/suggestions/public/", {"q": "公路"}).content.decode()
    assert f"/suggestions/public/{shown}/" in body
    assert "****" not in client.get(f"/suggestions/public/{shown}/").content.decode()
