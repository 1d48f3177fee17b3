"""Read queries shared by pages and exports; each fixes its number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import clock, crypto, events
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Division, Event
from lvzhi.core.pagination import two_phase_page
from lvzhi.core.personal import normalize_phone
from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Deputy, Level, MembershipStatus, Organisation, OrgKind

from . import policies, rules
from .models import (
    DONE_STATUSES,
    Activity,
    Category,
    MatterLevel,
    Opinion,
    OpinionAssignee,
    ReceptionDay,
    StandardCheck,
    StandardItem,
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


def stations_without_profile() -> QuerySet[Organisation]:
    """Station organisations of the tree that have no public profile yet (R40)."""
    return (
        Organisation.objects.filter(
            kind=OrgKind.STATION, is_active=True, division__isnull=False, station_profile=None
        )
        .select_related("division")
        .order_by("path")
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


def tracked(code: str) -> tuple[Opinion, list[Event]] | None:
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
    return opinion, events.timeline(opinion, public_only=True)


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


def is_overdue(opinion: Opinion, today: dt.date) -> bool:
    """``overdue_q`` for one opinion already read."""
    return bool(opinion.due_on and opinion.due_on < today and opinion.status != Status.CLOSED)


def visible(user: Any) -> QuerySet[Opinion]:
    return Opinion.objects.filter(policies.visible_q(user))


def queue(user: Any, f: QueueFilters) -> QuerySet[Opinion]:
    qs = visible(user)
    q = f.q.strip()
    if q:
        digits = normalize_phone(q)
        cond = Q(title__contains=q) | Q(tracking_code=q.upper())
        if digits.isdecimal() and len(digits) >= 7:
            cond |= Q(phone_hash__in=crypto.lookup_hashes(digits))
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
    if f.overdue:  # the longest overdue first, from the index of open opinions by due date
        return qs.order_by("due_on", "id")
    return qs.order_by("-received_at", "-id")


QUEUE_RELATED = ("station__organisation", "addressed_to")


def queue_page(user: Any, f: QueueFilters, number: Any, size: int) -> Page:
    """One page of the opinion list in three queries, counting no further than
    ``rules.LIST_COUNT_CAP`` (core.pagination)."""
    return two_phase_page(queue(user, f), number, size, QUEUE_RELATED, cap=rules.LIST_COUNT_CAP)


def get_opinion_for_user(user: Any, pk: int) -> Opinion:
    """Missing and not yours answer the same: 404."""
    o = (
        visible(user)
        .filter(pk=pk)
        .select_related("station__organisation", "addressed_to", "suggestion")
        .prefetch_related(
            Prefetch("assignees", queryset=OpinionAssignee.objects.select_related("deputy")),
        )
        .first()
    )
    if o is None:
        raise NotFound(_("Opinion not found."))
    return o


def staff_stations(user: Any) -> QuerySet[Station]:
    return Station.objects.filter(policies.staff_station_q(user)).select_related("organisation")


def pickable_stations(user: Any) -> QuerySet[Station]:
    """The stations the opinion list's station picker may find: the user's own
    (``policies.staff_station_q``); none for a deputy, who sees only opinions assigned."""
    return Station.objects.filter(policies.staff_station_q(user))


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


STAT_GROUPS = {"station": "station_id", "category": "category", "level": "matter_level"}


def statistics(user: Any, year: int, group: str = "station") -> list[dict[str, Any]]:
    """Opinions received in ``year`` by station, category or level of the matter: counts by
    status, the answered share and the mean days from receipt to the answer. Three queries
    whatever the data size."""
    key = STAT_GROUPS.get(group, "station_id")
    base = Opinion.objects.filter(
        station__in=statistics_stations(user).values("id"), received_at__year=year
    )
    counts = {f"n_{s}": Count("id", filter=Q(status=s)) for s in Status.values}
    rows = list(base.values(key).annotate(total=Count("id"), **counts).order_by(key))
    days: dict[Any, list[float]] = {}
    for k, received_at, answered_at in base.filter(answered_at__isnull=False).values_list(
        key, "received_at", "answered_at"
    ):
        days.setdefault(k, []).append((answered_at - received_at).total_seconds() / 86400)
    labels: dict[Any, Any]
    if key == "station_id":
        stations = {
            st.pk: st
            for st in Station.objects.filter(pk__in=[r[key] for r in rows]).select_related(
                "organisation"
            )
        }
        labels = {pk: st.organisation.name for pk, st in stations.items()}
        rows.sort(key=lambda r: stations[r[key]].organisation.path)
    elif key == "category":
        labels = dict(Category.choices)
    else:
        labels = {**dict(MatterLevel.choices), "": _("Not triaged yet")}
    out = []
    for r in rows:
        answered = r["n_answered"] + r["n_closed"]
        spans = days.get(r[key], [])
        out.append(
            {
                "key": r[key],
                "label": str(labels.get(r[key], r[key])),
                "total": r["total"],
                "by_status": [r[f"n_{s}"] for s in Status.values],
                "answered": answered,
                "answered_rate": round(100 * answered / r["total"]) if r["total"] else None,
                "days_to_answer": round(sum(spans) / len(spans), 1) if spans else None,
            }
        )
    return out


# ---- the "十有" standard and the ledger (R41) -------------------------------------------------


def checklist(station: Station) -> list[dict[str, Any]]:
    """The ten items of the standard, each with its check (or None), in the regulation's order."""
    checks = {c.item: c for c in StandardCheck.objects.filter(station=station)}
    return [
        {"item": value, "label": label, "check": checks.get(value)}
        for value, label in StandardItem.choices
    ]


