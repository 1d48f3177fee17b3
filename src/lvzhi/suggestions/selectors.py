"""Reads of suggestions shared by pages (and later the API); fixed query counts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import NotFound
from lvzhi.core.pagination import CappedPaginator, two_phase_page
from lvzhi.core.text import one_line
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of as roles

from . import cosigning, policies, rules
from .models import (
    Assignment,
    CoHandlerOpinion,
    Communication,
    CoSigner,
    CoSignStatus,
    Extension,
    ExtensionStatus,
    Reply,
    ReturnRequest,
    Status,
    Suggestion,
    UnitRole,
)


def overdue_q(prefix: str = "") -> Q:
    """R14: assigned and past the due date (``prefix`` for a relation, e.g. "suggestion__")."""
    return Q(**{f"{prefix}status": Status.ASSIGNED, f"{prefix}due_on__lt": clock.today()})


def is_overdue(suggestion: Suggestion, today: dt.date) -> bool:
    """R14: ``overdue_q`` for one suggestion already read."""
    due = suggestion.due_on
    return suggestion.status == Status.ASSIGNED and due is not None and due < today


LIST_RELATED = ("term__congress__division", "session", "proposer")


def mine(user: Any, q: str = "") -> QuerySet[Suggestion]:
    """The deputy's own suggestions and those they were invited to sign."""
    d = policies.deputy_id(user)
    if d is None:
        return Suggestion.objects.none()
    signed = CoSigner.objects.filter(deputy_id=d).exclude(status=CoSignStatus.WITHDRAWN)
    qs = Suggestion.objects.filter(Q(proposer_id=d) | Q(pk__in=signed.values("suggestion_id")))
    if q.strip():
        qs = qs.filter(search_q(q))
    return qs.select_related(*LIST_RELATED).order_by("-created_at", "-id")


def invitations(user: Any) -> QuerySet[CoSigner]:
    """The deputy's invitations to co-sign not answered yet, on drafts."""
    return cosigning.open_invitations(CoSigner, "suggestion", policies.deputy_id(user))


# The same expression as the index of migration 0006, so the index is used.
MATCH_SQL = "to_tsvector('simple', {column}) @@ plainto_tsquery('simple', %s)"


def search_words(query: str) -> list[str]:
    """The words of a search as jieba cuts them (at most 8 of the first 64 characters)."""
    from .similarity import tokens

    return tokens(one_line(query).strip()[:64])[:8]


