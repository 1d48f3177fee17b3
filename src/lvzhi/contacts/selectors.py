"""Reads shared by pages and reports; each fixes its number of queries whatever the data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, OrgKind

from . import policies, rules
from .models import Contact, Holder, HolderKind, Link, Opinion, OpinionStatus


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def get_holder_for_user(user: Any, pk: int) -> Holder:
    """Fetch and authorise at once: missing and out-of-scope answer the same NotFound."""
    holder = (
        Holder.objects.filter(pk=pk)
        .select_related("organisation", "electoral_unit", "term", "user")
        .first()
    )
    if holder is None or not policies.can_view(user, holder):
        raise NotFound(_("No such member."))
    return holder


def own_holders(user: Any) -> QuerySet[Holder]:
    if not getattr(user, "is_authenticated", False):
        return Holder.objects.none()
    return Holder.objects.filter(user=user, is_active=True).select_related("organisation")


def holders_in_scope(user: Any, kind: str = HolderKind.SC_MEMBER) -> QuerySet[Holder]:
    """Holders whose organisation lies in the office's scope."""
    qs = Holder.objects.filter(kind=kind, is_active=True).select_related(
        "organisation", "electoral_unit", "user"
    )
    if not policies.is_office(user):
        return qs.none()
    paths = registry_policies.scope_paths(user, policies.OFFICE_ROLES)
    if paths is None:
        return qs
    return qs.filter(
        organisation__in=Organisation.objects.filter(registry_policies.subtree_q(paths))
    )


@dataclass
class DeputyRow:
    """One linked deputy of a member in a year (R34)."""

    link: Link
    contacts: int

    @property
    def deputy(self) -> Deputy:
        return self.link.deputy

    @property
    def ok(self) -> bool:
        return rules.deputy_contact_ok(self.contacts)

    @property
    def missing(self) -> int:
        return max(0, rules.MEMBER_CONTACTS_PER_DEPUTY - self.contacts)


