"""Read queries shared by pages, exports and (later) the API. Each fixes its number of
queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    Count,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from lvzhi.core import events
from lvzhi.core.errors import NotFound
from lvzhi.core.events import Event
from lvzhi.core.models import Division, DivisionLevel, division_filter_code
from lvzhi.core.pagination import two_phase_page
from lvzhi.core.text import clean_text

from . import events as seat_events
from . import policies, rules
from .models import (
    Congress,
    Deputy,
    Level,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Session,
    Term,
    sort_key_sql,
)


@dataclass
class DirectoryFilters:
    q: str = ""
    level: str = ""
    division: str = ""  # a division code: county (6 digits) or township (9 digits)
    delegation: int | None = None
    group: str = ""
    ethnicity: str = ""
    occupation_category: str = ""
    grassroots: str = ""  # "", "yes", "no"
    status: str = "serving"
    account: str = ""  # an AccountState value (issue 21)


DIRECTORY_RELATED = ("deputy__user", "electoral_unit", "delegation", "deputy_group")
# The columns the directory's rows show (registry/_deputy_rows.html), and the account's that
# ``account_state`` reads: a page built every column of seven joined tables (issue 26.2).
DIRECTORY_ROW_FIELDS = (
    "deputy_id",
    "level",
    "status",
    "electoral_unit__name",
    "delegation__name",
    "deputy_group__name",
    "deputy__name",
    "deputy__gender",
    "deputy__ethnicity",
    "deputy__occupation_category",
    "deputy__is_grassroots",
    "deputy__user__is_active",
    "deputy__user__locked_until",
    "deputy__user__password",
)


# Where a name search reads a deputy's name, pinyin initials and pinyin: on the deputy, or on
# a seat's copies of them (``seat_copies``; the sort key starts with the whole pinyin).
DEPUTY_NAME = ("name", "name_initials", "name_pinyin")
SEAT_NAME = ("deputy_name", "deputy_initials", "sort_key")


def _name_q(q: str, prefix: str = "", columns: tuple[str, str, str] = DEPUTY_NAME) -> Q:
    """Deputies by name (through ``prefix``, ending with ``__``): Latin letters by the start
    of the initials or of the pinyin, anything else by substring."""
    name, initials, pinyin = (f"{prefix}{c}" for c in columns)
    ascii_q = q.lower().replace(" ", "")
    if ascii_q.isascii() and ascii_q.isalpha():
        return Q(**{f"{initials}__startswith": ascii_q}) | Q(**{f"{pinyin}__startswith": ascii_q})
    return Q(**{f"{name}__contains": q})


def _seats_in(
    seats: QuerySet[Membership], level: str, division: str, delegation: int | None
) -> QuerySet[Membership]:
    """Seats at a level, in a division (the electoral unit's division code starts with it)
    and of a delegation; an empty filter keeps all."""
    if level:
        seats = seats.filter(level=level)
    if division:
        seats = seats.filter(
            electoral_unit_id__in=Organisation.objects.filter(
                division__code__startswith=division
            ).values("id")
        )
    if delegation:
        seats = seats.filter(delegation_id=delegation)
    return seats


def directory(user: Any, filters: DirectoryFilters) -> QuerySet[Membership]:
    """Memberships the user may see in the staff directory, filtered and sorted by pinyin.

    Only the filters; callers add ``select_related(*DIRECTORY_RELATED)`` for the rows they
    show (``directory_page`` does it for one page only).
    """
    qs = Membership.objects.filter(policies.membership_scope_q(user, policies.DIRECTORY_ROLES))
    if not policies.can_use_directory(user):
        return qs.none()
    # The seats are sorted by ``sort_key``, a copy of ``sort_key_for(deputy)``. Filtered by
    # ethnicity, the same order is read from the deputies' side (index deputy_ethnicity_walk):
    # the walk by seats looked up the deputy of every seat it passed over (6,609 for the first
    # page of township + Kazakh at the large scale), the walk by deputies visits only those of
    # the ethnicity. The join of its own keeps the deputy's id in the key (the index's).
    deputy = "deputy__"
    order: tuple[Any, ...] = ("sort_key", "id")
    if filters.ethnicity:
        qs = qs.alias(walked_deputy=FilteredRelation("deputy"))
        deputy = "walked_deputy__"
        order = (sort_key_sql(deputy), "id")
    q = filters.q.strip()
    if q:
        # Walking the seats, the seat's copies of the name, read from the walk's index (issue
        # 26.2: the first page of '马' looked up 3,943 deputies); walking the deputies, theirs.
        qs = qs.filter(_name_q(q, deputy) if filters.ethnicity else _name_q(q, "", SEAT_NAME))
    qs = _seats_in(qs, filters.level, filters.division, filters.delegation)
    if filters.group.strip():
        qs = qs.filter(
            deputy_group_id__in=Organisation.objects.filter(
                kind=OrgKind.DEPUTY_GROUP, name__contains=filters.group.strip()
            ).values("id")
        )
    if filters.ethnicity:
        qs = qs.filter(**{f"{deputy}ethnicity": filters.ethnicity})
    if filters.occupation_category:
        qs = qs.filter(**{f"{deputy}occupation_category": filters.occupation_category})
    if filters.grassroots in ("yes", "no"):
        qs = qs.filter(**{f"{deputy}is_grassroots": filters.grassroots == "yes"})
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.account:
        qs = qs.filter(account_state_q(filters.account, f"{deputy}user__"))
    return qs.order_by(*order)


def account_state_q(state: str, prefix: str = "") -> Q:
    """Accounts in a given state (see ``services.account_state``), as a filter over a relation
    to the account (``prefix`` ends with ``__``): the same five states, answered in SQL."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from lvzhi.core import clock

    from .models import AccountState

    now = clock.now()
    if state == AccountState.NONE:
        return Q(**{f"{prefix}isnull": True})
    active = Q(**{f"{prefix}is_active": True})
    locked = Q(**{f"{prefix}locked_until__gt": now})
    unusable = Q(**{f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX})
    if state == AccountState.DISABLED:
        return Q(**{f"{prefix}is_active": False})
    if state == AccountState.LOCKED:
        return active & locked
    if state == AccountState.INVITED:
        return active & ~locked & unusable
    if state == AccountState.ACTIVE:
        return active & ~locked & ~unusable & Q(**{f"{prefix}isnull": False})
    return Q()


def directory_page(user: Any, filters: DirectoryFilters, number: Any, size: int) -> Page:
    """One page of the directory; the sort-key index answers the ids (core.pagination)."""
    return two_phase_page(
        directory(user, filters),
        number,
        size,
        DIRECTORY_RELATED,
        cap=rules.DIRECTORY_COUNT_CAP,
        fields=DIRECTORY_ROW_FIELDS,
    )


def directory_divisions() -> QuerySet[Division]:
    """The divisions the directory's division filter chooses from: counties and cities with
    their region, each with ``filter_code``, the start of the codes it keeps (a region's first
    four digits, a county's whole code). The filter's picker searches them (issue 22.2)."""
    region = DivisionLevel.REGION
    return (
        Division.objects.filter(level__in=[region, DivisionLevel.COUNTY])
        .annotate(filter_code=division_filter_code())
        .select_related("parent")  # the picker's hint names it
    )


def division_choices() -> list[tuple[str, str]]:
    """Counties and cities (with their region) as (code prefix, name) pairs, for the public
    portal's and the public station list's county filters."""
    # Values, not models: a large prefecture has some 1,800 of them, and building a model each
    # cost the directory 8-15 ms a request (issue 26.2). (The type checker does not see the
    # annotation through the returned QuerySet[Division].)
    rows = directory_divisions().order_by("code").values_list("filter_code", "name")  # type: ignore[misc]
    return list(rows)


def directory_delegations(user: Any) -> QuerySet[Organisation]:
    """The delegations the directory's delegation filter chooses from: those in the user's
    directory scope."""
    paths = policies.scope_paths(user, policies.DIRECTORY_ROLES)
    qs = Organisation.objects.filter(kind=OrgKind.DELEGATION)
    if paths is not None:
        qs = qs.filter(policies.subtree_q(paths))
    return qs


def get_deputy_for_user(user: Any, pk: int) -> Deputy:
    """Fetch and authorise at once: missing and out-of-scope answer the same NotFound."""
    deputy = (
        Deputy.objects.filter(pk=pk)
        .prefetch_related(
            "expertise",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related(
                    "term__congress__division", "electoral_unit", "delegation", "deputy_group"
                ),
            ),
        )
        .first()
    )
    if deputy is None or not policies.can_view_deputy(user, deputy):
        raise NotFound(_("No such deputy."))
    return deputy


