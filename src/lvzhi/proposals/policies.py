"""Who may do what with a proposal (plain functions of user and object).

The secretariat, the review committee and the presidium are bodies, not users: the
secretariat's staff (and the recorder of decisions) enter the committee's report and the
presidium's decisions with their dates and document numbers (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Role
from lvzhi.suggestions import cosigning

from .models import Handling, Proposal, Status

# R09: the session secretariat receives and reviews; the recorder enters the decisions.
REVIEW_ROLES = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.DECISION_RECORDER})
# R10: after the session the Standing Committee's working body prepares the assignment plan;
# the recorder enters the directors' meeting decision.
HANDLING_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.DECISION_RECORDER})
STAFF_ROLES = REVIEW_ROLES | HANDLING_ROLES | frozenset({Role.COMMITTEE})
DELEGATION_ROLES = frozenset({Role.UNIT_STAFF})
UNIT_ROLES = frozenset({Role.HANDLING_UNIT})
PRIVATE_STATUSES = (Status.DRAFT, Status.ABANDONED, Status.MOVED)


# The lead proposer; a co-signer whose signature stands (the one co-signing machine).
is_proposer, is_cosigner = cosigning.is_lead, cosigning.is_cosigner


def _staff(user: Any, p: Proposal, roles: frozenset[str]) -> bool:
    if not registry_policies.roles_of(user) & roles:
        return False
    body = registry_selectors.congress_body(p.term.congress_id)
    return body is not None and registry_policies.organisation_in_scope(user, body, roles)


def is_staff_for(user: Any, p: Proposal) -> bool:
    return _staff(user, p, STAFF_ROLES)


def can_review(user: Any, p: Proposal) -> bool:
    """R09: record the secretariat's recommendation, the committee's report and the
    presidium's decisions (placing, consent to a withdrawal)."""
    return _staff(user, p, REVIEW_ROLES)


def can_assign(user: Any, p: Proposal) -> bool:
    """R10: plan, directors' meeting decision, assignment, handling report."""
    return _staff(user, p, HANDLING_ROLES)


def records_plans(user: Any) -> bool:
    """R10: the Standing Committee's working body records the directors' meeting's
    assignment plans."""
    return bool(registry_policies.roles_of(user) & HANDLING_ROLES)


def is_delegation_staff(user: Any, p: Proposal) -> bool:
    """R09: staff of the proposer's delegation hand the proposal to the secretariat."""
    return (
        p.delegation is not None
        and bool(registry_policies.roles_of(user) & DELEGATION_ROLES)
        and registry_policies.organisation_in_scope(user, p.delegation, DELEGATION_ROLES)
    )


def handling_for(user: Any, p: Proposal) -> Handling | None:
    """The user's handling body's assignment on this proposal, if any."""
    if Role.HANDLING_UNIT not in registry_policies.roles_of(user):
        return None
    for h in Handling.objects.filter(proposal=p).select_related("unit"):
        if registry_policies.organisation_in_scope(user, h.unit, UNIT_ROLES):
            return h
    return None


def can_view(user: Any, p: Proposal) -> bool:
    """A draft is the deputies' own business until it is handed in."""
    if is_proposer(user, p) or is_cosigner(user, p):
        return True
    if p.status in PRIVATE_STATUSES:
        return False
    return (
        is_staff_for(user, p) or is_delegation_staff(user, p) or handling_for(user, p) is not None
    )


def answers_consultation(user: Any, c: Any) -> bool:
    """R50: the staff of the department asked (the handling-unit role over it, or over a unit
    above it) see and answer the consultation; nobody else of any department does."""
    if Role.HANDLING_UNIT not in registry_policies.roles_of(user):
        return False
    return registry_policies.organisation_in_scope(user, c.department, UNIT_ROLES)


def can_view_consultation(user: Any, c: Any) -> bool:
    """R50: the deputy who asked, and the department asked. The draft itself stays the
    deputies' own: a consultation shows what was sent with it, not the draft."""
    return deputy_id(user) == c.deputy_id or answers_consultation(user, c)
