"""Who may do what with contact obligations (plain functions of user and object).

- the holder (a Standing Committee member …) sees their own page, logs their contacts and
  answers or forwards the opinions of their deputies;
- the Standing Committee office / deputy-affairs body (and administrators) manage holders and
  links within their scope, log on a holder's behalf, answer forwarded opinions and see every
  organisation's obligations;
- a deputy sees the contacts, opinions and answers that concern them.
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Organisation, Role

from .models import Holder, Opinion

OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def deputy_id(user: Any) -> int | None:
    return registry_policies.own_deputy_id(user)


def is_office(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & OFFICE_ROLES)


def office_over(user: Any, organisation: Organisation) -> bool:
    return is_office(user) and registry_policies.organisation_in_scope(
        user, organisation, OFFICE_ROLES
    )


def is_holder(user: Any, holder: Holder) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and holder.user_id == user.pk


def can_manage(user: Any, holder: Holder) -> bool:
    """Add and end links, see proposals (R33)."""
    return office_over(user, holder.organisation)


def can_view(user: Any, holder: Holder) -> bool:
    return is_holder(user, holder) or can_manage(user, holder)


def can_log(user: Any, holder: Holder) -> bool:
    """R34: the member logs own contacts; the office may log for a member without account."""
    return holder.is_active and (is_holder(user, holder) or can_manage(user, holder))


def can_answer(user: Any, opinion: Opinion) -> bool:
    """R35: the member answers a raised opinion; the deputy-affairs body a forwarded one."""
    from .models import OpinionStatus

    if opinion.status == OpinionStatus.RAISED:
        return is_holder(user, opinion.holder) or can_manage(user, opinion.holder)
    if opinion.status == OpinionStatus.FORWARDED and opinion.forwarded_to is not None:
        return office_over(user, opinion.forwarded_to)
    return False


def can_forward(user: Any, opinion: Opinion) -> bool:
    from .models import OpinionStatus

    return opinion.status == OpinionStatus.RAISED and is_holder(user, opinion.holder)