@dataclass(frozen=True)
class SeatStep:
    """One line of a seat's status history: the status it took, the date that took effect, the
    reason and the document, and who recorded it when (from the event log)."""

    on: dt.date
    status: str
    status_label: str
    reason: str
    document_no: str
    recorded_by: str
    recorded_at: dt.datetime


def seats_with_history(deputy: Deputy) -> list[tuple[Membership, list[SeatStep]]]:
    """The deputy's seats (as fetched by ``get_deputy_for_user``), each with its status history
    from the event log: one query for all the seats, ordered by the date each step took effect,
    then by the order it was recorded."""
    seats = list(deputy.memberships.all())
    steps: dict[int, list[SeatStep]] = {m.pk: [] for m in seats}
    if seats:
        rows = Event.objects.filter(
            subject_type=events.subject_type(Membership),
            subject_id__in=list(steps),
            kind__in=seat_events.SEAT_KINDS,
        ).order_by("id")
        labels = dict(MembershipStatus.choices)
        found = []
        for e in rows:
            data = e.data or {}
            status = str(data.get("status", ""))
            step = SeatStep(
                on=dt.date.fromisoformat(str(data["on"])),
                status=status,
                status_label=str(labels.get(status, status)),
                reason=str(data.get("reason") or ""),
                document_no=str(data.get("document_no") or ""),
                recorded_by=e.actor_label,
                recorded_at=e.occurred_at,
            )
            found.append((step.on, e.pk, e.subject_id, step))
        for _on, _pk, seat_id, step in sorted(found, key=lambda t: t[:2]):
            steps[seat_id].append(step)
    return [(m, steps[m.pk]) for m in seats]


