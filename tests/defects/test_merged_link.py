"""Issue 28, point 2: a merged suggestion (并案) links to the one it joined, the joined one
lists what was merged into it, and the merged item's proposer may follow the joined one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core import clock
from lvzhi.suggestions import services

from ..suggestions.helpers import BODY, fellow_deputies, submitted, term, u

pytestmark = pytest.mark.django_db


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def test_a_merged_suggestion_links_to_the_one_it_joined_and_back(login: Any) -> None:
    first = submitted(title="关于改善牧区饮水的建议")
    other = fellow_deputies(1)[0]
    own = services.draft_create(
        actor=other.user,
        term=term(),
        session=None,
        title="牧区饮水问题",
        body=BODY,
        category="transport",
    )
    own = services.submit(actor=other.user, suggestion=own)
    services.merge(actor=u("office"), suggestion=own, into=first)

    author = _client_for(other.user)
    page = author.get(reverse("suggestions:detail", args=[own.pk])).content.decode()
    target = reverse("suggestions:detail", args=[first.pk])
    assert f'href="{target}"' in page
    joined = author.get(target)
    assert joined.status_code == 200

    staff = login("office").get(target).content.decode()
    assert reverse("suggestions:detail", args=[own.pk]) in staff and "牧区饮水问题" in staff
