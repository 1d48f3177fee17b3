"""Who may do what in the registry: plain functions of (user, object).

Scope follows the organisation tree (SPEC section 1): a role granted on an organisation covers
that organisation and everything below it. A record outside one's scope is treated exactly
like a missing one (404), see ``selectors.get_deputy_for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .models import Deputy, Organisation, OrgKind, Role, RoleAssignment

# Roles that may open the staff deputy directory.
DIRECTORY_ROLES = frozenset(
    {Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF, Role.SECRETARIAT, Role.COMMITTEE}
)
# Art 89 (R46): electoral units maintain their deputies' data; the office and admins too.
EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT_STAFF})
# Full ID and phone numbers are never shown outside the owning unit (SPEC section 2).
REVEAL_ROLES = frozenset({Role.ADMIN, Role.UNIT_STAFF})
IMPORT_ROLES = EDIT_ROLES
AUDIT_ROLES = frozenset({Role.ADMIN})
DELIVERY_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


# A role granted on a body of a Standing Committee (its office, a committee, the session
# secretariat …) works for the whole Standing Committee: its scope is the body's parent.
BODY_KINDS = frozenset(
    {
        OrgKind.OFFICE,
        OrgKind.DEPUTY_AFFAIRS,
        OrgKind.WORKING_BODY,
        OrgKind.SPECIAL_COMMITTEE,
        OrgKind.SECRETARIAT,
    }
)


@dataclass(frozen=True)
class Grant:
    role: str
    organisation_id: int
    path: str


def grants_of(user: Any) -> list[Grant]:
    """The user's role grants, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Grant] | None = getattr(user, "_lvzhi_grants", None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user=user).values_list(
            "role",
            "organisation_id",
            "organisation__path",
            "organisation__kind",
            "organisation__parent__path",
        )
        cached = [
            Grant(role=r, organisation_id=o, path=parent if kind in BODY_KINDS and parent else path)
            for r, o, path, kind, parent in rows
        ]
        user._lvzhi_grants = cached
    return cached


def roles_of(user: Any) -> set[str]:
    roles = {g.role for g in grants_of(user)}
    if getattr(user, "is_authenticated", False) and _deputy_id(user) is not None:
        roles.add(Role.DEPUTY)
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def _deputy_id(user: Any) -> int | None:
    cached = getattr(user, "_lvzhi_deputy_id", False)
    if cached is False:
        cached = Deputy.objects.filter(user=user).values_list("id", flat=True).first()
        user._lvzhi_deputy_id = cached
    return cached if isinstance(cached, int) else None


def own_deputy_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return _deputy_id(user)


def scope_paths(user: Any, roles: frozenset[str]) -> list[str] | None:
    """Path prefixes the user's grants of ``roles`` cover; ``None`` means everything."""
    if getattr(user, "is_superuser", False):
        return None
    paths = sorted({g.path for g in grants_of(user) if g.role in roles})
    # Drop paths already covered by a shorter one.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def membership_scope_q(user: Any, roles: frozenset[str], prefix: str = "") -> Q:
    """Q over Membership (or over a relation to it, with ``prefix``) limited to the scope."""
    paths = scope_paths(user, roles)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    if covers_every_root(paths):
        # The prefecture's office covers the whole tree: every unit is in scope, so "has a
        # unit" says the same as the subquery over 100,000 organisations (large scale), free.
        return Q(**{f"{prefix}electoral_unit__isnull": False}) | Q(
            **{f"{prefix}delegation__isnull": False}
        )
    # Subqueries over the (small) organisation table keep the big membership query free of
    # joins, so the planner can walk the membership indexes (docs/performance.md).
    in_scope = Organisation.objects.filter(subtree_q(paths)).values("id")
    return Q(**{f"{prefix}electoral_unit_id__in": in_scope}) | Q(
        **{f"{prefix}delegation_id__in": in_scope}
    )


ROOT_PATHS_CACHE_KEY = "registry:root-paths"
ROOT_PATHS_CACHE_SECONDS = 60


def root_paths() -> list[str]:
    """Paths of the organisations without a parent (the prefecture's Standing Committee, in
    practice the only one). Cached for a minute; saving or deleting a root forgets it
    (registry.apps)."""
    from django.core.cache import cache

    found = cache.get(ROOT_PATHS_CACHE_KEY)
    if found is None:
        found = list(
            Organisation.objects.filter(parent__isnull=True).values_list("path", flat=True)
        )
        cache.set(ROOT_PATHS_CACHE_KEY, found, ROOT_PATHS_CACHE_SECONDS)
    return list(found)


def covers_every_root(paths: list[str]) -> bool:
    """Whether these scope paths hold every organisation there is."""
    roots = root_paths()
    return bool(roots) and all(any(r.startswith(p) for p in paths) for r in roots)


