"""Fixtures of the work between sessions: demo personas and a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from lvzhi.activities.models import DeputyGroup
from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Level, MembershipStatus, Term

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def frozen() -> Iterator[object]:
    """``frozen(date)`` freezes the clock at 10:00 of that day until the test ends."""
    stack: list[object] = []

    def _freeze(day: dt.date) -> None:
        cm = clock.frozen(at(day))
        cm.__enter__()
        stack.append(cm)

    yield _freeze
    while stack:
        stack.pop().__exit__(None, None, None)  # type: ignore[attr-defined]


def persona(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def pref_term() -> Term:
    return Term.objects.get(congress__level=Level.PREFECTURE, is_current=True)


@pytest.fixture
def leader_group() -> DeputyGroup:
    """The group the ``groupleader`` persona leads (formed by the demo seeder)."""
    org_id = persona("groupleader").role_assignments.get(role="group_leader").organisation_id
    return DeputyGroup.objects.get(organisation_id=org_id)


def deputy_with_account(
    term: Term, *, exclude: set[int] | None = None, **filters: object
) -> Deputy:
    """A serving deputy of the term, given an account when it has none."""
    d = (
        Deputy.objects.filter(
            memberships__term=term, memberships__status=MembershipStatus.SERVING, **filters
        )
        .exclude(pk__in=exclude or set())
        .order_by("id")
        .first()
    )
    assert d is not None
    if d.user is None:
        d.user = User.objects.create_user(username=f"t-deputy{d.pk}", password=None)
        d.save(update_fields=["user"])
    return d
