"""Reads shared by pages and reports; each fixes its number of queries whatever the data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import (
    Deputy,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Role,
    Term,
)

from . import policies, rules
from .models import (
    ORGAN_KINDS,
    Activity,
    ActivityKind,
    Contact,
    Engagement,
    Holder,
    HolderKind,
    Link,
    MeetingRequest,
    MeetingStatus,
    Opinion,
    OpinionStatus,
    YearReport,
)

T = TypeVar("T")


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _in_scope(obj: T | None, user: Any, may_view: Callable[[Any, T], bool], refusal: str) -> T:
    """``obj`` if the user may view it: missing and out of scope answer the same NotFound."""
    if obj is None or not may_view(user, obj):
        raise NotFound(refusal)
    return obj


def get_holder_for_user(user: Any, pk: int) -> Holder:
    """Fetch and authorise at once: missing and out-of-scope answer the same NotFound."""
    holder = (
        Holder.objects.filter(pk=pk)
        .select_related("organisation", "electoral_unit", "term", "user")
        .first()
    )
    return _in_scope(holder, user, policies.can_view, _("No such member."))


def holders_for(user: Any) -> QuerySet[Holder]:
    """The members whose page the user may open (``policies.can_view``): their own, and those
    of the organisations in their care (:func:`obliged_organisations`)."""
    if not getattr(user, "is_authenticated", False):
        return Holder.objects.none()
    return Holder.objects.filter(Q(user=user) | Q(organisation__in=_obliged(user))).select_related(
        "organisation", "term__congress__division"
    )


def own_holders(user: Any) -> QuerySet[Holder]:
    if not getattr(user, "is_authenticated", False):
        return Holder.objects.none()
    return Holder.objects.filter(user=user, is_active=True).select_related("organisation")


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
    matches: int = 0

    @property
    def deputy(self) -> Deputy:
        return self.membership.deputy


def proposals(holder: Holder, limit: int = 8) -> list[Proposal]:
    """Serving deputies of the holder's term to link, best first, in three queries whatever
    the size of the congress (four for a committee):

    - R33 (Art 67), a Standing Committee member: own electoral unit first, front-line
      workers and farmers next, then other grassroots deputies, then fewest links;
    - R36 (Art 72), a special committee's group: most expertise tags matching the
      committee's fields first (deputies with none are not proposed);
    - R38 (Art 75), a leader of an organ: grassroots deputies only, front-line first.
    """
    taken = Link.objects.filter(holder=holder, ended_on__isnull=True).values("deputy_id")
    seats = (
        Membership.objects.filter(term_id=holder.term_id, status=MembershipStatus.SERVING)
        .exclude(deputy_id__in=taken)
        .select_related("deputy", "electoral_unit")
    )
    matches: dict[int, int] = {}
    if holder.kind == HolderKind.COMMITTEE_HEAD:
        matches = dict(
            Deputy.objects.filter(expertise__in=holder.fields.values("id"))
            .values("id")
            .annotate(n=Count("expertise"))
            .values_list("id", "n")
        )
        seats = seats.filter(deputy_id__in=list(matches))
    elif holder.kind in ORGAN_KINDS:
        seats = seats.filter(deputy__is_grassroots=True)
    # Open links per deputy over the (small) link table, not a join on every seat.
    links = dict(
        Link.objects.filter(ended_on__isnull=True)
        .values("deputy_id")
        .annotate(n=Count("id"))
        .values_list("deputy_id", "n")
    )
    rows = [
        Proposal(
            membership=m,
            same_unit=holder.electoral_unit_id is not None
            and m.electoral_unit_id == holder.electoral_unit_id,
            links=links.get(m.deputy_id, 0),
            matches=matches.get(m.deputy_id, 0),
        )
        for m in seats
    ]

    def rank(p: Proposal) -> tuple[Any, ...]:
        if holder.kind == HolderKind.COMMITTEE_HEAD:
            return rules.committee_proposal_rank(
                matches=p.matches, grassroots=p.deputy.is_grassroots, links=p.links
            )
        return rules.proposal_rank(
            same_unit=p.same_unit,
            frontline=p.deputy.is_frontline,
            grassroots=p.deputy.is_grassroots,
            links=p.links,
        )

    rows.sort(key=lambda p: (rank(p), p.membership.sort_key))
    return rows[:limit]


def deputy_view(deputy_id: int, year: int) -> dict[str, Any]:
    """What a deputy sees of chapter 4: the members linked to them, contacts this year, every
    opinion they raised with its answer (R34, R35), and the group activities, forums and
    briefings they took part in (R36, R38). Four queries."""
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
        "activities": list(
            Activity.objects.filter(participants=deputy_id, held_on__gte=start, held_on__lte=end)
            .select_related("organisation")
            .order_by("-held_on", "-id")
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


def organ_term(organisation: Organisation) -> Term | None:
    """The current term of the congress at the organ's level: the congress of the nearest
    Standing Committee above it (an organ has no congress of its own)."""
    from lvzhi.registry.models import PATH_STEP

    prefixes = [
        organisation.path[:i] for i in range(PATH_STEP, len(organisation.path) + 1, PATH_STEP)
    ]
    body = (
        Organisation.objects.filter(
            path__in=prefixes, kind=OrgKind.STANDING_COMMITTEE, congress__isnull=False
        )
        .order_by("-path")
        .first()
    )
    if body is None:
        return None
    return Term.objects.filter(congress__organisations=body, is_current=True).first()


def activities_of(organisations: list[Organisation], year: int) -> dict[int, list[Activity]]:
    """R36, R38: the year's activities of the organisations with their number of deputies;
    one query."""
    start, end = year_bounds(year)
    out: dict[int, list[Activity]] = {o.pk: [] for o in organisations}
    for a in (
        Activity.objects.filter(
            organisation__in=organisations, held_on__gte=start, held_on__lte=end
        )
        .annotate(n=Count("participants"))
        .order_by("held_on", "id")
    ):
        out[a.organisation_id].append(a)
    return out


def reports_of(holders: list[Holder], year: int) -> set[int]:
    """Ids of the holders whose year-end report for the year was generated; one query."""
    return set(
        YearReport.objects.filter(holder__in=holders, year=year).values_list("holder_id", flat=True)
    )


def grassroots_links(holders: list[Holder], year: int) -> dict[int, int]:
    """R38: grassroots deputies linked to each leader in the year; one query."""
    start, end = year_bounds(year)
    return dict(
        Link.objects.filter(holder__in=holders, linked_on__lte=end, deputy__is_grassroots=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("holder_id")
        .annotate(n=Count("id"))
        .values_list("holder_id", "n")
    )


def activity_kinds_for(organisation: Organisation) -> list[tuple[str, Any]]:
    if organisation.kind == OrgKind.SPECIAL_COMMITTEE:
        return [(ActivityKind.GROUP.value, ActivityKind.GROUP.label)]
    if organisation.kind in policies.ORGAN_ORG_KINDS:
        return [
            (ActivityKind.FORUM.value, ActivityKind.FORUM.label),
            (ActivityKind.BRIEFING.value, ActivityKind.BRIEFING.label),
        ]
    return []


def engagements_count(organisations: list[Organisation], year: int) -> dict[int, int]:
    """R39: appointments and invitations recorded per organ in the year; one query."""
    start, end = year_bounds(year)
    return dict(
        Engagement.objects.filter(
            organisation__in=organisations, starts_on__gte=start, starts_on__lte=end
        )
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )


def engagements_of(organisation: Organisation, year: int) -> QuerySet[Engagement]:
    start, end = year_bounds(year)
    return Engagement.objects.filter(
        organisation=organisation, starts_on__gte=start, starts_on__lte=end
    ).select_related("deputy")


def activities_list(organisation: Organisation, year: int) -> list[Activity]:
    """The year's activities of an organisation with their participants; two queries."""
    start, end = year_bounds(year)
    return list(
        Activity.objects.filter(organisation=organisation, held_on__gte=start, held_on__lte=end)
        .select_related("holder")
        .prefetch_related("participants")
        .order_by("-held_on", "-id")
    )


