"""Reads of proposals shared by pages and exports; fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import NotFound
from lvzhi.core.pagination import two_phase_page
from lvzhi.core.text import clean_text
from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Organisation, Role, Session
from lvzhi.suggestions import cosigning

from . import policies
from .models import Consultation, CoSigner, CoSignStatus, Handling, Proposal, Status

LIST_RELATED = ("term__congress", "session", "proposer", "delegation")


def _with_counts(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.annotate(
        confirmed=Count("cosigners", filter=Q(cosigners__status=CoSignStatus.CONFIRMED))
    )


def mine(user: Any) -> QuerySet[Proposal]:
    """The deputy's own proposals and those they were invited to sign."""
    d = policies.deputy_id(user)
    if d is None:
        return Proposal.objects.none()
    signed = CoSigner.objects.filter(deputy_id=d).exclude(status=CoSignStatus.WITHDRAWN)
    return _with_counts(
        Proposal.objects.filter(Q(proposer_id=d) | Q(pk__in=signed.values("proposal_id")))
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-id")
    )


def invitations(user: Any) -> QuerySet[CoSigner]:
    """The deputy's invitations to co-sign not answered yet, on drafts."""
    return cosigning.open_invitations(CoSigner, "proposal", policies.deputy_id(user))


def sessions_for(user: Any) -> QuerySet[Session]:
    """Sessions of the deputy's current terms, latest first (the ones without a proposal
    deadline still take the other motions)."""
    d = policies.deputy_id(user)
    terms = registry_selectors.current_terms_of_deputy(d or 0)
    return (
        Session.objects.filter(term__in=terms.values("pk"))
        .select_related("term__congress")
        .order_by("-opens_on", "-pk")
    )


def get_for_user(user: Any, pk: int) -> Proposal:
    p = (
        Proposal.objects.select_related(
            "term__congress", "session", "proposer", "delegation", "suggestion"
        )
        .prefetch_related(
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy")),
            Prefetch("handlings", queryset=Handling.objects.select_related("unit", "plan")),
        )
        .filter(pk=pk)
        .first()
    )
    if p is None or not policies.can_view(user, p):
        raise NotFound(_("No such proposal."))
    return p


@dataclass
class QueueFilters:
    status: str = ""
    q: str = ""
    kind: str = ""
    category: str = ""
    session: int | None = None


def queue(user: Any, f: QueueFilters) -> QuerySet[Proposal]:
    """Proposals of the congresses in the staff member's scope, and for a delegation's staff
    those of their delegation; drafts are the deputies' own business."""
    roles = registry_policies.roles_of(user)
    qs = Proposal.objects.exclude(status__in=[Status.DRAFT, Status.ABANDONED, Status.MOVED])
    scope = Q(pk__in=[])
    # "Everything" must be a real condition: OR-ing an empty Q() into a Q keeps only the
    # other side (Django drops the empty one), which would show nothing instead of all.
    everything = Q(pk__isnull=False)
    if roles & policies.STAFF_ROLES:
        congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
        scope |= everything if congresses is None else Q(term__congress_id__in=congresses)
    if roles & policies.DELEGATION_ROLES:
        orgs = registry_selectors.organisation_ids_in_scope(user, policies.DELEGATION_ROLES)
        scope |= everything if orgs is None else Q(delegation_id__in=orgs)
    if roles & policies.UNIT_ROLES:
        orgs = registry_selectors.organisation_ids_in_scope(user, policies.UNIT_ROLES)
        scope |= Q(
            pk__in=Handling.objects.filter(Q() if orgs is None else Q(unit_id__in=orgs)).values(
                "proposal_id"
            )
        )
    qs = qs.filter(scope)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.session:
        qs = qs.filter(session_id=f.session)
    text = clean_text(f.q, 64)
    if text:
        match = Q(subject__icontains=text) | Q(proposer__name__icontains=text)
        if text.isdecimal():
            match |= Q(number=int(text))
        qs = qs.filter(match)
    return _with_counts(qs.select_related(*LIST_RELATED)).order_by("-submitted_at", "-id")


