"""groups: selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lvzhi.core import clock
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, OrgKind

from .. import policies, rules
from ..common import selectors as common_selectors
from ..models import ActivityPhoto, Attendance, DeputyGroup, GroupActivity, GroupPlan

# ---- deputy groups -------------------------------------------------------------------------


def groups_for(user: Any) -> QuerySet[DeputyGroup]:
    """Groups the user leads, guides (staff in scope) or belongs to."""
    qs = DeputyGroup.objects.select_related("organisation", "leader", "deputy_leader", "term")
    if getattr(user, "is_superuser", False):
        return qs
    q = Q(pk__in=[])
    roles = policies.GROUP_STAFF_ROLES | policies.GROUP_LEAD_ROLES
    paths = registry_policies.scope_paths(user, frozenset(roles & registry_policies.roles_of(user)))
    for p in paths or []:
        q |= Q(organisation__path__startswith=p)
    d = policies.deputy_id(user)
    if d is not None:
        q |= Q(leader_id=d) | Q(deputy_leader_id=d)
        q |= Q(
            organisation_id__in=Membership.objects.filter(
                deputy_id=d, status=MembershipStatus.SERVING, deputy_group__isnull=False
            ).values("deputy_group_id")
        )
    return qs.filter(q)


@dataclass
class QuarterStatus:
    quarter: int
    activities: int
    ended: bool
    flagged: bool


def quarter_statuses(
    groups: list[DeputyGroup], year: int, today: dt.date | None = None
) -> dict[int, list[QuarterStatus]]:
    """R20 for each group and quarter of ``year``, in one query: a quarter that has ended with
    no collective activity is flagged; one activity clears it."""
    today = today or clock.today()
    counts: dict[tuple[int, int], int] = {}
    for gid, held_on in GroupActivity.objects.filter(
        group__in=[g.pk for g in groups], held_on__year=year
    ).values_list("group_id", "held_on"):
        key = (gid, rules.quarter_of(held_on))
        counts[key] = counts.get(key, 0) + 1
    out: dict[int, list[QuarterStatus]] = {}
    for g in groups:
        days = [
            rules.quarter_bounds(year, q)[0]
            for q in range(1, 5)
            for _n in range(counts.get((g.pk, q), 0))
        ]
        flagged = set(rules.flagged_quarters(days, year, today, g.formed_on))
        out[g.pk] = [
            QuarterStatus(
                quarter=q,
                activities=counts.get((g.pk, q), 0),
                ended=rules.quarter_bounds(year, q)[1] < today,
                flagged=q in flagged,
            )
            for q in range(1, 5)
        ]
    return out


def flagged_groups(
    groups: list[DeputyGroup], year: int, today: dt.date | None = None
) -> list[tuple[DeputyGroup, list[int]]]:
    statuses = quarter_statuses(groups, year, today)
    return [
        (g, [s.quarter for s in statuses[g.pk] if s.flagged])
        for g in groups
        if any(s.flagged for s in statuses[g.pk])
    ]


def group_members(group: DeputyGroup) -> list[Membership]:
    """Serving members with their level: the group mixes deputies of several levels (R19)."""
    return list(
        Membership.objects.filter(
            deputy_group_id=group.organisation_id, status=MembershipStatus.SERVING
        )
        .select_related("deputy", "term__congress")
        .order_by("sort_key")
    )


def group_candidate_seats(group: DeputyGroup) -> QuerySet[Membership]:
    """R19 (各级人大代表混合编组): serving seats of every level whose congress covers the group's
    place (its division or an ancestor) and that are not in this group yet."""
    chain: list[int] = []
    place = group.organisation.division
    while place is not None and len(chain) < 8:
        chain.append(place.pk)
        place = place.parent
    return Membership.objects.filter(
        status=MembershipStatus.SERVING,
        term__is_current=True,
        term__congress__division_id__in=chain,
    ).exclude(deputy_group_id=group.organisation_id)


def group_candidate_deputies(group: DeputyGroup) -> QuerySet[Deputy]:
    """The deputies the person picker offers for the group (issue 22.2): those holding a
    candidate seat."""
    return Deputy.objects.filter(pk__in=group_candidate_seats(group).values("deputy_id"))


def group_seat_for(group: DeputyGroup, deputy: Deputy) -> Membership | None:
    """The deputy's candidate seat that joins the group (a deputy of two levels in the area is
    one member, not two: the first seat in the order the page lists levels)."""
    return (
        group_candidate_seats(group)
        .filter(deputy=deputy)
        .select_related("deputy")
        .order_by("level", "sort_key")
        .first()
    )


def group_activities(group: DeputyGroup) -> QuerySet[GroupActivity]:
    return (
        GroupActivity.objects.filter(group=group)
        .annotate(present_count=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-held_on", "-id")
    )


def group(pk: int) -> DeputyGroup | None:
    return (
        DeputyGroup.objects.select_related("organisation", "leader", "deputy_leader", "term")
        .filter(pk=pk)
        .first()
    )


def groups_listed(user: Any, q: str = "") -> list[DeputyGroup]:
    """The groups page's rows: the user's groups whose name holds ``q``, in tree order."""
    qs = groups_for(user)
    if q:
        qs = qs.filter(organisation__name__contains=q)
    return list(qs.order_by("organisation__path")[: rules.GROUPS_LISTED_MAX])


def unformed_groups(user: Any) -> list[Organisation]:
    """Deputy-group organisations in the staff member's scope that have no profile yet."""
    if not registry_policies.roles_of(user) & policies.GROUP_STAFF_ROLES:
        return []
    paths = registry_policies.scope_paths(user, policies.GROUP_STAFF_ROLES)
    qs = Organisation.objects.filter(kind=OrgKind.DEPUTY_GROUP, deputy_group_profile__isnull=True)
    if paths is not None:
        qs = qs.filter(registry_policies.subtree_q(paths))
    return list(qs.order_by("path")[: rules.UNFORMED_GROUPS_LISTED_MAX])


def group_organisation(org_id: int) -> Organisation | None:
    return Organisation.objects.filter(pk=org_id, kind=OrgKind.DEPUTY_GROUP).first()


def serving_seats_of(org: Organisation) -> list[Membership]:
    """The serving seats placed in a deputy-group organisation (the forming form's choices)."""
    return list(
        Membership.objects.filter(deputy_group=org, status=MembershipStatus.SERVING)
        .select_related("deputy", "term__congress")
        .order_by("sort_key")
    )


def plan_of(g: DeputyGroup, year: int) -> GroupPlan | None:
    return GroupPlan.objects.filter(group=g, year=year).first()


def recent_group_activities(g: DeputyGroup) -> list[GroupActivity]:
    return list(group_activities(g)[: rules.GROUP_ACTIVITIES_LISTED_MAX])


def group_activity(pk: int) -> GroupActivity | None:
    return (
        GroupActivity.objects.select_related("group__organisation", "group__leader")
        .filter(pk=pk)
        .first()
    )


def attendance_of(a: GroupActivity) -> list[Attendance]:
    return common_selectors.by_deputy_name(Attendance.objects.filter(activity=a), "-present")


def photos_of(a: GroupActivity) -> list[ActivityPhoto]:
    return list(ActivityPhoto.objects.filter(activity=a))


def photo_of(a: GroupActivity, photo_id: int) -> ActivityPhoto | None:
    return ActivityPhoto.objects.filter(pk=photo_id, activity=a).first()
