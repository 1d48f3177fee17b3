"""Who may do what with a suggestion (plain functions of user and object)."""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Organisation, Role

from . import cosigning
from .models import Assignment, Suggestion

# Staff of the Standing Committee who receive, classify and assign (R13, R18), and follow
# key suggestions (R17).
STAFF_ROLES = frozenset(
    {Role.ADMIN, Role.OFFICE, Role.SECRETARIAT, Role.COMMITTEE, Role.DECISION_RECORDER}
)


# The lead proposer; a co-signer whose signature stands (the one co-signing machine).
is_proposer, is_cosigner = cosigning.is_lead, cosigning.is_cosigner


def is_staff_for(user: Any, s: Suggestion) -> bool:
    """Staff whose scope holds the body of the suggestion's congress."""
    if not registry_policies.roles_of(user) & STAFF_ROLES:
        return False
    body = registry_selectors.congress_body(s.term.congress_id)
    return body is not None and registry_policies.organisation_in_scope(user, body, STAFF_ROLES)


def unit_paths(user: Any) -> list[str] | None:
    return registry_policies.scope_paths(user, frozenset({Role.HANDLING_UNIT}))


def handles_for(user: Any, unit: Any) -> bool:
    """The user holds the handling-unit role over this unit (or a unit above it)."""
    if Role.HANDLING_UNIT not in registry_policies.roles_of(user):
        return False
    paths = unit_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def assignment_for(user: Any, s: Suggestion) -> Assignment | None:
    """The user's handling unit's assignment on this suggestion, if any."""
    paths = unit_paths(user)
    if paths == [] or Role.HANDLING_UNIT not in registry_policies.roles_of(user):
        return None
    qs = Assignment.objects.filter(suggestion=s).select_related("unit")
    for a in qs:
        if paths is None or any(a.unit.path.startswith(p) for p in paths):
            return a
    return None


def can_view(user: Any, s: Suggestion) -> bool:
    """A draft is the deputies' own business (the proposer and the invited co-signers) until
    it is submitted; staff and handling units see it from then on."""
    from .models import Status

    if is_proposer(user, s) or is_cosigner(user, s):
        return True
    if s.status == Status.DRAFT:
        return False
    return is_staff_for(user, s) or assignment_for(user, s) is not None or joined_by_own(user, s)


def joined_by_own(user: Any, s: Suggestion) -> bool:
    """并案: the proposer of a suggestion merged into this one follows its handling here."""
    d = deputy_id(user)
    return d is not None and s.merged.filter(proposer_id=d).exists()


def unit_in_scope(user: Any, unit: Organisation) -> bool:
    return registry_policies.organisation_in_scope(user, unit, frozenset({Role.HANDLING_UNIT}))


def can_attach(user: Any, s: Suggestion) -> bool:
    """The proposer attaches files to a draft; the lead unit to its reply while handling."""
    from .models import Status, UnitRole

    if is_proposer(user, s) and s.status == Status.DRAFT:
        return True
    a = assignment_for(user, s)
    return a is not None and a.role == UnitRole.LEAD and s.status == Status.ASSIGNED
