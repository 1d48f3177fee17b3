"""Who may do what with a meeting (plain functions of user and object)."""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Deputy, Role

from .models import Meeting, MeetingKind, Participant

# The session secretariat runs a congress session; the Standing Committee office runs its
# meetings (and helps with the session).
SESSION_STAFF = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARIAT})
SC_STAFF = frozenset({Role.ADMIN, Role.OFFICE})
ANY_STAFF = SESSION_STAFF | SC_STAFF
# R01 (Art 3): the delegation (electoral unit staff) approves its deputies' leave.
LEAVE_ROLES = frozenset({Role.ADMIN, Role.UNIT_STAFF})


def staff_roles(meeting: Meeting) -> frozenset[str]:
    return SESSION_STAFF if meeting.kind == MeetingKind.SESSION else SC_STAFF


def is_staff_for(user: Any, meeting: Meeting) -> bool:
    roles = staff_roles(meeting)
    if not registry_policies.roles_of(user) & roles:
        return False
    body = registry_selectors.congress_body(meeting.congress_id)
    return body is not None and registry_policies.organisation_in_scope(user, body, roles)


def is_any_staff(user: Any) -> bool:
    return bool(registry_policies.roles_of(user) & ANY_STAFF)


def participant_of(user: Any, meeting: Meeting) -> Participant | None:
    d = deputy_id(user)
    if d is None:
        return None
    return Participant.objects.filter(meeting=meeting, deputy_id=d).first()


def can_view(user: Any, meeting: Meeting) -> bool:
    return is_staff_for(user, meeting) or participant_of(user, meeting) is not None


def can_decide_leave(user: Any, deputy: Deputy) -> bool:
    return registry_policies.deputy_in_scope(user, deputy, LEAVE_ROLES)