def can_see_queue(user: Any) -> bool:
    roles = registry_policies.roles_of(user)
    return bool(roles & (policies.STAFF_ROLES | policies.DELEGATION_ROLES | policies.UNIT_ROLES))


def page_of(qs: QuerySet[Proposal], number: Any, size: int) -> Any:
    page = two_phase_page(qs, number, size, LIST_RELATED)
    ids = [p.pk for p in page.object_list]
    counts = dict(
        CoSigner.objects.filter(proposal_id__in=ids, status=CoSignStatus.CONFIRMED)
        .values("proposal_id")
        .annotate(n=Count("id"))
        .values_list("proposal_id", "n")
    )
    for p in page.object_list:
        p.confirmed = counts.get(p.pk, 0)
    return page


def counts_for_desk(user: Any) -> dict[str, int]:
    """The secretariat's and the delegation's to-do counts."""
    base = queue(user, QueueFilters())
    roles = registry_policies.roles_of(user)
    out = {"at_delegation": 0, "to_review": 0, "to_decide": 0, "to_assign": 0, "withdrawals": 0}
    if roles & policies.DELEGATION_ROLES:
        out["at_delegation"] = base.filter(status=Status.AT_DELEGATION).count()
    if roles & policies.REVIEW_ROLES:
        out["to_review"] = base.filter(status__in=[Status.SUBMITTED, Status.RECOMMENDED]).count()
        out["to_decide"] = base.filter(status=Status.REPORTED).count()
        out["withdrawals"] = base.filter(
            status__in=[
                Status.AT_DELEGATION,
                Status.SUBMITTED,
                Status.RECOMMENDED,
                Status.REPORTED,
            ],
            withdrawal_requested_at__isnull=False,
        ).count()
    if roles & policies.HANDLING_ROLES:
        out["to_assign"] = base.filter(status=Status.PLACED).count()
    return out


def deadline_passed(p: Proposal) -> bool:
    from . import rules

    if p.kind == "extraordinary":  # R52: only between sessions
        from . import services

        return not services.between_sessions(p.session)
    if p.kind != "proposal":  # R51: the other motions are received while the session sits
        return clock.today() > p.session.closes_on
    return rules.deadline_passed(p.session.proposal_deadline, clock.now())


# R43 (Art 84): proposals and motions the presidium has decided on are public, with their
# decisions and handling results.
PUBLIC_STATUSES = (
    Status.PLACED,
    Status.NOT_PLACED,
    Status.NOT_ADOPTED,
    Status.WITHDRAWN,
    Status.ASSIGNED,
    Status.COMPLETED,
    Status.ANSWERED,
)


def public(query: str = "") -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(status__in=PUBLIC_STATUSES)
    text = clean_text(query, 64)
    if text:
        qs = qs.filter(Q(subject__icontains=text) | Q(proposer__name__icontains=text))
    return _with_counts(qs.select_related(*LIST_RELATED)).order_by("-decided_on", "-id")


def public_detail(pk: int) -> Proposal:
    p = (
        Proposal.objects.filter(pk=pk, status__in=PUBLIC_STATUSES)
        .select_related("term__congress", "session", "proposer", "delegation")
        .prefetch_related(
            Prefetch(
                "cosigners",
                queryset=CoSigner.objects.filter(status=CoSignStatus.CONFIRMED).select_related(
                    "deputy"
                ),
            ),
            Prefetch("handlings", queryset=Handling.objects.select_related("unit")),
        )
        .first()
    )
    if p is None:
        raise NotFound(_("No such proposal."))
    return p