def subtree_q(paths: list[str]) -> Q:
    """Organisations inside any of the subtrees whose root paths are given."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def can_use_directory(user: Any) -> bool:
    return bool(roles_of(user) & DIRECTORY_ROLES)


def organisation_in_scope(user: Any, organisation: Organisation, roles: frozenset[str]) -> bool:
    paths = scope_paths(user, roles)
    return paths is None or any(organisation.path.startswith(p) for p in paths)


def deputy_in_scope(user: Any, deputy: Deputy, roles: frozenset[str]) -> bool:
    from .models import Membership

    if not roles_of(user) & roles:
        return False
    return Membership.objects.filter(membership_scope_q(user, roles), deputy=deputy).exists()


def can_view_deputy(user: Any, deputy: Deputy) -> bool:
    return own_deputy_id(user) == deputy.pk or deputy_in_scope(user, deputy, DIRECTORY_ROLES)


def can_edit_deputy(user: Any, deputy: Deputy) -> bool:
    return deputy_in_scope(user, deputy, EDIT_ROLES)


def can_reveal_personal_data(user: Any, deputy: Deputy) -> bool:
    """The owning unit (and administrators) may see full numbers; a deputy sees their own."""
    return own_deputy_id(user) == deputy.pk or deputy_in_scope(user, deputy, REVEAL_ROLES)


def can_import(user: Any) -> bool:
    return bool(roles_of(user) & IMPORT_ROLES)


def can_browse_audit(user: Any) -> bool:
    return bool(roles_of(user) & AUDIT_ROLES)


# Roles whose holders work on others' records: they sign in with a second factor (MLPS 2.0
# level 3). Deputies, group leaders and Standing Committee members may opt in.
SECOND_FACTOR_EXEMPT_ROLES = frozenset({Role.DEPUTY, Role.GROUP_LEADER, Role.SC_MEMBER})


def oversees_deliveries(user: Any) -> bool:
    """The office and administrators see failed notification deliveries and send them again
    (the list shows no notification's text)."""
    return bool(roles_of(user) & DELIVERY_ROLES)


def requires_second_factor(user: Any) -> bool:
    return any(role not in SECOND_FACTOR_EXEMPT_ROLES for role in roles_of(user))


# Who schedules the sessions of a congress and sets their proposal deadline (R09): the office
# and the session secretariat of its Standing Committee (or township presidium), and admins.
SESSION_ROLES = frozenset({Role.OFFICE, Role.SECRETARIAT, Role.ADMIN})


# Who administers the staff accounts of an organisation (issue 21): administrators, and the
# Standing Committee office for the organisations in its scope (its units, handling units and
# stations). A deputy's account is looked after by the staff who edit the deputy's data.
STAFF_ADMIN_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def can_administer_account(actor: Any, user: Any) -> bool:
    if Role.ADMIN in roles_of(actor):
        return True
    if getattr(user, "is_superuser", False) or user.pk == getattr(actor, "pk", None):
        return False
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is not None:
        return can_edit_deputy(actor, deputy)
    grants = RoleAssignment.objects.filter(user=user).select_related("organisation")
    return bool(roles_of(actor) & STAFF_ADMIN_ROLES) and any(
        g.role != Role.ADMIN and organisation_in_scope(actor, g.organisation, STAFF_ADMIN_ROLES)
        for g in grants
    )


def can_administer_organisation(actor: Any, organisation: Organisation) -> bool:
    """Invite staff to ``organisation`` and grant them roles there (not the administrator
    role, which only administrators grant)."""
    if Role.ADMIN in roles_of(actor):
        return True
    return bool(roles_of(actor) & STAFF_ADMIN_ROLES) and organisation_in_scope(
        actor, organisation, STAFF_ADMIN_ROLES
    )


def keeps_calendar(user: Any) -> bool:
    """Issue 28.2c: the office (and administrators) keep the working-day calendar the deadlines
    of suggestions and opinions are counted in (``core.workdays``)."""
    return bool(roles_of(user) & {Role.OFFICE, Role.ADMIN})


# The person picker (issue 22.2): staff find the deputies of their scope; a deputy finds the
# deputies serving with them in their current terms (to invite co-signers); a handling unit
# finds the serving deputies of its own level's congress.
PICKER_STAFF_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.OFFICE,
        Role.SECRETARIAT,
        Role.DECISION_RECORDER,
        Role.COMMITTEE,
        Role.UNIT_STAFF,
        Role.SC_MEMBER,
        Role.STATION_STAFF,
        Role.GROUP_LEADER,
    }
)


def can_use_pickers(user: Any) -> bool:
    return bool(roles_of(user))


def pickable_seats_q(user: Any) -> Q:
    """Q over Membership: the seats whose deputies the user's person picker may find."""
    from .models import Membership, MembershipStatus

    roles = roles_of(user)
    q = Q(pk__in=[])
    staff = frozenset(roles & PICKER_STAFF_ROLES)
    if staff:
        q |= membership_scope_q(user, staff)
    own = own_deputy_id(user)
    if own is not None:
        q |= Q(
            term_id__in=Membership.objects.filter(
                deputy_id=own, status=MembershipStatus.SERVING, term__is_current=True
            ).values("term_id")
        )
    if Role.STATION_STAFF in roles:
        # A station's keepers enter the deputies of its county (a prefecture home: of its
        # area), as stations.selectors.entry_candidates does.
        stations = Organisation.objects.filter(
            pk__in=[g.organisation_id for g in grants_of(user) if g.role == Role.STATION_STAFF]
        ).select_related("division")
        for station in stations:
            division = station.division
            if division is not None:
                width = 6 if division.level in ("county", "township") else 4
                q |= Q(electoral_unit__division__code__startswith=division.code[:width])
    if Role.HANDLING_UNIT in roles:
        divisions = Organisation.objects.filter(
            pk__in=[g.organisation_id for g in grants_of(user) if g.role == Role.HANDLING_UNIT]
        ).values("division_id")
        q |= Q(term__is_current=True, term__congress__division_id__in=divisions)
    return q & Q(status=MembershipStatus.SERVING)
