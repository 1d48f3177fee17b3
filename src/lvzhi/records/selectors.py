"""Reads of the duty archive, the handbook collection (R47) and the evaluation (R48)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core.errors import NotFound
from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Membership, Organisation

from . import counts, evaluation, policies, rules, sources, stored
from .models import (
    Certificate,
    CertificateStatus,
    DisciplineNote,
    DutyCount,
    DutyEntry,
    EntryStatus,
    Handbook,
    Scheme,
)

SEAT_RELATED = ("deputy", "term__congress__division", "electoral_unit", "delegation")


def seats_in_year(year: int) -> Q:
    """Seats held at some time in ``year``: elected before its end, not ended before its
    start. These are the handbooks an electoral unit collects (R47)."""
    return Q(elected_on__lte=dt.date(year, 12, 31)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=dt.date(year, 1, 1))
    )


def get_seat_for_user(user: Any, pk: int) -> Membership:
    seat = Membership.objects.select_related(*SEAT_RELATED).filter(pk=pk).first()
    if seat is None or not policies.can_view(user, seat):
        raise NotFound(_("No such duty archive."))
    return seat


def own_seats(user: Any) -> list[Membership]:
    d = policies.deputy_id(user)
    if d is None:
        return []
    return list(
        Membership.objects.filter(deputy_id=d)
        .select_related(*SEAT_RELATED)
        .order_by("-term__is_current", "term__congress__division__code")
    )


def seats_for(
    user: Any, year: int, unit_id: int | None = None, q: str = ""
) -> QuerySet[Membership]:
    """Seats whose archives the user may open as staff, for the list page."""
    if not policies.can_see_lists(user):
        return Membership.objects.none()
    qs = Membership.objects.filter(
        registry_policies.membership_scope_q(user, policies.VIEW_ROLES), seats_in_year(year)
    )
    if unit_id is not None:
        qs = qs.filter(electoral_unit_id=unit_id)
    if q:
        qs = qs.filter(deputy__name__contains=q)
    return qs.select_related(*SEAT_RELATED).order_by("electoral_unit__path", "sort_key", "id")


@dataclass
class Archive:
    seat: Membership
    year: int
    sections: list[sources.Section]
    entries: list[DutyEntry]
    discipline: list[DisciplineNote]
    handbook: Handbook | None
    counts: dict[str, int | None] = field(default_factory=dict)


def archive(seat: Membership, year: int) -> Archive:
    """R03 (Art 5): the seat's year, every kind of duty in the handbook's order. The number of
    queries does not depend on the data (``tests/records/test_archive.py`` asserts it)."""
    entries = list(
        DutyEntry.objects.filter(membership=seat, on__year=year)
        .select_related("reviewed_by")
        .order_by("on", "id")
    )
    discipline = list(DisciplineNote.objects.filter(deputy_id=seat.deputy_id, on__year=year))
    own = {
        "discipline": [sources.Item(n.on, n.get_kind_display(), n.note) for n in discipline],
        "own_entry": [
            sources.Item(e.on, e.title, e.get_kind_display())
            for e in entries
            if e.status == EntryStatus.CONFIRMED
        ],
    }
    sections = sources.compile_sections(seat.deputy_id, year, own)
    return Archive(
        seat=seat,
        year=year,
        sections=sections,
        entries=entries,
        discipline=discipline,
        handbook=Handbook.objects.filter(membership=seat, year=year)
        .select_related("submitted_by")
        .first(),
        counts={s.kind: (s.count if s.recorded else None) for s in sections},
    )


def pending_entries(user: Any) -> QuerySet[DutyEntry]:
    """Entries waiting for the user's confirmation (their electoral units)."""
    paths = registry_policies.scope_paths(user, policies.REVIEW_ROLES)
    qs = DutyEntry.objects.filter(status=EntryStatus.PENDING).select_related(
        "membership__deputy", "membership__electoral_unit"
    )
    if not registry_policies.roles_of(user) & policies.REVIEW_ROLES:
        return qs.none()
    if paths is not None:
        qs = qs.filter(
            membership__electoral_unit_id__in=Organisation.objects.filter(
                registry_policies.subtree_q(paths)
            ).values("id")
        )
    return qs.order_by("created_at", "id")


# ---- R47: handbook collection ------------------------------------------------------------


@dataclass
class UnitStatus:
    unit: Organisation
    expected: int
    submitted: int

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