def electoral_units_for(user: Any) -> QuerySet[Organisation]:
    """Electoral units the user may register deputies in."""
    qs = Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT).select_related(
        "congress", "division"
    )
    paths = policies.scope_paths(user, policies.EDIT_ROLES)
    if paths is None:
        return qs
    return qs.filter(policies.subtree_q(paths))


def accounts(q: str = "", role: str = "") -> QuerySet[Any]:
    """Accounts for the administrators' list, with roles and organisations prefetched."""
    from lvzhi.core.models import User

    from .models import RoleAssignment

    qs = User.objects.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("organisation"))
    ).select_related("deputy")
    if q.strip():
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(display_name__contains=q.strip()))
    if role == "deputy":
        qs = qs.filter(deputy__isnull=False)
    elif role:
        qs = qs.filter(role_assignments__role=role).distinct()
    return qs.order_by("username")


def congress_body(congress_id: int) -> Organisation | None:
    """The Standing Committee (or township presidium) that works for a congress."""
    return (
        Organisation.objects.filter(
            congress_id=congress_id,
            kind__in=[OrgKind.STANDING_COMMITTEE, OrgKind.TOWNSHIP_PRESIDIUM],
        )
        .order_by("path")
        .first()
    )


def organ_name(congress_id: int | None, kind: str = OrgKind.DEPUTY_AFFAIRS) -> str:
    """The name a document of the congress is issued under (core.documents: the author and
    the signature): its body of ``kind`` (the office, the deputy-affairs body), else the
    Standing Committee itself, else the platform's own name."""
    if congress_id is not None:
        for org in Organisation.objects.filter(
            congress_id=congress_id,
            kind__in=[kind, OrgKind.STANDING_COMMITTEE, OrgKind.TOWNSHIP_PRESIDIUM],
            is_active=True,
        ).order_by("path"):
            if org.kind == kind:
                return org.name
        body = congress_body(congress_id)
        if body is not None:
            return body.name
    return str(_("People's congress deputy duty platform"))


def is_serving(deputy_id: int, term_id: int) -> bool:
    """Does the deputy hold a serving seat in the term?"""
    from .models import MembershipStatus

    return Membership.objects.filter(
        deputy_id=deputy_id, term_id=term_id, status=MembershipStatus.SERVING
    ).exists()


def deputies_serving_in(term_id: int) -> QuerySet[Deputy]:
    from .models import MembershipStatus

    return Deputy.objects.filter(
        memberships__term_id=term_id, memberships__status=MembershipStatus.SERVING
    ).order_by("name_pinyin")


