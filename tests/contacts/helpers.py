"""Building blocks for chapter 4 tests: a fresh member with no history, and deputies."""

from __future__ import annotations

import datetime as dt

from lvzhi.contacts import services
from lvzhi.contacts.models import Holder
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Membership, Organisation, OrgKind, Term


def u(name: str) -> User:
    return User.objects.get(username=name)


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def root() -> Organisation:
    return Organisation.objects.get(kind=OrgKind.STANDING_COMMITTEE, parent__isnull=True)


def unit(code: str = "654022") -> Organisation:
    return Organisation.objects.get(
        kind=OrgKind.ELECTORAL_UNIT, congress__level="prefecture", division__code=code
    )


def new_member(name: str = "测试委员", user: User | None = None, code: str = "654022") -> Holder:
    return services.holder_create(
        actor=u("office"),
        name=name,
        organisation=root(),
        term=term(),
        electoral_unit=unit(code),
        user=user,
    )


def member_account(username: str = "newmember") -> User:
    from lvzhi.registry import services as registry_services

    user = User.objects.create_user(username=username, password="x", display_name="新委员")
    registry_services.role_grant(actor=None, user=user, role="sc_member", organisation=root())
    return user


def serving_deputies(n: int, code: str = "654022") -> list[Deputy]:
    return [
        m.deputy
        for m in Membership.objects.filter(
            term=term(), status="serving", electoral_unit=unit(code)
        ).select_related("deputy")[:n]
    ]


DAY = dt.date(2026, 5, 10)


def with_account(deputy: Deputy) -> User:
    """Give a demo deputy an account (or return the one it has)."""
    if deputy.user is None:
        deputy.user = User.objects.create_user(username=f"dep{deputy.pk}", password="x")
        deputy.save(update_fields=["user"])
    return deputy.user
