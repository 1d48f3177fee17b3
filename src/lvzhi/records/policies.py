"""Who may see and change duty records (plain functions of user and object).

- A deputy sees the archive of their own seats and adds entries to it (R45, Art 86).
- The staff of the seat's electoral unit or delegation, and the office, see the archives in
  their scope (Art 95); the electoral unit's staff confirm or return entries and submit the
  handbook (R47).
- The office records discipline notes and configures the evaluation scheme (R48).
Out of scope answers 404 like a missing record.
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Membership, Role

VIEW_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF})
REVIEW_ROLES = frozenset({Role.ADMIN, Role.UNIT_STAFF})
OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def is_own(user: Any, seat: Membership) -> bool:
    return deputy_id(user) == seat.deputy_id


def is_staff_over(user: Any, seat: Membership) -> bool:
    if not registry_policies.roles_of(user) & VIEW_ROLES:
        return False
    return Membership.objects.filter(
        registry_policies.membership_scope_q(user, VIEW_ROLES), pk=seat.pk
    ).exists()


def can_view(user: Any, seat: Membership) -> bool:
    return is_own(user, seat) or is_staff_over(user, seat)


def can_add_entry(user: Any, seat: Membership) -> bool:
    return is_own(user, seat)


def can_review(user: Any, seat: Membership) -> bool:
    """Confirm or return a deputy's entry; submit the handbook: the electoral unit (Art 95)."""
    return bool(
        registry_policies.roles_of(user) & REVIEW_ROLES
    ) and registry_policies.organisation_in_scope(user, seat.electoral_unit, REVIEW_ROLES)


def can_note_discipline(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & OFFICE_ROLES)


def can_configure(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & OFFICE_ROLES)


def can_see_lists(user: Any) -> bool:
    """The archive list, the R47 collection and the evaluation: staff in scope."""
    return bool(registry_policies.roles_of(user) & VIEW_ROLES)


def can_issue_certificates(user: Any) -> bool:
    """R55 (Art 92): the office issues or declines certificates for the employer."""
    return bool(registry_policies.roles_of(user) & OFFICE_ROLES)


def can_issue_for(user: Any, seat: Membership) -> bool:
    return (
        can_issue_certificates(user)
        and Membership.objects.filter(
            registry_policies.membership_scope_q(user, OFFICE_ROLES), pk=seat.pk
        ).exists()
    )


def can_request_certificate(user: Any, seat: Membership) -> bool:
    """The deputy for their own seat, or the office for a seat in its scope."""
    return is_own(user, seat) or can_issue_for(user, seat)