def obliged_organisations(user: Any, limit: int | None = None) -> list[Organisation]:
    """The organisations with chapter 4 obligations in the user's care: the office's scope;
    a committee's own staff their committee; a handling unit its organs (R38, R39). The
    first ``limit`` of them in tree order when given."""
    qs = _obliged(user).order_by("path")
    return list(qs[:limit] if limit is not None else qs)


def has_obliged_organisations(user: Any) -> bool:
    """Whether the user has any organisation of :func:`obliged_organisations` in their care:
    one ``EXISTS`` (the menu asks on every page; the office of a large prefecture has
    thousands of organs), remembered on the user object for the rest of the request."""
    known = getattr(user, "_lvzhi_has_obliged", None)
    if known is None:
        known = _obliged(user).exists()
        if getattr(user, "is_authenticated", False):
            user._lvzhi_has_obliged = known
    return bool(known)


def _obliged(user: Any) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    qs = Organisation.objects.filter(kind__in=policies.OBLIGED_KINDS, is_active=True)
    q = Q(pk__in=[])
    if policies.is_office(user):
        paths = registry_policies.scope_paths(user, policies.OFFICE_ROLES)
        if paths is None:
            return qs
        q |= registry_policies.subtree_q(paths)
    committees = [
        g.organisation_id for g in registry_policies.grants_of(user) if g.role == "committee"
    ]
    if committees:
        q |= Q(pk__in=committees, kind=OrgKind.SPECIAL_COMMITTEE)
    if "handling_unit" in registry_policies.roles_of(user):
        paths = registry_policies.scope_paths(user, policies.UNIT_ROLES)
        if paths is None:
            return qs
        if paths:
            q |= registry_policies.subtree_q(paths) & Q(kind__in=policies.ORGAN_ORG_KINDS)
    return qs.filter(q)


# ---- meeting requests (Art 34) ---------------------------------------------------------------