def standard_overview(user: Any) -> list[dict[str, Any]]:
    """R41: per county, its stations with their score and the items they still miss."""
    stations = list(
        statistics_stations(user)
        .select_related("organisation__division")
        .prefetch_related(
            Prefetch(
                "standard_checks",
                queryset=StandardCheck.objects.filter(met=True).only("station_id", "item"),
                to_attr="met_checks",
            )
        )
        .order_by("organisation__division__code", "organisation__path")
    )
    counties = dict(
        Division.objects.filter(
            code__in={
                (s.organisation.division.code[:6] if s.organisation.division else "")
                for s in stations
            }
        ).values_list("code", "name")
    )
    labels = dict(StandardItem.choices)
    groups: dict[str, dict[str, Any]] = {}
    for s in stations:
        code = s.organisation.division.code[:6] if s.organisation.division else ""
        met = {c.item for c in getattr(s, "met_checks", [])}
        group = groups.setdefault(
            code,
            {"code": code, "name": counties.get(code, code), "stations": [], "complete": 0},
        )
        score = rules.standard_score(met)
        group["stations"].append(
            {
                "station": s,
                "score": score,
                "gaps": [labels[g] for g in rules.standard_gaps(met)],
            }
        )
        group["complete"] += score == rules.STANDARD_POINTS_PER_ITEM * len(rules.STANDARD_ITEMS)
    for group in groups.values():
        scores = [row["score"] for row in group["stations"]]
        group["average"] = round(sum(scores) / len(scores)) if scores else None
    return list(groups.values())


def ledger(station: Station, year: int | None = None) -> list[Activity]:
    qs = Activity.objects.filter(station=station).prefetch_related("deputies")
    if year is not None:
        qs = qs.filter(held_on__year=year)
    return list(qs[:200])


def leaders_without_activity(year: int) -> QuerySet[Deputy]:
    """R41 (Art 80): serving prefecture deputies holding leading posts who have held no
    activity at any station in ``year``."""
    active = Activity.objects.filter(held_on__year=year).values("deputies")
    return (
        Deputy.objects.filter(
            holds_leading_post=True,
            memberships__level=Level.PREFECTURE,
            memberships__status=MembershipStatus.SERVING,
            memberships__term__is_current=True,
        )
        .exclude(pk__in=active)
        .distinct()
        .order_by("name_pinyin", "id")
    )


def leaders_count(year: int) -> tuple[int, int]:
    """(leading-post deputies, those among them with at least one station activity)."""
    leaders = Deputy.objects.filter(
        holds_leading_post=True,
        memberships__level=Level.PREFECTURE,
        memberships__status=MembershipStatus.SERVING,
        memberships__term__is_current=True,
    ).distinct()
    total = leaders.count()
    return total, total - leaders_without_activity(year).count()


def deputy_year(deputy_id: int, year: int) -> dict[str, list[Any]]:
    """R03 (Art 5): a deputy's station duty in ``year`` for the duty archive: ledger activities
    they took part in (their reports to the voters among them, with the voters' evaluation,
    R53), reception days on the rota, and citizens' opinions they handled. Three queries."""
    return {
        "activities": list(
            Activity.objects.filter(deputies=deputy_id, held_on__year=year)
            .select_related("station__organisation")
            .order_by("held_on", "id")
        ),
        "receptions": list(
            ReceptionDay.objects.filter(deputies=deputy_id, day__year=year)
            .select_related("station__organisation")
            .order_by("day", "starts_at")
        ),
        "opinions_answered": list(
            Opinion.objects.filter(
                assignees__deputy_id=deputy_id,
                status__in=DONE_STATUSES,
                handled_at__year=year,
            )
            .select_related("station__organisation")
            .order_by("handled_at", "id")
        ),
    }