def handling_units(division_ids: Iterable[int] | None = None) -> QuerySet[Organisation]:
    """The active handling units (government and its departments, supervisory commission,
    court, procuratorate), in tree order; with ``division_ids`` only those of these divisions
    — the organs of the same level as a congress (R13: a congress's suggestions go to the
    organs of its own level)."""
    from .models import HANDLING_UNIT_KINDS

    qs = Organisation.objects.filter(kind__in=HANDLING_UNIT_KINDS, is_active=True)
    if division_ids is not None:
        qs = qs.filter(division_id__in=list(division_ids))
    return qs.order_by("path")


def congress_choices(congresses: QuerySet[Congress], chosen: Congress | None) -> list[Congress]:
    """What a congress picker offers out of ``congresses``: every prefecture and county
    congress, and the township congresses of the chosen one's county (pick the county, then
    its township). A large prefecture has 17,000 township congresses; a county a dozen."""
    wanted = Q(level__in=[Level.PREFECTURE, Level.COUNTY])
    if chosen is not None:
        wanted |= Q(pk=chosen.pk)
        county = (
            chosen.division_id
            if chosen.level == Level.COUNTY
            else chosen.division.parent_id
            if chosen.level == Level.TOWNSHIP
            else None
        )
        if county is not None:
            wanted |= Q(division__parent_id=county)
    # Only what a choice shows and tells apart (issue 26.2: a large prefecture has 1,700
    # county congresses; their divisions are not read).
    chosen_rows = congresses.filter(wanted).select_related(None).only("id", "name", "level")
    return list(chosen_rows.order_by("division__code"))


def congress_ids_in_scope(user: Any, roles: frozenset[str]) -> Any:
    """Ids of the congresses whose Standing Committee (or presidium) lies in the scope;
    a subquery, or ``None`` for everything."""
    paths = policies.scope_paths(user, roles)
    bodies = Organisation.objects.filter(
        kind__in=[OrgKind.STANDING_COMMITTEE, OrgKind.TOWNSHIP_PRESIDIUM], congress__isnull=False
    )
    if paths is None or policies.covers_every_root(paths):
        # Every congress's Standing Committee or presidium lies in the tree: all of them.
        return None
    return bodies.filter(policies.subtree_q(paths)).values("congress_id")


def organisation_ids_in_scope(user: Any, roles: frozenset[str]) -> Any:
    """Ids of the organisations in the scope (a subquery), or ``None`` for everything."""
    paths = policies.scope_paths(user, roles)
    if paths is None or policies.covers_every_root(paths):
        return None
    return Organisation.objects.filter(policies.subtree_q(paths)).values("id")


def current_terms_of_deputy(deputy_id: int) -> QuerySet[Term]:
    from .models import MembershipStatus

    return (
        Term.objects.filter(
            memberships__deputy_id=deputy_id,
            memberships__status=MembershipStatus.SERVING,
            is_current=True,
        )
        .select_related("congress__division")
        .order_by("congress__division__code")
    )


def deputy_users(deputy_ids: Iterable[Any]) -> list[Any]:
    """The active accounts of these deputies (ids, or a query of ids; those without an account,
    or whose account is deactivated, are left out): who a notice to deputies reaches
    (``core.notices`` rows)."""
    from lvzhi.core.models import User

    ids = deputy_ids if isinstance(deputy_ids, QuerySet) else list(deputy_ids)
    return list(User.objects.filter(deputy__in=ids, is_active=True).order_by("pk"))


def users_with_role_over(organisation: Organisation, roles: frozenset[str]) -> Any:
    """Accounts holding one of ``roles`` on the organisation or on one of its ancestors."""
    from lvzhi.core.models import User

    from .models import PATH_STEP

    prefixes = [
        organisation.path[:i] for i in range(PATH_STEP, len(organisation.path) + 1, PATH_STEP)
    ]
    # A grant on a body of a Standing Committee covers the committee (policies.BODY_KINDS).
    covering = Q(role_assignments__organisation__path__in=prefixes) | Q(
        role_assignments__organisation__kind__in=policies.BODY_KINDS,
        role_assignments__organisation__parent__path__in=prefixes,
    )
    return User.objects.filter(
        covering, is_active=True, role_assignments__role__in=roles
    ).distinct()


