"""Who may do what at a station. A citizen's opinion and contact data are seen only by the
people handling it: the staff of its station and the deputies it is assigned to (SPEC section
7). A deputy a citizen wrote to sees it once the staff assign it (the assign form proposes that
deputy). No other role — not even an administrator — reads it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.actor import deputy_id as deputy_id
from lvzhi.registry.models import Role

from .models import Opinion, OpinionAssignee, Station

STAFF_ROLES = frozenset({Role.STATION_STAFF})
# Who sees the statistics of every station in their scope (no contact data in them).
OVERSIGHT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF})


def staff_paths(user: Any) -> list[str]:
    """Organisation paths of the user's station-staff grants (superusers get no bypass)."""
    return sorted({g.path for g in registry_policies.grants_of(user) if g.role in STAFF_ROLES})


def is_station_staff(user: Any) -> bool:
    return bool(staff_paths(user))


def is_staff_of(user: Any, station: Station) -> bool:
    path = station.organisation.path
    return any(path.startswith(p) for p in staff_paths(user))


def staff_station_q(user: Any, prefix: str = "") -> Q:
    """Q over Station (or over a relation to it, with ``prefix``) of the user's stations."""
    paths = staff_paths(user)
    if paths and registry_policies.covers_every_root(paths):
        # Staff over the whole tree keep every station: "everything" without a join to the
        # organisations, so the opinion list's queries walk their own indexes (the overdue
        # count at `large`: 15 ms through the join, 0.9 ms from opinion_open_due; 26.2).
        return ~Q(**{f"{prefix}pk__in": []})
    q = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    for p in paths:
        q |= Q(**{f"{prefix}organisation__path__startswith": p})
    return q


def visible_q(user: Any) -> Q:
    """Q over Opinion: the opinions this user handles."""
    q = staff_station_q(user, "station__")
    d = deputy_id(user)
    if d is not None:
        q |= Q(Exists(OpinionAssignee.objects.filter(opinion=OuterRef("pk"), deputy_id=d)))
    return q


def is_assigned_deputy(user: Any, opinion: Opinion) -> bool:
    d = deputy_id(user)
    return d is not None and OpinionAssignee.objects.filter(opinion=opinion, deputy_id=d).exists()


def can_view(user: Any, opinion: Opinion) -> bool:
    return is_staff_of(user, opinion.station) or is_assigned_deputy(user, opinion)


# The same people who handle the opinion see the citizen's contact data in full.
can_reveal_contact = can_view


def can_triage(user: Any, opinion: Opinion) -> bool:
    """Assign, redirect, close: the station's staff."""
    return is_staff_of(user, opinion.station)


def can_handle(user: Any, opinion: Opinion) -> bool:
    """Answer, transfer, forward, turn into a suggestion: a deputy it is assigned to."""
    return is_assigned_deputy(user, opinion)


def can_answer_citizen(user: Any, opinion: Opinion) -> bool:
    return is_staff_of(user, opinion.station) or is_assigned_deputy(user, opinion)


def can_manage_station(user: Any, station: Station) -> bool:
    return is_staff_of(user, station)


def can_see_statistics(user: Any) -> bool:
    return is_station_staff(user) or bool(registry_policies.roles_of(user) & OVERSIGHT_ROLES)


def can_check_leaders(user: Any) -> bool:
    """R41: the office follows the station activities of deputies with leading posts."""
    return bool(registry_policies.roles_of(user) & OVERSIGHT_ROLES)


def can_set_up_stations(user: Any) -> bool:
    """R40: administrators and the office give a station organisation its public profile."""
    return bool(registry_policies.roles_of(user) & {Role.ADMIN, Role.OFFICE})
