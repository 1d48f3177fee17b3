"""Reads of suggestions shared by pages (and later the API); fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import NotFound
from lvzhi.core.pagination import two_phase_page
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of as roles

from . import policies
from .models import (
    Assignment,
    CoHandlerOpinion,
    Communication,
    CoSigner,
    CoSignStatus,
    Event,
    Extension,
    ExtensionStatus,
    Reply,
    ReturnRequest,
    Status,
    Suggestion,
)


def overdue_q(prefix: str = "") -> Q:
    """R14: assigned and past the due date (``prefix`` for a relation, e.g. "suggestion__")."""
    return Q(**{f"{prefix}status": Status.ASSIGNED, f"{prefix}due_on__lt": clock.today()})


LIST_RELATED = ("term__congress__division", "session", "proposer")


def mine(user: Any) -> QuerySet[Suggestion]:
    """The deputy's own suggestions and those they were invited to sign."""
    d = policies.deputy_id(user)
    if d is None:
        return Suggestion.objects.none()
    signed = CoSigner.objects.filter(deputy_id=d).exclude(status=CoSignStatus.WITHDRAWN)
    return (
        Suggestion.objects.filter(Q(proposer_id=d) | Q(pk__in=signed.values("suggestion_id")))
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-id")
    )


def invitations(user: Any) -> QuerySet[CoSigner]:
    d = policies.deputy_id(user)
    return (
        CoSigner.objects.filter(
            deputy_id=d or 0, status=CoSignStatus.INVITED, suggestion__status=Status.DRAFT
        )
        .select_related("suggestion__proposer")
        .order_by("-invited_at")
    )


def search_q(query: str) -> Q:
    """Chinese full-text search over title, text and reply: every word of the query (as
    jieba cuts it) must appear. PostgreSQL answers from a full-text index over the tokens;
    SQLite (the demo) matches substrings. A query jieba cannot cut matches the raw text."""
    from django.db import connection

    from .similarity import tokens

    query = query.replace("\x00", "")
    words = tokens(query.strip()[:64])[:8]
    if not words:
        return Q(title__contains=query.strip()) | Q(body__contains=query.strip())
    if connection.vendor == "postgresql":
        from django.db.models import BooleanField
        from django.db.models.expressions import RawSQL

        # The same expression as the index of migration 0006, so the index is used.
        match = RawSQL(
            "to_tsvector('simple', search_tokens) @@ plainto_tsquery('simple', %s)",
            (" ".join(words),),
            output_field=BooleanField(),
        )
        return Q(match)
    q = Q()
    for w in words:
        q &= Q(search_tokens__contains=w)
    return q


@dataclass
class QueueFilters:
    status: str = Status.SUBMITTED
    q: str = ""
    category: str = ""
    key_supervision: bool = False
    overdue: bool = False
    flagged: bool = False


def queue(user: Any, f: QueueFilters) -> QuerySet[Suggestion]:
    """Suggestions of the congresses in the staff member's scope (R13)."""
    if not roles(user) & policies.STAFF_ROLES:
        return Suggestion.objects.none()
    qs = Suggestion.objects.exclude(status=Status.DRAFT)
    congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
    if congresses is not None:
        qs = qs.filter(term__congress_id__in=congresses)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q.strip():
        qs = qs.filter(search_q(f.q))
    if f.category:
        qs = qs.filter(category=f.category)
    if f.key_supervision:
        qs = qs.filter(key_supervision=True)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.flagged:
        qs = qs.filter(screening="flagged")
    return qs.select_related(*LIST_RELATED).order_by("-submitted_at", "-id")


def page_of(qs: QuerySet[Suggestion], number: Any, size: int) -> Any:
    """One page of a suggestion list in three queries (core.pagination)."""
    return two_phase_page(qs, number, size, LIST_RELATED)


def inbox(user: Any, status: str = "") -> QuerySet[Assignment]:
    """What was assigned to the user's handling unit(s), with due dates (R14)."""
    if Role.HANDLING_UNIT not in roles(user):
        return Assignment.objects.none()
    qs = Assignment.objects.all()
    units = registry_selectors.organisation_ids_in_scope(user, frozenset({Role.HANDLING_UNIT}))
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    if status:
        qs = qs.filter(suggestion__status=status)
    return qs.select_related("unit", "suggestion__proposer", "suggestion__term").order_by(
        "suggestion__due_on", "suggestion_id"
    )


def get_for_user(user: Any, pk: int) -> Suggestion:
    """Fetch and authorise at once: missing and forbidden answer the same NotFound."""
    s = (
        Suggestion.objects.filter(pk=pk)
        .select_related(*LIST_RELATED, "merged_into")
        .prefetch_related(
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "plan")),
            Prefetch(
                "replies", queryset=Reply.objects.select_related("unit").order_by("replied_at")
            ),
            Prefetch("extensions", queryset=Extension.objects.order_by("requested_at")),
            Prefetch("return_requests", queryset=ReturnRequest.objects.select_related("unit")),
            Prefetch("opinions", queryset=CoHandlerOpinion.objects.select_related("unit")),
            Prefetch("communications", queryset=Communication.objects.select_related("unit")),
            Prefetch("events", queryset=Event.objects.select_related("actor")),
            "evaluations",
            "attachments",
        )
        .first()
    )
    if s is None or not policies.can_view(user, s):
        raise NotFound(_("No such suggestion."))
    return s


def pending_extensions(user: Any) -> QuerySet[Extension]:
    """Extension requests waiting for the staff member's decision (R14)."""
    qs = Extension.objects.filter(status=ExtensionStatus.PENDING)
    congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
    if not roles(user) & policies.STAFF_ROLES:
        return qs.none()
    if congresses is not None:
        qs = qs.filter(suggestion__term__congress_id__in=congresses)
    return qs.select_related("suggestion", "unit").order_by("requested_at")


def congress_body_of(user: Any) -> str:
    """The name of the congress a staff member works for (for document titles)."""
    from lvzhi.registry.models import Term

    congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
    terms = Term.objects.filter(is_current=True).select_related("congress__division")
    if congresses is not None:
        terms = terms.filter(congress_id__in=congresses)
    term = terms.order_by("congress__division__code").first()
    return str(term) if term else ""


def public(query: str = "") -> QuerySet[Suggestion]:
    """Suggestions marked public, with a reply (Art 84: disclosure of suggestions and their
    handling results). Nothing else of the deputies than their names."""
    qs = Suggestion.objects.filter(is_public=True, status__in=[Status.REPLIED, Status.CLOSED])
    if query.strip():
        qs = qs.filter(search_q(query))
    return qs.select_related("term__congress__division", "proposer").order_by(
        "-submitted_at", "-id"
    )


def public_detail(pk: int) -> Suggestion:
    s = (
        public()
        .filter(pk=pk)
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("unit")))
        .first()
    )
    if s is None:
        raise NotFound(_("No such suggestion."))
    return s


def key_supervised(
    base: QuerySet[Suggestion], year: int | None = None, limit: int = 200
) -> list[Suggestion]:
    """R17: the key supervised suggestions of a list (of the year they were assigned in)."""
    qs = base.filter(key_supervision=True)
    if year:
        qs = qs.filter(assigned_on__year=year)
    return list(qs[:limit])


def overdue(base: QuerySet[Suggestion], limit: int = 500) -> list[Suggestion]:
    """R14: assigned suggestions whose reply is past due, the longest overdue first."""
    return list(base.filter(overdue_q()).order_by("due_on")[:limit])