def users_with_role_over_many(
    organisation_ids: Any, roles: frozenset[str]
) -> dict[int, tuple[int, ...]]:
    """``users_with_role_over`` for many organisations at once, in two queries whatever their
    number (periodic jobs): organisation id → the ids of the active accounts holding one of
    ``roles`` on it or on one of its ancestors (a grant on a body of a Standing Committee
    covering the committee, as there)."""
    from .models import PATH_STEP, RoleAssignment

    paths = dict(
        Organisation.objects.filter(pk__in=list(organisation_ids)).values_list("pk", "path")
    )
    prefixes = {
        path[:i] for path in paths.values() for i in range(PATH_STEP, len(path) + 1, PATH_STEP)
    }
    holders: dict[str, set[int]] = {}
    for user_id, path, kind, parent_path in RoleAssignment.objects.filter(
        Q(organisation__path__in=prefixes)
        | Q(organisation__kind__in=policies.BODY_KINDS, organisation__parent__path__in=prefixes),
        role__in=roles,
        user__is_active=True,
    ).values_list(
        "user_id", "organisation__path", "organisation__kind", "organisation__parent__path"
    ):
        holders.setdefault(path, set()).add(user_id)
        if kind in policies.BODY_KINDS and parent_path:
            holders.setdefault(parent_path, set()).add(user_id)
    out: dict[int, tuple[int, ...]] = {}
    for pk, path in paths.items():
        users: set[int] = set()
        for i in range(PATH_STEP, len(path) + 1, PATH_STEP):
            users |= holders.get(path[:i], set())
        out[pk] = tuple(sorted(users))
    return out


def congress_bodies(congress_ids: Any) -> dict[int, int]:
    """``congress_body`` for many congresses in one query: congress id → its body's id."""
    out: dict[int, int] = {}
    for congress_id, pk in (
        Organisation.objects.filter(
            congress_id__in=list(congress_ids),
            kind__in=[OrgKind.STANDING_COMMITTEE, OrgKind.TOWNSHIP_PRESIDIUM],
        )
        .order_by("-path")
        .values_list("congress_id", "pk")
    ):
        out[congress_id] = pk  # ordered by path descending: the first by path wins
    return out


def sessions_in_scope(user: Any) -> QuerySet[Session]:
    """Sessions of the current terms of the congresses the user schedules (R09)."""
    qs = Session.objects.filter(term__is_current=True).select_related("term__congress__division")
    qs = _scheduled_by(user, qs, "term__congress_id")
    return qs.order_by("term__congress__division__code", "term_id", "number")


def terms_in_scope(user: Any) -> QuerySet[Term]:
    qs = Term.objects.filter(is_current=True).select_related("congress__division")
    return _scheduled_by(user, qs, "congress_id").order_by("congress__division__code")


def _scheduled_by(user: Any, qs: QuerySet[Any], congress: str) -> QuerySet[Any]:
    """``qs`` narrowed to the congresses (``congress`` names the field) the user schedules
    sessions for (R09); none for a user without a scheduling role."""
    congresses = congress_ids_in_scope(user, policies.SESSION_ROLES)
    if not policies.roles_of(user) & policies.SESSION_ROLES:
        return qs.none()
    if congresses is not None:
        qs = qs.filter(**{f"{congress}__in": congresses})
    return qs


def term_list(user: Any, *, q: str = "") -> QuerySet[Term]:
    """Every term (届) of the congresses in the user's directory scope, newest first within
    each congress; ``q`` matches the congress's place name."""
    if not policies.can_use_directory(user):
        return Term.objects.none()
    qs = Term.objects.select_related("congress__division")
    congresses = congress_ids_in_scope(user, policies.DIRECTORY_ROLES)
    if congresses is not None:
        qs = qs.filter(congress_id__in=congresses)
    if q:
        qs = qs.filter(congress__division__name__contains=q)
    return qs.order_by("congress__division__code", "-number")


def serving_counts(term_ids: list[int]) -> dict[int, int]:
    """Deputies serving now, per term: one grouped query for a page of terms."""
    from .models import Membership, MembershipStatus

    rows = (
        Membership.objects.filter(term_id__in=term_ids, status=MembershipStatus.SERVING)
        .values("term_id")
        .annotate(n=Count("id"))
    )
    return {r["term_id"]: r["n"] for r in rows}


# ---- public (portal and open API): anyone may read these, so only public fields ----------

PUBLIC_SEAT_RELATED = (
    "term__congress__division",
    "electoral_unit__division",
    "delegation",
    "deputy_group",
)