def handbook_status(
    year: int, unit_ids: Any = None, congress_id: int | None = None
) -> list[UnitStatus]:
    """R47 (Art 95): per electoral unit, the handbooks expected for ``year`` (seats held in
    the year) and those submitted. ``unit_ids`` (ids or a subquery) limits the units and
    ``congress_id`` the seats to one congress; ``None`` means all. Three queries; for the
    compliance view."""
    seats = Membership.objects.filter(seats_in_year(year))
    if congress_id is not None:
        seats = seats.filter(term__congress_id=congress_id)
    if unit_ids is not None:
        seats = seats.filter(electoral_unit_id__in=unit_ids)
    expected = dict(
        seats.order_by()
        .values("electoral_unit_id")
        .annotate(n=Count("*"))
        .values_list("electoral_unit_id", "n")
    )
    submitted = dict(
        Handbook.objects.filter(year=year, membership_id__in=seats.values("pk"))
        .order_by()
        .values("electoral_unit_id")
        .annotate(n=Count("*"))
        .values_list("electoral_unit_id", "n")
    )
    units = Organisation.objects.filter(pk__in=list(expected)).order_by("path")
    return [UnitStatus(u, expected[u.pk], submitted.get(u.pk, 0)) for u in units]


def units_in_scope(user: Any) -> Any:
    """Ids of the organisations in the user's scope (a subquery), ``None`` for all."""
    return registry_selectors.organisation_ids_in_scope(user, policies.VIEW_ROLES)


def missing_handbooks(
    year: int, unit_ids: Any = None, congress_id: int | None = None
) -> list[Membership]:
    """R47: seats held in ``year`` whose handbook has not been submitted, by unit (of one
    congress when ``congress_id`` is given)."""
    qs = Membership.objects.filter(seats_in_year(year)).exclude(
        pk__in=Handbook.objects.filter(year=year).values("membership_id")
    )
    if congress_id is not None:
        qs = qs.filter(term__congress_id=congress_id)
    if unit_ids is not None:
        qs = qs.filter(electoral_unit_id__in=unit_ids)
    return list(
        qs.select_related(*SEAT_RELATED).order_by("electoral_unit__path", "sort_key", "id")[:2000]
    )


# ---- R48: evaluation ---------------------------------------------------------------------


def congresses_for(user: Any) -> QuerySet[Congress]:
    """Congresses whose evaluation the user may see: those whose Standing Committee is in the
    scope, and those the user's electoral units elect deputies to."""
    qs = Congress.objects.filter(terms__is_current=True).select_related("division")
    if not policies.can_see_lists(user):
        return qs.none()
    units = registry_selectors.organisation_ids_in_scope(user, policies.VIEW_ROLES)
    if units is not None:
        qs = qs.filter(
            Q(pk__in=registry_selectors.congress_ids_in_scope(user, policies.VIEW_ROLES))
            | Q(
                pk__in=Membership.objects.filter(electoral_unit_id__in=units).values(
                    "term__congress_id"
                )
            )
        )
    return qs.distinct().order_by("division__code")


def scheme_values(congress: Congress, year: int) -> tuple[Scheme | None, evaluation.SchemeValues]:
    s = Scheme.objects.filter(congress=congress, year=year).first()
    if s is None:
        return None, evaluation.SchemeValues(
            dict(rules.DEFAULT_WEIGHTS),
            rules.DEFAULT_TALK_BELOW,
            rules.DEFAULT_COMMEND_FROM,
            rules.DEFAULT_TALK_ABSENCES,
        )
    # A kind added after the scheme was saved (R53's reports to the voters) weighs its default
    # until the office sets it.
    weights = {
        k: Decimal(str(s.weights.get(k, rules.DEFAULT_WEIGHTS.get(k, 0)))) for k in rules.KIND_KEYS
    }
    return s, evaluation.SchemeValues(weights, s.talk_below, s.commend_from, s.talk_absences)


def evaluated_seats(congress: Congress | None, year: int, unit_ids: Any = None) -> Any:
    """The seats ``evaluate`` scores: those of the congress's current term held in ``year``
    (every congress's when ``congress`` is ``None``; within ``unit_ids`` if given)."""
    seats = Membership.objects.filter(seats_in_year(year), term__is_current=True)
    if congress is not None:
        seats = seats.filter(term__congress=congress)
    if unit_ids is not None:
        seats = seats.filter(electoral_unit_id__in=unit_ids)
    return seats


