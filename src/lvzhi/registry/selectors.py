"""Read queries shared by pages, exports and (later) the API. Each fixes its number of
queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.core.models import Division, DivisionLevel

from . import policies
from .models import Deputy, Membership, MembershipEvent, Organisation, OrgKind


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


def directory(user: Any, filters: DirectoryFilters) -> QuerySet[Membership]:
    """Memberships the user may see in the staff directory, filtered and sorted by pinyin."""
    qs = Membership.objects.filter(
        policies.membership_scope_q(user, policies.DIRECTORY_ROLES)
    ).select_related("deputy", "term__congress", "electoral_unit", "delegation", "deputy_group")
    if not policies.can_use_directory(user):
        return qs.none()
    q = filters.q.strip()
    if q:
        ascii_q = q.lower().replace(" ", "")
        if ascii_q.isascii() and ascii_q.isalpha():
            qs = qs.filter(
                Q(deputy__name_initials__startswith=ascii_q)
                | Q(deputy__name_pinyin__startswith=ascii_q)
            )
        else:
            qs = qs.filter(deputy__name__contains=q)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.division:
        qs = qs.filter(electoral_unit__division__code__startswith=filters.division)
    if filters.delegation:
        qs = qs.filter(delegation_id=filters.delegation)
    if filters.group.strip():
        qs = qs.filter(deputy_group__name__contains=filters.group.strip())
    if filters.ethnicity:
        qs = qs.filter(deputy__ethnicity=filters.ethnicity)
    if filters.occupation_category:
        qs = qs.filter(deputy__occupation_category=filters.occupation_category)
    if filters.grassroots in ("yes", "no"):
        qs = qs.filter(deputy__is_grassroots=filters.grassroots == "yes")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("deputy__name_pinyin", "deputy_id", "term_id")


def division_choices() -> list[tuple[str, str]]:
    """Counties and cities (with their region), for the directory's division filter."""
    rows = Division.objects.filter(level__in=[DivisionLevel.REGION, DivisionLevel.COUNTY]).order_by(
        "code"
    )
    return [(d.code[:4] if d.level == DivisionLevel.REGION else d.code, d.name) for d in rows]


def delegation_choices(user: Any) -> list[tuple[int, str]]:
    paths = policies.scope_paths(user, policies.DIRECTORY_ROLES)
    qs = Organisation.objects.filter(kind=OrgKind.DELEGATION)
    if paths is not None:
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(path__startswith=p)
        qs = qs.filter(q)
    return list(qs.order_by("path").values_list("id", "name"))


def get_deputy_for_user(user: Any, pk: int) -> Deputy:
    """Fetch and authorise at once: missing and out-of-scope answer the same NotFound."""
    deputy = (
        Deputy.objects.filter(pk=pk)
        .prefetch_related(
            "expertise",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related(
                    "term__congress", "electoral_unit", "delegation", "deputy_group"
                ).prefetch_related(
                    Prefetch(
                        "events", queryset=MembershipEvent.objects.select_related("recorded_by")
                    )
                ),
            ),
        )
        .first()
    )
    if deputy is None or not policies.can_view_deputy(user, deputy):
        raise NotFound(_("No such deputy."))
    return deputy


def electoral_units_for(user: Any) -> QuerySet[Organisation]:
    """Electoral units the user may register deputies in."""
    qs = Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT).select_related(
        "congress", "division"
    )
    paths = policies.scope_paths(user, policies.EDIT_ROLES)
    if paths is None:
        return qs
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return qs.filter(q)