@dataclass
class PublicFilters:
    q: str = ""
    level: str = ""
    division: str = ""  # a division code prefix: county (6 digits) or township (9 digits)
    delegation: int | None = None


def public_seats() -> QuerySet[Membership]:
    """Seats shown to the public: serving, in a current term (Art 86: the deputies' list)."""
    return Membership.objects.filter(status=MembershipStatus.SERVING, term__is_current=True)


def public_deputies(filters: PublicFilters | None = None) -> QuerySet[Deputy]:
    """Deputies with a public seat, sorted by pinyin; each carries ``public_seats`` (prefetched:
    the list costs the same number of queries whatever its length). Callers show only public
    fields: never ID numbers, phone numbers or birth dates."""
    f = filters or PublicFilters()
    seats = _seats_in(public_seats(), f.level, f.division, f.delegation)
    qs = Deputy.objects.filter(pk__in=seats.values("deputy_id"))
    q = clean_text(f.q, 32)
    if q:
        qs = qs.filter(_name_q(q))
    return (
        qs.only("id", "name", "name_pinyin", "gender", "ethnicity", "position", "public_contact")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=public_seats()
                .select_related(*PUBLIC_SEAT_RELATED)
                .order_by("term__congress__division__code", "id"),
                to_attr="public_seats",
            )
        )
        .order_by("name_pinyin", "id")
    )


def public_deputy(pk: int) -> Deputy:
    """One deputy of the public list, or NotFound (a former deputy is not listed)."""
    deputy = public_deputies().filter(pk=pk).first()
    if deputy is None:
        raise NotFound(_("No such deputy."))
    return deputy


def public_delegations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrgKind.DELEGATION, is_active=True).order_by("path")


def public_organisations(kind: str = "", parent: int | None = None) -> QuerySet[Organisation]:
    """The organisation tree (congresses' bodies, delegations, units, stations) is public."""
    qs = Organisation.objects.filter(is_active=True).select_related("division")
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs.order_by("path", "id")


def count_at_most(qs: QuerySet[Any], limit: int) -> int:
    """How many rows, counting no further than ``limit`` (a cheap "is it large?")."""
    return qs.order_by()[:limit].count()


def pickable_deputies(user: Any, term_id: int | None = None) -> QuerySet[Deputy]:
    """The deputies the user's person picker may find (``policies.pickable_seats_q``), in
    one term if given."""
    seats = Membership.objects.filter(policies.pickable_seats_q(user))
    if term_id is not None:
        seats = seats.filter(term_id=term_id)
    return Deputy.objects.filter(pk__in=seats.values("deputy_id"))


def pickable_organisations(
    user: Any,
    *,
    kinds: list[str] | None = None,
    within: int | None = None,
    divisions: list[int] | None = None,
) -> QuerySet[Organisation]:
    """The organisations the organisation picker may find: the active ones (the tree itself
    is no secret to a user with a role: the portal lists delegations and units), narrowed to
    some kinds, one subtree or some divisions as the form asks."""
    if not policies.can_use_pickers(user):
        return Organisation.objects.none()
    qs = Organisation.objects.filter(is_active=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if within is not None:
        root = Organisation.objects.filter(pk=within).values_list("path", flat=True).first()
        qs = qs.filter(path__startswith=root) if root else qs.none()
    if divisions:
        qs = qs.filter(division_id__in=divisions)
    return qs


def pickable_terms(user: Any, *, current: bool = False) -> QuerySet[Term]:
    """Terms the term picker may find: those of the congresses in the user's scope (staff);
    the names of congresses are no secret, the scope only keeps the list to one's work."""
    if not policies.can_use_pickers(user):
        return Term.objects.none()
    qs = Term.objects.all()
    if current:
        qs = qs.filter(is_current=True)
    paths = policies.scope_paths(user, policies.PICKER_STAFF_ROLES)
    if paths is None or (paths and policies.covers_every_root(paths)):
        return qs
    if not paths:
        return qs.filter(
            pk__in=Membership.objects.filter(policies.pickable_seats_q(user)).values("term_id")
        )
    organisations = Organisation.objects.filter(policies.subtree_q(paths)).values("congress_id")
    return qs.filter(congress_id__in=organisations)


def pickable_divisions(user: Any) -> QuerySet[Division]:
    """Divisions are public geography: any user with a role may search them."""
    if not policies.can_use_pickers(user):
        return Division.objects.none()
    return Division.objects.all()
