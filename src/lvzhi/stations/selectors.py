"""Read queries shared by pages and exports; each fixes its number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock, crypto
from lvzhi.core.errors import NotFound
from lvzhi.core.personal import normalize_phone
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Deputy, Level, MembershipStatus

from . import policies
from .models import (
    Opinion,
    OpinionAssignee,
    OpinionEvent,
    ReceptionDay,
    Station,
    StationDeputy,
    StationLevel,
    Status,
)

# ---- public pages ---------------------------------------------------------------------------


def public_stations(q: str = "", county: str = "") -> QuerySet[Station]:
    """Stations for the public directory: search by the name of the station or its place."""
    qs = Station.objects.select_related("organisation__division__parent").order_by(
        "organisation__division__code", "organisation__path"
    )
    if q:
        qs = qs.filter(
            Q(organisation__name__contains=q) | Q(organisation__division__name__contains=q)
        )
    if county:
        qs = qs.filter(organisation__division__code__startswith=county)
    return qs


def public_station(pk: int) -> Station:
    try:
        return Station.objects.select_related("organisation__division").get(pk=pk)
    except Station.DoesNotExist:
        raise NotFound(_("Station not found.")) from None


def entering_deputies(station: Station) -> list[StationDeputy]:
    return list(
        StationDeputy.objects.filter(station=station)
        .select_related("deputy")
        .order_by("deputy__name_pinyin")
    )


def entry_candidates(station: Station) -> QuerySet[Deputy]:
    """Serving deputies who may enter the station: those elected in its county (any level);
    for a prefecture or regional home, the prefecture deputies elected in its area."""
    division = station.organisation.division
    code = division.code if division is not None else ""
    qs = Deputy.objects.filter(memberships__status=MembershipStatus.SERVING)
    if station.level == StationLevel.HOME:
        qs = qs.filter(memberships__level=Level.PREFECTURE)
        if division is not None and division.level != "prefecture":
            qs = qs.filter(memberships__electoral_unit__division__code__startswith=code[:4])
    else:
        qs = qs.filter(memberships__electoral_unit__division__code__startswith=code[:6])
    return qs.exclude(station_entries__station=station).distinct().order_by("name_pinyin", "id")


def upcoming_receptions(station: Station, days: int = 60) -> list[ReceptionDay]:
    today = clock.today()
    return list(
        ReceptionDay.objects.filter(
            station=station, day__gte=today, day__lte=today + dt.timedelta(days=days)
        ).prefetch_related("deputies")
    )


def tracked(code: str) -> tuple[Opinion, list[OpinionEvent]] | None:
    """What a tracking code reveals: the status and the public steps, never contact data."""
    code = code.strip().upper()
    opinion = (
        Opinion.objects.filter(tracking_code=code)
        .select_related("station__organisation")
        .only(
            "id",
            "tracking_code",
            "title",
            "status",
            "outcome",
            "outcome_note",
            "transferred_to",
            "feedback",
            "received_at",
            "station__organisation__name",
            "suggestion_id",
            "matter_level",
            "channel",
            "category",
        )
        .first()
    )
    if opinion is None:
        return None
    return opinion, list(OpinionEvent.objects.filter(opinion=opinion, public=True))


# ---- the handlers' pages -----------------------------------------------------------------------


@dataclass
class QueueFilters:
    q: str = ""
    status: str = ""
    station: int | None = None
    overdue: bool = False
    mine: bool = False


def overdue_q() -> Q:
    return Q(due_on__lt=clock.today()) & ~Q(status=Status.CLOSED)


def visible(user: Any) -> QuerySet[Opinion]:
    return Opinion.objects.filter(policies.visible_q(user))


def queue(user: Any, f: QueueFilters) -> QuerySet[Opinion]:
    qs = visible(user)
    q = f.q.strip()
    if q:
        digits = normalize_phone(q)
        cond = Q(title__contains=q) | Q(tracking_code=q.upper())
        if digits.isdigit() and len(digits) >= 7:
            cond |= Q(phone_hash=crypto.lookup_hash(digits))
        qs = qs.filter(cond)
    if f.status in Status.values:
        qs = qs.filter(status=f.status)
    if f.station:
        qs = qs.filter(station_id=f.station)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.mine:
        d = policies.deputy_id(user)
        qs = qs.filter(assignees__deputy_id=d) if d else qs.none()
    return qs.order_by("-received_at", "-id")


QUEUE_RELATED = ("station__organisation", "addressed_to")


def get_opinion_for_user(user: Any, pk: int) -> Opinion:
    """Missing and not yours answer the same: 404."""
    o = (
        visible(user)
        .filter(pk=pk)
        .select_related("station__organisation", "addressed_to", "suggestion")
        .prefetch_related(
            Prefetch("assignees", queryset=OpinionAssignee.objects.select_related("deputy")),
            Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
        )
        .first()
    )
    if o is None:
        raise NotFound(_("Opinion not found."))
    return o


def staff_stations(user: Any) -> QuerySet[Station]:
    return Station.objects.filter(policies.staff_station_q(user)).select_related("organisation")


def assigned_to_me(user: Any) -> QuerySet[Opinion]:
    d = policies.deputy_id(user)
    if d is None:
        return Opinion.objects.none()
    return (
        Opinion.objects.filter(assignees__deputy_id=d, status=Status.ASSIGNED)
        .select_related("station__organisation")
        .order_by("due_on", "id")
    )


# ---- statistics ------------------------------------------------------------------------------


def statistics_stations(user: Any) -> QuerySet[Station]:
    """Stations whose figures the user may compare: their own stations, or all stations in
    the scope of an oversight role."""
    paths = registry_policies.scope_paths(user, policies.OVERSIGHT_ROLES)
    q = policies.staff_station_q(user)
    if paths is None:
        q = Q()
    else:
        for p in paths:
            q |= Q(organisation__path__startswith=p)
    return Station.objects.filter(q)


def statistics(user: Any, year: int) -> list[dict[str, Any]]:
    """Per station: opinions received in ``year`` by status, and the answered share."""
    counts = {s: Count("opinions", filter=Q(opinions__status=s)) for s in Status.values}
    rows = (
        statistics_stations(user)
        .filter(opinions__received_at__year=year)
        .annotate(total=Count("opinions"), **{f"n_{k}": v for k, v in counts.items()})
        .select_related("organisation")
        .order_by("organisation__path")
    )
    out = []
    for st in rows:
        answered = getattr(st, "n_answered", 0) + getattr(st, "n_closed", 0)
        out.append(
            {
                "station": st,
                "label": st.organisation.name,
                "total": st.total,
                "by_status": [getattr(st, f"n_{k}") for k in Status.values],
                "answered": answered,
                "answered_rate": round(100 * answered / st.total) if st.total else None,
            }
        )
    return out
