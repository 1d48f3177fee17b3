"""One actor per request (issue 17 item 5): the user, the deputy behind the account, the
deputy's serving seats and the role grants with their scope, resolved lazily and once, and
used by every app's policies instead of per-app lookups."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from lvzhi.activities import policies as activities_policies
from lvzhi.core.models import User
from lvzhi.meetings import policies as meetings_policies
from lvzhi.registry import actor as actor_module
from lvzhi.registry.actor import ActorMiddleware, actor_of, deputy_id, is_deputy
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Role
from lvzhi.suggestions import policies as suggestions_policies
from lvzhi.voting import policies as voting_policies

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "lvzhi"


def fresh(username: str) -> User:
    return User.objects.get(username=username)


def test_the_deputy_is_looked_up_once_per_user_object() -> None:
    user = fresh("deputy")
    with CaptureQueriesContext(connection) as first:
        found = deputy_id(user)
    assert found == Deputy.objects.get(user__username="deputy").pk
    assert len(first) == 1
    with CaptureQueriesContext(connection) as again:
        assert actor_of(user).deputy_id == found
        assert is_deputy(user)
        # every app's policies answer from the same actor: no further query
        assert suggestions_policies.deputy_id(user) == found
        assert meetings_policies.deputy_id(user) == found
        assert voting_policies.deputy_id(user) == found
    assert len(again) == 0
    assert actor_of(user) is actor_of(user)


def test_staff_and_anonymous_are_not_deputies() -> None:
    assert not is_deputy(fresh("office"))
    assert deputy_id(AnonymousUser()) is None
    assert actor_of(None).deputy_id is None and actor_of(None).seats == ()


def test_seats_and_grants_load_once() -> None:
    user = fresh("deputy")
    actor = actor_of(user)
    with CaptureQueriesContext(connection) as first:
        seats = actor.seats
    serving = Membership.objects.filter(
        deputy__user__username="deputy", status=MembershipStatus.SERVING
    )
    assert {s.id for s in seats} == set(serving.values_list("pk", flat=True))
    assert len(first) == 2  # the deputy, then the seats
    with CaptureQueriesContext(connection) as again:
        assert actor.seats is seats
        assert actor.serves_in_term(seats[0].term_id)
    assert len(again) == 0
    office = actor_of(fresh("office"))
    assert office.has_role({Role.OFFICE})
    assert office.scope_paths(frozenset({Role.OFFICE}))
    assert not office.seats


def test_the_middleware_attaches_the_actor_lazily() -> None:
    user = fresh("deputy")
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["actor"] = request.actor  # type: ignore[attr-defined]
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as untouched:
        ActorMiddleware(view)(request)
    assert len(untouched) == 0  # a request that never asks costs nothing
    assert seen["actor"].deputy_id == Deputy.objects.get(user=user).pk
    # the request's actor is the one the policies use for the same user
    assert seen["actor"].is_deputy and actor_of(user).deputy_id == seen["actor"].deputy_id


def test_the_actor_decides_group_membership_and_drafts_for_deputies() -> None:
    """activities policies ask the actor's seats instead of their own membership queries."""
    user = fresh("deputy")
    seat = Membership.objects.filter(deputy__user=user, status=MembershipStatus.SERVING).first()
    assert seat is not None
    assert actor_of(user).serves_in_term(seat.term_id)
    if seat.deputy_group_id:
        assert actor_of(user).serves_in_group(seat.deputy_group_id)
    assert not actor_of(fresh("office")).serves_in_term(seat.term_id)
    assert activities_policies.deputy_id(user) == seat.deputy_id


def test_one_definition_of_the_deputy_lookup() -> None:
    """No app defines its own `deputy_id` or `_is_deputy` any more."""
    defined = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r"^def (deputy_id|_is_deputy|is_deputy)\(", path.read_text(), re.M)
    ]
    assert defined == ["registry/actor.py"]
    assert actor_module.deputy_id is suggestions_policies.deputy_id
