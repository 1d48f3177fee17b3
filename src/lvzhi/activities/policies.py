"""Who may do what between sessions (plain functions of user and object).

- Deputy groups: the electoral unit's staff and the office form them (Art 35, 39); the group
  leader (role ``group_leader`` granted on the group) and the recorded leader or deputy
  leader plan and record activities; members see their group.
- Inspections: organised by the office, committees/working bodies or electoral units
  (Art 41, 43), each within the scope of the body they work for.
- Legislation and supervision: committees and working bodies (Art 50, 53, 54), and the office.
Out of scope answers 404 like a missing record.
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.actor import actor_of
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Organisation, Role

from .models import DeputyGroup, Inspection, LegislativeProject, Research, Supervision

GROUP_STAFF_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF})
GROUP_LEAD_ROLES = frozenset({Role.GROUP_LEADER})
INSPECTION_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.COMMITTEE, Role.UNIT_STAFF})
LEGISLATION_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.COMMITTEE})
SUPERVISION_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.COMMITTEE})
# Art 63-65: the deputy-affairs body and the electoral units train deputies; the office keeps
# the learning library (Art 84.5, 87).
TRAINING_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF})
LIBRARY_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# Art 84.3, 87: the forum is for deputies; the office takes part and moderates.
MODERATOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# Art 44, 49: the staff of a handling unit answer for it.
UNIT_ROLES = frozenset({Role.HANDLING_UNIT})


def _in_scope(user: Any, org: Organisation, roles: frozenset[str]) -> bool:
    return bool(
        registry_policies.roles_of(user) & roles
    ) and registry_policies.organisation_in_scope(user, org, roles)


def can_form_group(user: Any, org: Organisation) -> bool:
    return _in_scope(user, org, GROUP_STAFF_ROLES)


def leads_group(user: Any, group: DeputyGroup) -> bool:
    d = deputy_id(user)
    if d is not None and d in (group.leader_id, group.deputy_leader_id):
        return True
    return _in_scope(user, group.organisation, GROUP_LEAD_ROLES)


def can_manage_group(user: Any, group: DeputyGroup) -> bool:
    """Plan and record activities: the leaders, and the staff who guide the group (Art 39)."""
    return leads_group(user, group) or can_form_group(user, group.organisation)


def is_member(user: Any, group: DeputyGroup) -> bool:
    return actor_of(user).serves_in_group(group.organisation_id)


def can_view_group(user: Any, group: DeputyGroup) -> bool:
    return can_manage_group(user, group) or is_member(user, group)


def can_organise_inspection(user: Any, organiser: Organisation) -> bool:
    return _in_scope(user, organiser, INSPECTION_ROLES)


def _takes_part(user: Any, rows: Any) -> bool:
    """Whether the user is a deputy among ``rows`` (participants or invitations)."""
    d = deputy_id(user)
    return d is not None and rows.filter(deputy_id=d).exists()


def can_view_inspection(user: Any, inspection: Inspection) -> bool:
    return can_organise_inspection(user, inspection.organiser) or _takes_part(
        user, inspection.participants
    )


def can_run_legislation(user: Any, committee: Organisation) -> bool:
    return _in_scope(user, committee, LEGISLATION_ROLES)


def can_view_project(user: Any, project: LegislativeProject) -> bool:
    """Staff of the committee; and every deputy of the term, to whom drafts are opened."""
    if can_run_legislation(user, project.committee):
        return True
    return actor_of(user).serves_in_term(project.term_id)


def can_run_supervision(user: Any, committee: Organisation) -> bool:
    return _in_scope(user, committee, SUPERVISION_ROLES)


def can_view_supervision(user: Any, s: Supervision) -> bool:
    return can_run_supervision(user, s.committee) or _takes_part(user, s.invitations)


def can_organise_training(user: Any, organiser: Organisation) -> bool:
    return _in_scope(user, organiser, TRAINING_ROLES)


def can_manage_library(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & LIBRARY_ROLES)


def can_use_library(user: Any) -> bool:
    return can_manage_library(user) or deputy_id(user) is not None


def can_moderate(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & MODERATOR_ROLES)


def can_use_forum(user: Any) -> bool:
    return can_moderate(user) or deputy_id(user) is not None


def can_view_research(user: Any, r: Research) -> bool:
    return can_organise_inspection(user, r.organiser) or _takes_part(user, r.participants)


def can_answer_for_unit(user: Any, unit: Organisation) -> bool:
    """Issue 22.3: a handling unit's staff (role ``handling_unit`` granted on the unit or above
    it) read and answer what was addressed to their unit: inspection opinions routed to it,
    research reports forwarded to it."""
    return _in_scope(user, unit, UNIT_ROLES)


def is_unit_staff(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & UNIT_ROLES)