def evaluate(
    congress: Congress | None,
    year: int,
    unit_ids: Any = None,
    values: evaluation.SchemeValues | None = None,
    use_stored: bool | None = None,
) -> list[evaluation.Row]:
    """R48 (Art 94, 95): every seat of the congress's current term held in ``year`` (every
    congress's when ``congress`` is ``None``; within ``unit_ids`` if given), scored, ranked
    within its electoral unit, flagged. The counts are the stored ones, refreshed from what
    changed (``stored.py``, issue 26.3) — a fixed number of queries, and work that follows the
    changes, not the whole data; ``use_stored=False`` (and any database but PostgreSQL)
    counts every source again, about twenty grouped queries."""
    if values is None:
        if congress is None:
            raise ValueError("evaluating every congress needs the scheme values")
        values = scheme_values(congress, year)[1]
    seats = evaluated_seats(congress, year, unit_ids)
    kept = stored.enabled() if use_stored is None else use_stored
    per_seat = stored.seat_counts(year, seats) if kept else {}
    bulk = {} if kept else counts.all_counts(year, seats)
    recorded = [(kind, sources.recorded(app)) for kind, app, _label in rules.KINDS]
    rows = []
    for seat in seats.select_related("deputy", "electoral_unit").order_by(
        "electoral_unit__path", "sort_key", "id"
    ):
        c: dict[str, int | None] = {}
        mine = per_seat.get(seat.pk, {})
        for kind, is_recorded in recorded:
            if not is_recorded:
                c[kind] = None
            elif kept:
                c[kind] = mine.get(kind, 0)
            else:
                counter: Counter[int] = bulk.get(kind, Counter())
                c[kind] = counter.get(seat.pk if kind == "own_entry" else seat.deputy_id, 0)
        row = evaluation.Row(seat, c)
        row.score = evaluation.score(c, values.weights)
        rows.append(row)
    evaluation.rank(rows, key=lambda r: r.membership.electoral_unit_id)
    for row in rows:
        row.flags = evaluation.flags(row, values)
    return rows


def _score_sql(values: evaluation.SchemeValues) -> tuple[str, list[Any], bool]:
    """The weighted sum of ``evaluation.score`` over a stored ``counts`` (``d.counts``), exact
    to the cent: ``(sql, params, in_cents)``. With every weight a whole number of cents (as the
    scheme's form allows) the sum is taken in cents, in integers — half the time of the same
    sum in ``numeric`` on 64,661 seats; a weight finer than the cent sums in ``numeric`` and
    rounds half to even as ``Decimal.quantize`` does (``ROUND`` alone goes half away from
    zero)."""
    weighted = [
        (kind, w)
        for kind, app, _label in rules.KINDS
        if (w := values.weights.get(kind, Decimal(0))) and sources.recorded(app)
    ]
    if all(w == w.quantize(Decimal("0.01")) for _kind, w in weighted):
        terms = ["%s * COALESCE((d.counts ->> %s)::bigint, 0)" for _w in weighted]
        params: list[Any] = [x for kind, w in weighted for x in (int(w * 100), kind)]
        return f"({' + '.join(terms) or '0'})::bigint", params, True
    terms = ["%s * COALESCE((d.counts ->> %s)::numeric, 0)" for _w in weighted]
    params = [x for kind, w in weighted for x in (w, kind)]
    half_even = (
        "(SELECT ROUND(t, 2) - CASE WHEN ABS(t * 100 - TRUNC(t * 100)) = 0.5 "
        "AND MOD(TRUNC(t * 100), 2) = 0 THEN SIGN(t) * 0.01 ELSE 0 END "
        "FROM (SELECT ({total})::numeric AS t) q)"
    )
    return half_even.format(total=" + ".join(terms)), params, False


