"""The actor: who is acting, resolved once per request (issue 17 item 5).

Every app used to ask "which deputy is this account?" through its own `deputy_id` function
(voting asked meetings, which asked the registry) and its desk through its own `_is_deputy`.
The answer lives here, once. `actor_of(user)` returns one `Actor` per user object, kept on it,
whose parts load lazily, each at most once:

- `deputy_id` / `is_deputy`: the deputy record the account belongs to (one query);
- `seats`: that deputy's serving seats (`Membership` rows: term, electoral unit, delegation,
  deputy group — one query, only when asked);
- `grants`, `roles`, `scope_paths(roles)`: the role grants with their scope (the registry's
  `policies.grants_of`, one query).

Where it lives: core cannot import the registry (import-linter), and only the registry knows
deputies, seats and grants, so the actor is the registry's; `ActorMiddleware` (in this module,
listed in `settings.MIDDLEWARE` after authentication) attaches it to every request as
`request.actor`, lazily — a request that never asks costs no query. Policies, selectors and
services receive a user, not a request, and call `actor_of(user)`: the same object the request
carries, because it is kept on the same user object. The apps' `policies.deputy_id` is this
module's `deputy_id`, re-exported, so their callers did not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from . import policies
from .models import Membership, MembershipStatus

_ATTRIBUTE = "_lvzhi_actor"


@dataclass(frozen=True)
class Seat:
    """A serving seat of the acting deputy (the fields policies ask about)."""

    id: int
    term_id: int
    level: str
    electoral_unit_id: int | None
    delegation_id: int | None
    deputy_group_id: int | None


class Actor:
    """The user of a request with what policies ask about them, each part loaded once."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def deputy_id(self) -> int | None:
        return policies.own_deputy_id(self.user) if self.user is not None else None

    @property
    def is_deputy(self) -> bool:
        return self.deputy_id is not None

    @cached_property
    def seats(self) -> tuple[Seat, ...]:
        if self.deputy_id is None:
            return ()
        rows = (
            Membership.objects.filter(deputy_id=self.deputy_id, status=MembershipStatus.SERVING)
            .order_by("pk")
            .values_list(
                "id", "term_id", "level", "electoral_unit_id", "delegation_id", "deputy_group_id"
            )
        )
        return tuple(Seat(*row) for row in rows)

    def serves_in_term(self, term_id: int) -> bool:
        return any(seat.term_id == term_id for seat in self.seats)

    def serves_in_group(self, deputy_group_id: int) -> bool:
        return any(seat.deputy_group_id == deputy_group_id for seat in self.seats)

    @property
    def grants(self) -> list[policies.Grant]:
        return policies.grants_of(self.user) if self.user is not None else []

    @property
    def roles(self) -> set[str]:
        return policies.roles_of(self.user) if self.user is not None else set()

    def has_role(self, roles: Iterable[str]) -> bool:
        return bool(self.roles & set(roles))

    def scope_paths(self, roles: frozenset[str]) -> list[str] | None:
        return policies.scope_paths(self.user, roles)

    def __repr__(self) -> str:
        return f"<Actor {getattr(self.user, 'pk', None)}>"


def actor_of(user: Any) -> Actor:
    """The one actor of this user object (made on first use, then kept on the user)."""
    if user is None:
        return Actor(None)
    found = getattr(user, _ATTRIBUTE, None)
    if found is None:
        found = Actor(user)
        setattr(user, _ATTRIBUTE, found)
    return found


def deputy_id(user: Any) -> int | None:
    """The deputy the account belongs to, or None (the apps' `policies.deputy_id`)."""
    return actor_of(user).deputy_id


def is_deputy(user: Any) -> bool:
    """Whether the account belongs to a deputy (the desks' "for deputies" test)."""
    return actor_of(user).is_deputy


class ActorMiddleware:
    """Attaches `request.actor`, resolved on first use (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_of(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