def search_q(query: str) -> Q:
    """Chinese full-text search over title, text and reply: every word of the query (as
    jieba cuts it) must appear. PostgreSQL answers from a full-text index over the tokens;
    SQLite (the demo) matches substrings. A query jieba cannot cut matches the raw text."""
    from django.db import connection

    query = one_line(query)
    words = search_words(query)
    if not words:
        return Q(title__contains=query.strip()) | Q(body__contains=query.strip())
    if connection.vendor == "postgresql":
        from django.db.models import BooleanField
        from django.db.models.expressions import RawSQL

        match = RawSQL(  # noqa: S611 (a constant; the words are a parameter)
            MATCH_SQL.format(column="search_tokens"),
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
    qs = _queue_unsearched(user, f)
    if f.q.strip():
        qs = qs.filter(search_q(f.q))
    return qs.select_related(*LIST_RELATED).order_by("-submitted_at", "-id")


def _queue_unsearched(user: Any, f: QueueFilters) -> QuerySet[Suggestion]:
    """The queue's items with every filter of ``f`` but the words searched."""
    if not roles(user) & policies.STAFF_ROLES:
        return Suggestion.objects.none()
    qs = Suggestion.objects.exclude(status=Status.DRAFT)
    congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
    if congresses is not None:
        # The terms as a list of numbers (one small query): the planner then estimates the
        # rows well and walks the sort-order index instead of sorting every item.
        qs = qs.filter(term_id__any_of=_term_ids(congresses))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.key_supervision:
        qs = qs.filter(key_supervision=True)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.flagged:
        qs = qs.filter(screening="flagged")
    return qs


def queue_page(user: Any, f: QueueFilters, number: Any, size: int) -> Any:
    """One page of the queue in three queries (core.pagination). A word search on
    PostgreSQL walks the newest items first, and its first matches stand for the count
    when the walk can tell it (issue 26.2); otherwise it is counted and sorted."""
    from django.db import connection

    unsearched = _queue_unsearched(user, f)
    words = search_words(f.q) if f.q.strip() else []
    qs = unsearched.filter(search_q(f.q)) if f.q.strip() else unsearched
    qs = qs.select_related(*LIST_RELATED).order_by("-submitted_at", "-id")
    if not words or connection.vendor != "postgresql":
        return page_of(qs, number, size)
    walked: list[int] = []

    def head_of(limit: int, stop: int) -> tuple[list[int], bool] | None:
        found, whole = walked_matches(unsearched, words, limit + 1, stop)
        walked[:] = found
        if len(found) > limit:
            return found, True
        if whole:
            return found, False
        return (found, True) if len(found) >= stop + 2 else None

    def ids_of(many: bool, start: int, stop: int) -> list[int]:
        if len(walked) >= stop:
            return walked[start:stop]
        return sorted_matches(qs, start, stop)

    return two_phase_page(
        qs, number, size, LIST_RELATED, rules.LIST_COUNT_CAP, ids_of, head_of=head_of
    )


# A word search walks at most this many items, newest first, per item of the page it looks
# for: the walk finds a page (and more) of words that one item in sixty or more carries
# after 1,800 items, and gives way to counting and sorting the matches when the words are
# rarer (issue 26.2: at `large`, 1,800 items walk in 10 ms, 3,000 in 15).
WALK_ITEMS_PER_MATCH = 60
# …and never more than this many (a page far down the list, or a page number past its end):
# sorting every match of the words costs about as much.
WALK_ITEMS_MAX = 50_000

# Words of CJK ideographs only: the text search's parser keeps such a word whole, so an item
# whose tokens hold it as a word holds it as a substring; a cheap test before the full one.
IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def walked_matches(
    unsearched: QuerySet[Suggestion], words: list[str], wanted: int, stop: int
) -> tuple[list[int], bool]:
    """The ids of the first ``wanted`` matches of a word search, newest first (PostgreSQL),
    from a serial walk over at most ``WALK_ITEMS_PER_MATCH`` items per item of the page
    (which ends at match ``stop``; ``WALK_ITEMS_MAX`` at most), and whether the walk
    passed every item of the queue.

    The full-text index gives every match at once (at `large`, 104,212 ids for a search
    that one item in 25 matches, 25 ms before the first row), and the planner, which
    guesses the matches of several words as if they were independent, can neither stop
    early nor tell how many there are. The walk reads items in the list's order and stops
    at ``wanted`` matches; it tests the ideograph words as substrings first (cheap) and
    tokenises only the items that hold them all, so that the exact match decides. The walk
    passed every item when it found fewer than ``wanted`` and came back without the mark."""
    from django.db import connections

    budget = min(max(stop, 1) * WALK_ITEMS_PER_MATCH, WALK_ITEMS_MAX)
    walk = unsearched.order_by("-submitted_at", "-id").values_list(
        "id", "submitted_at", "search_tokens"
    )[: budget + 1]
    sql, params = walk.query.sql_with_params()
    held = [w for w in words if IDEOGRAPHS.fullmatch(w)]
    test = "".join("strpos(w.search_tokens, %s) > 0 AND " for _ in held)
    # The SQL around Django's own compiled query is constant; the words and numbers are
    # parameters. The item after the budget, when there is one, comes back as a mark.
    with connections[unsearched.db].cursor() as cursor:
        cursor.execute(
            "SELECT w.id, w.n FROM (SELECT v.id, v.submitted_at, v.search_tokens, "  # noqa: S608
            "row_number() OVER (ORDER BY v.submitted_at DESC, v.id DESC) AS n "
            f"FROM ({sql}) v) w WHERE w.n > %s OR ({test}"
            f"{MATCH_SQL.format(column='w.search_tokens')}) "
            "ORDER BY w.submitted_at DESC, w.id DESC LIMIT %s",
            (*params, budget, *held, " ".join(words), wanted),
        )
        rows = cursor.fetchall()
    found = [pk for pk, n in rows if n <= budget]
    return found, len(found) < wanted and len(found) == len(rows)


def sorted_matches(matches: QuerySet[Suggestion], start: int, stop: int) -> list[int]:
    """The ids of the matches start..stop of a word search, newest first (PostgreSQL): every
    match from the full-text index, sorted (words that few items carry)."""
    from django.db import connections

    if start >= stop:
        return []
    sql, params = matches.order_by().values_list("id", "submitted_at").query.sql_with_params()
    with connections[matches.db].cursor() as cursor:
        cursor.execute(
            f"WITH m AS MATERIALIZED ({sql}) SELECT m.id FROM m "  # noqa: S608
            "ORDER BY m.submitted_at DESC, m.id DESC LIMIT %s OFFSET %s",
            (*params, stop - start, start),
        )
        return [row[0] for row in cursor.fetchall()]


def _term_ids(congresses: Any) -> list[int]:
    from lvzhi.registry.models import Term

    return list(
        Term.objects.filter(congress_id__in=congresses).order_by().values_list("id", flat=True)
    )


def page_of(qs: QuerySet[Suggestion], number: Any, size: int) -> Any:
    """One page of a suggestion list in three queries (core.pagination)."""
    return two_phase_page(qs, number, size, LIST_RELATED, cap=rules.LIST_COUNT_CAP)


@dataclass
class InboxFilters:
    status: str = Status.ASSIGNED
    q: str = ""
    not_received: bool = False  # not yet signed for (签收)
    mine: bool = False  # the user is the handler (经办人)


def _inbox_assignments(user: Any, f: InboxFilters) -> QuerySet[Assignment] | None:
    """The assignments of the user's handling unit(s) matching the unit-side filters, or None
    when the user handles for no unit."""
    if Role.HANDLING_UNIT not in roles(user):
        return None
    qs = Assignment.objects.all()
    units = registry_selectors.organisation_ids_in_scope(user, frozenset({Role.HANDLING_UNIT}))
    if units is not None:
        # A list of numbers (one small query) rather than a subquery: the planner then knows
        # how many items the unit has and reads the suggestions in due-date order.
        qs = qs.filter(unit_id__in=[row["id"] for row in units])
    if f.not_received:
        qs = qs.filter(received_at__isnull=True)
    if f.mine:
        qs = qs.filter(handler_id=user.pk)
    return qs


def _inbox_suggestions(user: Any, f: InboxFilters) -> QuerySet[Suggestion]:
    """The suggestions behind an inbox, most urgent first. Driven from the suggestion side
    so that the (status, due date) index gives the order and each unit's assignment is an
    index probe: a page costs the same with 100 or 100,000 items."""
    assignments = _inbox_assignments(user, f)
    if assignments is None:
        return Suggestion.objects.none()
    qs = Suggestion.objects.filter(
        Exists(assignments.filter(suggestion_id=OuterRef("pk")))
    ).exclude(status=Status.DRAFT)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q.strip():
        qs = qs.filter(search_q(f.q))
    return qs.order_by(F("due_on").asc(nulls_last=True), "id")


def inbox(user: Any, f: InboxFilters | None = None) -> QuerySet[Assignment]:
    """What was assigned to the user's handling unit(s), with due dates (R14): every row,
    for exports and bulk actions."""
    f = f or InboxFilters()
    assignments = _inbox_assignments(user, f)
    if assignments is None:
        return Assignment.objects.none()
    return (
        assignments.filter(suggestion__in=_inbox_suggestions(user, f).values("pk"))
        .select_related(*INBOX_RELATED)
        .order_by(F("suggestion__due_on").asc(nulls_last=True), "suggestion_id", "id")
    )


INBOX_RELATED = ("unit", "handler", "suggestion__proposer", "suggestion__term")


def inbox_page(user: Any, f: InboxFilters, number: Any, size: int) -> Any:
    """One page of the inbox in three queries: the count and the ids of the suggestions
    (from the index), then their assignments to the user's units with what the rows show."""
    page: Any = CappedPaginator(
        _inbox_suggestions(user, f).values_list("id", flat=True), size, rules.LIST_COUNT_CAP
    ).get_page(number)
    ids: list[int] = list(page.object_list)
    assignments = _inbox_assignments(user, f)
    rows = (
        list(assignments.filter(suggestion_id__in=ids).select_related(*INBOX_RELATED))
        if assignments is not None and ids
        else []
    )
    position = {pk: i for i, pk in enumerate(ids)}
    rows.sort(key=lambda a: (position[a.suggestion_id], a.role != UnitRole.LEAD, a.pk))
    page.object_list = rows
    return page


def unit_staff(user: Any) -> QuerySet[Any]:
    """The people who may be designated handler (经办人) by this user: accounts holding the
    handling-unit role over one of the user's units."""
    from lvzhi.core.models import User

    units = registry_selectors.organisation_ids_in_scope(user, frozenset({Role.HANDLING_UNIT}))
    if Role.HANDLING_UNIT not in roles(user):
        return User.objects.none()
    qs = User.objects.filter(is_active=True, role_assignments__role=Role.HANDLING_UNIT)
    if units is not None:
        qs = qs.filter(role_assignments__organisation_id__in=units)
    return qs.distinct().order_by("username")


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


def document_organ(user: Any, kind: str = "deputy_affairs") -> str:
    """The organ a staff member's documents are issued under (core.documents): the body of
    ``kind`` of the congress ``congress_body_of`` names."""
    from lvzhi.registry.models import Term

    congresses = registry_selectors.congress_ids_in_scope(user, policies.STAFF_ROLES)
    terms = Term.objects.filter(is_current=True)
    if congresses is not None:
        terms = terms.filter(congress_id__in=congresses)
    term = terms.order_by("congress__division__code").first()
    return registry_selectors.organ_name(term.congress_id if term else None, kind)


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


def due_between(congress_id: int, start: Any, end: Any) -> list[dict[str, Any]]:
    """R14 (Art 24) for the compliance view: suggestions of the congress whose reply fell due
    between ``start`` and ``end``, with the first reply's time. One query."""
    from django.db.models import Min

    rows: Any = (
        Suggestion.objects.filter(
            term__congress_id=congress_id,
            due_on__gte=start,
            due_on__lte=end,
            assigned_on__isnull=False,
        )
        .exclude(status__in=[Status.MERGED, Status.WITHDRAWN])
        .annotate(first_reply_at=Min("replies__replied_at"))
        .values("id", "number", "title", "assigned_on", "due_on", "status", "first_reply_at")
        .order_by("due_on", "id")
    )
    return list(rows)


def of_congress(congress_id: int) -> QuerySet[Suggestion]:
    """The congress's suggestions, for statistics and dashboards."""
    return Suggestion.objects.filter(term__congress_id=congress_id)


def deputy_year(deputy_id: int, year: int) -> dict[str, list[Suggestion]]:
    """R03 (Art 5): suggestions a deputy led and co-signed (confirmed) that were submitted in
    ``year``, for the duty archive. Two queries."""
    return cosigning.led_and_cosigned(Suggestion.objects.all(), deputy_id, year)


def proposers_on_words(term_id: int, words: list[str], limit: int = 500) -> list[dict[str, Any]]:
    """Suggestions of a term (submitted, not withdrawn or merged away) that mention any of
    ``words``, newest first, with their proposer, the co-signers who confirmed (R12) — kept
    apart, since a co-signer did not propose it — and their words, for a caller that decides
    what is related (the 列席 planner, R30). Two queries; PostgreSQL answers from the
    full-text index."""
    from django.db import connection
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    words = [w for w in words if w.strip()][:16]
    if not words:
        return []
    if connection.vendor == "postgresql":
        # The same expression as the index of migration 0006, so the index is used. Only
        # placeholders are joined into the text; the words go as parameters.
        any_word = " || ".join(["plainto_tsquery('simple', %s)"] * len(words))
        match: Q = Q(
            RawSQL(  # noqa: S611
                f"to_tsvector('simple', search_tokens) @@ ({any_word})",
                tuple(words),
                output_field=BooleanField(),
            )
        )
    else:
        match = Q()
        for w in words:
            match |= Q(search_tokens__contains=w)
    rows = list(
        Suggestion.objects.filter(match, term_id=term_id, merged_into__isnull=True)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN, Status.EXCLUDED, Status.MERGED])
        .order_by("-submitted_at", "-id")
        .values("id", "title", "proposer_id", "search_tokens")[:limit]
    )
    cosigners: dict[int, list[int]] = {}
    for sid, did in CoSigner.objects.filter(
        suggestion_id__in=[r["id"] for r in rows], status=CoSignStatus.CONFIRMED
    ).values_list("suggestion_id", "deputy_id"):
        cosigners.setdefault(sid, []).append(did)
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "proposer": r["proposer_id"],
            "cosigners": cosigners.get(r["id"], []),
            "words": set(r["search_tokens"].split()),
        }
        for r in rows
    ]


def merged_into(s: Suggestion) -> list[Suggestion]:
    """并案: the suggestions merged into this one, with their proposers (one query)."""
    return list(
        Suggestion.objects.filter(merged_into=s).select_related("proposer").order_by("number", "id")
    )


def invited_deputy(s: Suggestion, deputy_id: int) -> Any:
    """The deputy of one of the suggestion's invitations (for the proposer's cancelling)."""
    c = CoSigner.objects.filter(suggestion=s, deputy_id=deputy_id).select_related("deputy").first()
    if c is None:
        raise NotFound(_("No such suggestion."))
    return c.deputy