def standings(
    congress: Congress | None,
    year: int,
    unit_ids: Any = None,
    values: evaluation.SchemeValues | None = None,
) -> list[evaluation.Standing]:
    """R48, issue 26.3: ``evaluate``'s scores, places and flags — seat by seat the same, in
    the same order — without the counts, the seats' models and the flags' reasons, for the
    evaluation of every seat. On PostgreSQL one query over the stored counts computes them
    (the weights as parameters, ``RANK() OVER`` the electoral unit); elsewhere they are
    ``evaluate``'s."""
    if values is None:
        if congress is None:
            raise ValueError("evaluating every congress needs the scheme values")
        values = scheme_values(congress, year)[1]
    if not stored.enabled():
        return [evaluation.standing(r) for r in evaluate(congress, year, unit_ids, values)]
    seats = evaluated_seats(congress, year, unit_ids)
    seat_sql, seat_params = (
        seats.order_by()
        .values_list("pk", "deputy_id", "electoral_unit_id", "sort_key", "electoral_unit__path")
        .query.sql_with_params()
    )
    score_sql, score_params, in_cents = _score_sql(values)
    # ``x.key`` orders and compares: the score in cents (thresholds × 100), or the score.
    scale = Decimal(100) if in_cents else Decimal(1)
    absences, absence_params = "FALSE", []
    if values.talk_absences and sources.recorded(rules.KIND_APPS["absence"]):
        absences = "COALESCE((d.counts ->> 'absence')::int, 0) >= %s"
        absence_params = [values.talk_absences]
    # The fragments are this function's own; every value is a parameter.
    sql = f"""
        SELECT s.id, s.deputy_id, s.unit_id, {"x.key * 0.01" if in_cents else "x.key"},
               RANK() OVER (PARTITION BY s.unit_id ORDER BY x.key DESC),
               COUNT(*) OVER (PARTITION BY s.unit_id),
               CASE WHEN x.key < %s OR {absences} THEN %s
                    WHEN x.key >= %s THEN %s ELSE '' END,
               d.id IS NULL
        FROM ({seat_sql}) s (id, deputy_id, unit_id, sort_key, path)
        LEFT JOIN {DutyCount._meta.db_table} d ON d.membership_id = s.id AND d.year = %s
        CROSS JOIN LATERAL (SELECT {score_sql} AS key) x
        ORDER BY s.path, s.sort_key, s.id
    """  # noqa: S608
    params = [
        values.talk_below * scale,
        *absence_params,
        evaluation.TALK,
        values.commend_from * scale,
        evaluation.COMMEND,
        *seat_params,
        year,
        *score_params,
    ]
    every = congress is None and unit_ids is None
    with stored.kept(year, seats, every=every, missing=False), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if any(r[-1] for r in rows):  # seats not stored yet: counted and stored, read again
            stored.store_missing(year, seats)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [evaluation.Standing(*r[:-1]) for r in rows]


# ---- R55 (Art 92): certificates for the deputy's employer ---------------------------------


@dataclass
class Duty:
    on: dt.date
    kind: str
    title: str


def certificate_duties(seat: Membership, start: dt.date, end: dt.date) -> list[Duty]:
    """R55: the duties the deputy performed between ``start`` and ``end`` (up to today) —
    sittings of sessions and meetings attended, then the activities the archive lists
    (``rules.CERTIFICATE_KINDS``) — in date order, from the recording apps' selectors."""
    from lvzhi.core import clock

    end = min(end, clock.today())
    duties: list[Duty] = []
    if end < start:
        return duties
    if sources.recorded("lvzhi.meetings"):
        from lvzhi.meetings import selectors as meeting_selectors

        attended = str(_("Sitting attended"))
        for on, meeting, sitting in meeting_selectors.sittings_attended(seat.deputy_id, start, end):
            duties.append(Duty(on, attended, f"{meeting}：{sitting}"))
    for year in range(start.year, end.year + 1):
        for section in sources.compile_sections(seat.deputy_id, year, {}):
            if section.kind not in rules.CERTIFICATE_KINDS or not section.recorded:
                continue
            for item in section.items:
                if item.on is not None and start <= item.on <= end:
                    duties.append(Duty(item.on, str(section.label), item.title))
    duties.sort(key=lambda d: d.on)
    return duties


def certificates_for(user: Any) -> QuerySet[Certificate]:
    """The deputy's own certificates; for the office, those of the seats in its scope."""
    qs = Certificate.objects.select_related("membership__deputy", "membership__term__congress")
    if policies.can_issue_certificates(user):
        return qs.filter(
            membership__in=Membership.objects.filter(
                registry_policies.membership_scope_q(user, policies.OFFICE_ROLES)
            )
        )
    d = policies.deputy_id(user)
    if d is None:
        return qs.none()
    return qs.filter(membership__deputy_id=d)


def get_certificate_for_user(user: Any, pk: int) -> Certificate:
    c = certificates_for(user).filter(pk=pk).first()
    if c is None:
        raise NotFound(_("No such certificate."))
    return c


def verify_certificate(code: str) -> Certificate | None:
    """The public check (portal): an issued certificate by its code, else None."""
    normal = rules.certificate_code_normal(code)
    if len(normal) != rules.CERTIFICATE_CODE_LENGTH:
        return None
    return (
        Certificate.objects.filter(code=normal, status=CertificateStatus.ISSUED)
        .select_related("membership__deputy")
        .first()
    )
