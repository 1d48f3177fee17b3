"""The header's navigation (issue 22.1): one structure groups the entries as the regulation
groups the work; each role sees the groups and entries it may open, and only those."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lvzhi.core.navigation import (
    ACCOUNT_ENTRIES,
    DESK_ENTRY,
    NAV_GROUPS,
    grouped_menu_for,
    registered_entries,
)

from ..conftest import user

PERSONAS = (
    "admin",
    "office",
    "secretariat",
    "recorder",
    "committee",
    "yining",
    "scmember",
    "handling",
    "station",
    "deputy",
    "groupleader",
)


def test_the_groups_are_the_regulations_groups_of_the_work() -> None:
    assert [g.key for g in NAV_GROUPS] == [
        "sessions",
        "motions",
        "between",
        "contacts",
        "stations",
        "records",
        "admin",
    ]


def test_every_registered_entry_has_exactly_one_group() -> None:
    placed = [key for group in NAV_GROUPS for key in group.entries] + list(ACCOUNT_ENTRIES)
    assert len(placed) == len(set(placed)), "an entry is placed in two groups"
    registered = set(registered_entries()) - {DESK_ENTRY}
    assert registered - set(placed) == set(), "entries without a group"
    assert set(placed) - registered == set(), "the structure names entries nobody registers"


def _menu(username: str) -> dict[str, Any]:
    request = RequestFactory().get("/desk/")
    request.user = user(username)
    return grouped_menu_for(request)


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_each_role_is_shown_only_entries_it_can_open(login: Any, username: str) -> None:
    menu = _menu(username)
    assert menu["desk"] is not None and menu["desk"]["url"] == reverse("core:desk")
    shown = {item["key"]: item["url"] for g in menu["groups"] for item in g["items"]}
    shown |= {item["key"]: item["url"] for item in menu["account"]}
    assert shown, f"{username} has no menu at all"
    client = login(username)
    for key, url in shown.items():
        # An entry may lead on (a member's contacts page to their own holder page).
        status = client.get(url, follow=True).status_code
        assert status == 200, f"{username} is shown {key} but gets {status}"


@pytest.mark.django_db
def test_a_deputy_sees_no_administration_and_the_office_no_deputys_own_pages() -> None:
    deputy = {g["key"]: [i["key"] for i in g["items"]] for g in _menu("deputy")["groups"]}
    assert "admin" not in deputy
    assert "suggestions_mine" in deputy["motions"]
    assert "suggestions_queue" not in deputy["motions"]
    office = {g["key"]: [i["key"] for i in g["items"]] for g in _menu("office")["groups"]}
    assert "suggestions_mine" not in office.get("motions", [])
    assert "suggestions_queue" in office["motions"]


@pytest.mark.django_db
def test_the_header_renders_each_group_as_a_details_menu(login: Any) -> None:
    html = login("office").get(reverse("core:desk")).content.decode()
    assert html.count('<details class="navgroup"') == len(_menu("office")["groups"])
    assert 'class="desk-link"' in html
    assert "会议与表决" in html and "履职档案与评价" in html