def statistics(user: Any, session: int | None = None) -> dict[str, Any]:
    """Proposals and motions received, by delegation and by category, with their outcome."""
    from .models import Category, Kind

    qs = queue(user, QueueFilters(session=session)).order_by()
    outcome = {
        "placed": Q(status__in=[Status.PLACED, Status.ASSIGNED, Status.COMPLETED]),
        "not_placed": Q(status__in=[Status.NOT_PLACED, Status.NOT_ADOPTED]),
        "withdrawn": Q(status=Status.WITHDRAWN),
        "completed": Q(status=Status.COMPLETED),
    }

    def grouped(field: str) -> list[dict[str, Any]]:
        return list(
            qs.values(field)
            .annotate(
                total=Count("id"),
                **{name: Count("id", filter=q) for name, q in outcome.items()},
            )
            .order_by("-total", field)
        )

    by_delegation = grouped("delegation__name")
    for r in by_delegation:
        r["label"] = r["delegation__name"] or _("No delegation")
    by_category = grouped("category")
    labels = dict(Category.choices)
    for r in by_category:
        r["label"] = labels.get(r["category"], r["category"])
    by_kind = grouped("kind")
    kinds = dict(Kind.choices)
    for r in by_kind:
        r["label"] = kinds.get(r["kind"], r["kind"])
    top = max([r["total"] for r in by_delegation] or [1])
    for r in by_delegation:
        r["width"] = round(400 * r["total"] / top)
    return {
        "by_delegation": by_delegation,
        "by_category": by_category,
        "by_kind": by_kind,
        "chart_height": 10 * (len(by_delegation) + 1),
    }


def sessions_with_proposals(user: Any) -> list[Session]:
    """The sessions the user's proposals list covers, latest first (for the report)."""
    ids = queue(user, QueueFilters()).order_by().values("session_id").distinct()
    return list(
        Session.objects.filter(pk__in=ids).select_related("term__congress").order_by("-opens_on")
    )


def deputy_year(deputy_id: int, year: int) -> dict[str, list[Proposal]]:
    """R03 (Art 5): proposals and other motions a deputy led and co-signed (confirmed) that
    reached the secretariat in ``year``, for the duty archive. Two queries."""
    return cosigning.led_and_cosigned(Proposal.objects.all(), deputy_id, year)


def invited_deputy(p: Proposal, deputy_id: int) -> Any:
    """The deputy of one of the proposal's invitations (for the lead's cancelling)."""
    c = CoSigner.objects.filter(proposal=p, deputy_id=deputy_id).select_related("deputy").first()
    if c is None:
        raise NotFound(_("No such proposal."))
    return c.deputy


# R50 (Art 17): consultations of the departments concerned before a draft is handed in.

CONSULTATION_RELATED = ("deputy", "department", "term__congress", "proposal", "suggestion")


def consultations_sent(user: Any) -> QuerySet[Consultation]:
    """The deputy's own consultations, newest first."""
    d = policies.deputy_id(user)
    if d is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(deputy_id=d).select_related(*CONSULTATION_RELATED)


def consultations_received(user: Any) -> QuerySet[Consultation]:
    """R50: the consultations addressed to the departments in the user's handling-unit scope,
    unanswered first, then newest first. Nothing for a user without that role."""
    if Role.HANDLING_UNIT not in registry_policies.roles_of(user):
        return Consultation.objects.none()
    qs = Consultation.objects.select_related(*CONSULTATION_RELATED)
    paths = registry_policies.scope_paths(user, policies.UNIT_ROLES)
    if paths is not None:
        qs = qs.filter(
            department__in=Organisation.objects.filter(registry_policies.subtree_q(paths))
        )
    return qs.order_by(F("answered_at").desc(nulls_first=True), "-asked_at", "-id")


def consultations_of_draft(
    user: Any, *, proposal: int | None = None, suggestion: int | None = None
) -> QuerySet[Consultation]:
    """The consultations attached to one draft, as its deputy sees them."""
    qs = consultations_sent(user)
    if proposal is not None:
        return qs.filter(proposal_id=proposal)
    if suggestion is not None:
        return qs.filter(suggestion_id=suggestion)
    return qs.none()


def get_consultation_for_user(user: Any, pk: int) -> Consultation:
    c = Consultation.objects.select_related(*CONSULTATION_RELATED).filter(pk=pk).first()
    if c is None or not policies.can_view_consultation(user, c):
        raise NotFound(_("No such consultation."))
    return c


def consultations_unanswered_count(user: Any) -> int:
    return consultations_received(user).filter(answered_at__isnull=True).count()