@dataclass
class MemberYear:
    """A member's R33-R35 standing in a year."""

    holder: Holder
    year: int
    rows: list[DeputyRow] = field(default_factory=list)
    open_opinions: int = 0

    @property
    def link_count(self) -> int:
        return len(self.rows)

    @property
    def link_warning(self) -> bool:
        return rules.member_link_warning(self.link_count)

    @property
    def behind(self) -> list[DeputyRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def flagged(self) -> bool:
        """R34: fewer than two contacts with any linked deputy in the year (or no deputy)."""
        return not self.rows or bool(self.behind)

    @property
    def contacts(self) -> int:
        return sum(r.contacts for r in self.rows)


def members_year(holders: list[Holder], year: int) -> list[MemberYear]:
    """R33-R35 for many members in three queries: open links with their deputies, contact
    counts per (member, deputy) in the year, open opinions per member."""
    ids = [h.pk for h in holders]
    start, end = year_bounds(year)
    links = (
        Link.objects.filter(holder_id__in=ids, linked_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("deputy")
        .order_by("linked_on", "id")
    )
    counts = Counter(
        {
            (r["holder_id"], r["deputy_id"]): r["n"]
            for r in Contact.objects.filter(holder_id__in=ids, on__gte=start, on__lte=end)
            .values("holder_id", "deputy_id")
            .annotate(n=Count("id"))
        }
    )
    opinions = dict(
        Opinion.objects.filter(holder_id__in=ids)
        .exclude(status=OpinionStatus.ANSWERED)
        .values("holder_id")
        .annotate(n=Count("id"))
        .values_list("holder_id", "n")
    )
    out = {
        h.pk: MemberYear(holder=h, year=year, open_opinions=opinions.get(h.pk, 0)) for h in holders
    }
    for link in links:
        out[link.holder_id].rows.append(
            DeputyRow(link=link, contacts=counts[(link.holder_id, link.deputy_id)])
        )
    return [out[h.pk] for h in holders]


def member_year(holder: Holder, year: int) -> MemberYear:
    return members_year([holder], year)[0]


def open_links(holder: Holder) -> QuerySet[Link]:
    return holder.links.filter(ended_on__isnull=True).select_related("deputy")


def contacts_of(holder: Holder, year: int) -> QuerySet[Contact]:
    start, end = year_bounds(year)
    return (
        Contact.objects.filter(holder=holder, on__gte=start, on__lte=end)
        .select_related("deputy", "recorded_by")
        .order_by("-on", "-id")
    )


def opinions_of(holder: Holder) -> QuerySet[Opinion]:
    return Opinion.objects.filter(holder=holder).select_related(
        "deputy", "forwarded_to", "answered_by"
    )


@dataclass
class Proposal:
    membership: Membership
    same_unit: bool
    links: int

    @property
    def deputy(self) -> Deputy:
        return self.membership.deputy


def proposals(holder: Holder, limit: int = 8) -> list[Proposal]:
    """R33 (Art 67): serving deputies of the member's term to link, own electoral unit first,
    front-line workers and farmers next, then other grassroots deputies, and among equals
    those linked to the fewest members. Two queries whatever the size of the congress."""
    taken = Link.objects.filter(holder=holder, ended_on__isnull=True).values("deputy_id")
    seats = (
        Membership.objects.filter(term_id=holder.term_id, status=MembershipStatus.SERVING)
        .exclude(deputy_id__in=taken)
        .select_related("deputy", "electoral_unit")
        .annotate(
            links=Count(
                "deputy__contact_links",
                filter=Q(deputy__contact_links__ended_on__isnull=True),
                distinct=True,
            )
        )
    )
    rows = [
        Proposal(
            membership=m,
            same_unit=holder.electoral_unit_id is not None
            and m.electoral_unit_id == holder.electoral_unit_id,
            links=m.links,
        )
        for m in seats
    ]
    rows.sort(
        key=lambda p: (
            rules.proposal_rank(
                same_unit=p.same_unit,
                frontline=p.deputy.is_frontline,
                grassroots=p.deputy.is_grassroots,
                links=p.links,
            ),
            p.membership.sort_key,
        )
    )
    return rows[:limit]


def deputy_view(deputy_id: int, year: int) -> dict[str, Any]:
    """What a deputy sees of chapter 4: the members linked to them, contacts this year, and
    every opinion they raised with its answer (R34, R35). Three queries."""
    start, end = year_bounds(year)
    return {
        "links": list(
            Link.objects.filter(deputy_id=deputy_id, ended_on__isnull=True).select_related(
                "holder__organisation"
            )
        ),
        "contacts": list(
            Contact.objects.filter(deputy_id=deputy_id, on__gte=start, on__lte=end)
            .select_related("holder")
            .order_by("-on", "-id")
        ),
        "opinions": list(
            Opinion.objects.filter(deputy_id=deputy_id).select_related("holder", "forwarded_to")
        ),
    }


def forwarded_to_user(user: Any) -> QuerySet[Opinion]:
    """R35: opinions forwarded to a deputy-affairs body in the user's scope, unanswered."""
    qs = Opinion.objects.filter(status=OpinionStatus.FORWARDED).select_related(
        "holder", "deputy", "forwarded_to"
    )
    if not policies.is_office(user):
        return qs.none()
    paths = registry_policies.scope_paths(user, policies.OFFICE_ROLES)
    if paths is None:
        return qs
    return qs.filter(
        forwarded_to__in=Organisation.objects.filter(registry_policies.subtree_q(paths))
    )


def deputy_affairs_body(organisation: Organisation) -> Organisation | None:
    """The deputy-affairs body (else the office) of a Standing Committee (R35)."""
    bodies = {
        o.kind: o
        for o in Organisation.objects.filter(
            parent=organisation, kind__in=[OrgKind.DEPUTY_AFFAIRS, OrgKind.OFFICE], is_active=True
        ).order_by("path")
    }
    return bodies.get(OrgKind.DEPUTY_AFFAIRS) or bodies.get(OrgKind.OFFICE)


def electoral_units(term_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrgKind.ELECTORAL_UNIT,
        id__in=Membership.objects.filter(term_id=term_id).values("electoral_unit_id"),
    ).order_by("path")