def meetings_for(user: Any, status: str = "") -> QuerySet[MeetingRequest]:
    """Meeting requests the user takes part in: as a requesting deputy, as the office of the
    deputies' congress, or as the organ asked."""
    if not getattr(user, "is_authenticated", False):
        return MeetingRequest.objects.none()
    qs = MeetingRequest.objects.all()
    if status in MeetingStatus.values:
        qs = qs.filter(status=status)
    qs = qs.select_related("organ", "term__congress").order_by("-requested_at", "-id")
    office_paths = (
        registry_policies.scope_paths(user, policies.OFFICE_ROLES)
        if policies.is_office(user)
        else []
    )
    if office_paths is None:
        return qs
    q = Q(pk__in=[])
    d = policies.deputy_id(user)
    if d is not None:
        q |= Q(
            pk__in=MeetingRequest.deputies.through.objects.filter(deputy_id=d).values(
                "meetingrequest_id"
            )
        )
    if office_paths:
        q |= Q(organ__in=Organisation.objects.filter(registry_policies.subtree_q(office_paths)))
    if "handling_unit" in registry_policies.roles_of(user):
        unit_paths = registry_policies.scope_paths(user, policies.UNIT_ROLES) or []
        if unit_paths:
            q |= Q(organ__in=Organisation.objects.filter(registry_policies.subtree_q(unit_paths)))
    return qs.filter(q)


def get_meeting_for_user(user: Any, pk: int) -> MeetingRequest:
    mr = (
        MeetingRequest.objects.filter(pk=pk)
        .select_related("organ", "term__congress", "requested_by")
        .prefetch_related("deputies")
        .first()
    )
    return _in_scope(mr, user, policies.can_view_meeting, _("No such meeting request."))


def meetable_organs(term: Term) -> QuerySet[Organisation]:
    """Art 34: organs of the same or a lower level than the deputies' congress."""
    from lvzhi.registry import selectors as registry_selectors

    body = registry_selectors.congress_body(term.congress_id)
    if body is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind__in=policies.MEETABLE_KINDS, is_active=True, path__startswith=body.path
    ).order_by("path")


def obliged_of_division(division_id: int) -> list[Organisation]:
    """The organisations with chapter 4 obligations of one division's level (its Standing
    Committee, special committees and 一府一委两院), for the compliance view of that
    division's congress. One query."""
    return list(
        Organisation.objects.filter(
            kind__in=policies.OBLIGED_KINDS, is_active=True, division_id=division_id
        ).order_by("path")
    )


def obligations_of_division(division_id: int, year: int) -> list[Any]:
    """The year's obligations (``obligations.for_organisations``) of
    ``obliged_of_division``; a fixed number of queries."""
    from . import obligations

    return obligations.for_organisations(obliged_of_division(division_id), year)


# ---- what a page's form and the API's action both look up (issue 25.1) -----------------------


def get_opinion_for_user(user: Any, pk: int) -> Opinion:
    """A deputy's opinion to a member (R35), for whoever sees the member's page or (once
    forwarded) the office over the body it went to; missing and out of scope alike NotFound."""
    o = (
        Opinion.objects.filter(pk=pk)
        .select_related("holder__organisation", "forwarded_to", "deputy")
        .first()
    )
    if o is None or not (
        policies.can_view(user, o.holder)
        or (o.forwarded_to is not None and policies.office_over(user, o.forwarded_to))
    ):
        raise NotFound(_("No such opinion."))
    return o


def get_obliged_for_user(user: Any, pk: int) -> Organisation:
    """An organisation with chapter 4 obligations whose records the user keeps
    (``policies.staff_over``); missing and out of scope alike NotFound."""
    org = (
        Organisation.objects.filter(pk=pk, kind__in=policies.OBLIGED_KINDS)
        .select_related("congress")
        .first()
    )
    return _in_scope(org, user, policies.staff_over, _("No such organisation."))


def holder_accounts(organisation: Organisation) -> QuerySet[Any]:
    """Accounts that may be registered as holders on the organisation: Standing Committee
    members for a Standing Committee or a committee, the organ's own accounts for an organ."""
    from lvzhi.core.models import User

    roles = (
        [Role.HANDLING_UNIT]
        if organisation.kind in policies.ORGAN_ORG_KINDS
        else [Role.SC_MEMBER, Role.COMMITTEE]
    )
    orgs = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=roles,
            role_assignments__organisation_id__in=orgs,
        )
        .distinct()
        .order_by("username")
    )


def committee_group(organisation: Organisation) -> QuerySet[Deputy] | None:
    """R36: the deputies of a special committee's professional group (those its head is
    linked with), who alone take part in its activities; ``None`` for other organisations."""
    if organisation.kind != OrgKind.SPECIAL_COMMITTEE:
        return None
    head = Holder.objects.filter(
        organisation=organisation, kind=HolderKind.COMMITTEE_HEAD, is_active=True
    ).first()
    if head is None:
        return Deputy.objects.none()
    return Deputy.objects.filter(
        pk__in=Link.objects.filter(holder=head, ended_on__isnull=True).values("deputy_id")
    ).order_by("name_pinyin")
