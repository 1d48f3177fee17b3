"""The registry's part of the ``large`` scale: a national-size set of deputies (1,000,000 at
size factor 1) in synthetic regions of the prefecture, written with COPY.

Each synthetic region (division code ``9KK000``, level ``region``, like 塔城地区 under the
prefecture) mirrors the prefecture's own 25 counties and cities and their real townships: county
``9KK`` + the last three digits of the real county code, township = county code + the last three
digits of the real township code. Every county has its congress, current term, Standing
Committee (under the region's work committee), government with departments, a deputies' studio;
every township its presidium (or, for a street, a working body), a county electoral unit, a
deputy group and a liaison post; every township (not a street) its own congress, term and
electoral unit — the same shape the prefecture seed builds for the real counties. Deputies take
one seat each (county or township level) in the county they live in, with ID numbers that carry
their synthetic county's code. Counties are filled in order until the volume is reached, so the
last county may have fewer deputies than its congress's size.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lvzhi.core.db import analyze, insert_rows, reserve_ids, update_rows
from lvzhi.core.demo import BULK_CHUNK, SYNTHETIC_CODE_PREFIX, Progress, Volume
from lvzhi.core.models import Division, DivisionLevel, Event

from ..models import (
    PATH_STEP,
    SEAT_COPIES,
    Congress,
    Deputy,
    Level,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Term,
    seat_copies,
)
from ..services import PLAIN_DEPUTY_FIELDS
from .seed import (
    COUNTY_DEPARTMENTS,
    COUNTY_SEATS_RANGE,
    TOWNSHIP_SEATS_RANGE,
    Ctx,
    _county_name_short,
    _person,
    seat_history,
)

# The county departments of a synthetic county: the prefecture seed's eight plus those the
# suggestions' topics go to, so every suggestion has its handling unit in its own county.
LARGE_COUNTY_DEPARTMENTS = (
    *COUNTY_DEPARTMENTS,
    "水利局",
    "林业和草原局",
    "商务局",
    "生态环境局",
    "人力资源和社会保障局",
)
MAX_REGIONS = 99


@dataclass
class _Town:
    division: Division
    head: Organisation
    county_unit: Organisation
    group: Organisation
    term: Term | None = None
    town_unit: Organisation | None = None


@dataclass
class _County:
    mirror: Division  # the real county this one mirrors
    division: Division
    term: Term
    sc: Organisation
    towns: list[_Town] = field(default_factory=list)
    county_seats: int = 0
    town_seats: dict[int, int] = field(default_factory=dict)  # division id → seats


def synthetic_divisions() -> Any:
    return Division.objects.filter(code__startswith=SYNTHETIC_CODE_PREFIX)


def _congresses(
    divisions: list[Division],
    level: str,
    number: Callable[[], int],
    starts_on: dt.date,
    ends_on: dt.date,
) -> tuple[list[Congress], list[Term]]:
    """A people's congress for each division, each with its current term (``number()`` gives
    the term's number)."""
    congresses = Congress.objects.bulk_create(
        [Congress(division=d, level=level, name=f"{d.name}人民代表大会") for d in divisions]
    )
    terms = Term.objects.bulk_create(
        [
            Term(
                congress=c,
                number=number(),
                starts_on=starts_on,
                ends_on=ends_on,
                is_current=True,
            )
            for c in congresses
        ]
    )
    return congresses, terms


def bulk_load(volume: Volume, rng: random.Random, progress: Progress) -> dict[str, int]:
    """Add ``volume.deputies`` deputies with their seats in synthetic regions. Needs PostgreSQL
    and a database seeded with the real prefecture (``seed``). Returns counts."""
    root = Organisation.objects.get(parent__isnull=True, kind=OrgKind.STANDING_COMMITTEE)
    pref = Division.objects.get(code="654000")
    real = list(
        Division.objects.filter(level=DivisionLevel.COUNTY, parent__isnull=False)
        .exclude(code__startswith=SYNTHETIC_CODE_PREFIX)
        .order_by("code")
    )
    towns_of: dict[int, list[Division]] = {}
    for town in Division.objects.filter(parent__in=real).order_by("code"):
        towns_of.setdefault(town.parent_id or 0, []).append(town)
    plan = _plan(rng, volume.deputies, real, towns_of)
    progress(f"synthetic regions: {len(plan)}, counties: {sum(len(p) for p in plan)}", 0, 0)
    counties = _structure(rng, plan, root, pref, towns_of, progress)
    written = _deputies(rng, counties, volume.deputies, progress)
    analyze(Division, Congress, Term, Organisation, Deputy, Membership, Event)
    return written


def _plan(
    rng: random.Random, total: int, real: list[Division], towns_of: dict[int, list[Division]]
) -> list[list[tuple[Division, int, dict[int, int]]]]:
    """Regions → counties (real county mirrored, county seats, seats per real township)
    until ``total`` seats; the last county is cut to the exact total."""
    regions: list[list[tuple[Division, int, dict[int, int]]]] = []
    left = total
    while left > 0:
        if len(regions) == MAX_REGIONS:
            raise ValueError("the large scale holds at most 99 synthetic regions")
        region: list[tuple[Division, int, dict[int, int]]] = []
        for county in real:
            if left <= 0:
                break
            county_seats = min(left, rng.randint(*COUNTY_SEATS_RANGE))
            left -= county_seats
            town_seats: dict[int, int] = {}
            for town in towns_of.get(county.pk, []):
                if _is_street(town) or left <= 0:
                    continue
                town_seats[town.pk] = min(left, rng.randint(*TOWNSHIP_SEATS_RANGE))
                left -= town_seats[town.pk]
            region.append((county, county_seats, town_seats))
        regions.append(region)
    return regions


def _is_street(town: Division) -> bool:
    return town.code[6] == "0"


def _with_paths(objs: list[Organisation], parents: dict[int, str]) -> None:
    """Materialised paths (``registry.services.path_for``) for freshly bulk-created nodes."""
    for o in objs:
        o.path = parents[o.parent_id or 0] + f"{o.pk:0{PATH_STEP}d}"
    update_rows(Organisation, objs, ["path"])


def _orgs(objs: list[Organisation]) -> list[Organisation]:
    from ..rules import pinyin_of

    for o in objs:
        o.name_pinyin, o.name_initials = pinyin_of(o.name)
    created = Organisation.objects.bulk_create(objs, batch_size=2000)
    paths = {
        o.pk: o.path
        for o in Organisation.objects.filter(
            pk__in={c.parent_id for c in created if c.parent_id}
        ).only("id", "path")
    }
    _with_paths(created, paths)
    return created


def _structure(
    rng: random.Random,
    plan: list[list[tuple[Division, int, dict[int, int]]]],
    root: Organisation,
    pref: Division,
    towns_of: dict[int, list[Division]],
    progress: Progress,
) -> list[_County]:
    out: list[_County] = []
    for k, region_plan in enumerate(plan, start=1):
        progress("regions, congresses, units", k - 1, len(plan))
        region = Division.objects.create(
            code=f"9{k:02d}000", name=f"模拟地区{k:02d}", level=DivisionLevel.REGION, parent=pref
        )
        [committee] = _orgs(
            [
                Organisation(
                    name=f"{region.name}人大工作委员会",
                    kind=OrgKind.REGIONAL_WORK_COMMITTEE,
                    parent=root,
                    division=region,
                )
            ]
        )
        county_divs = Division.objects.bulk_create(
            [
                Division(
                    code=f"9{k:02d}{mirror.code[3:]}",
                    name=f"{mirror.name}·{k:02d}",
                    level=DivisionLevel.COUNTY,
                    parent=region,
                )
                for mirror, _s, _t in region_plan
            ]
        )
        town_divs = Division.objects.bulk_create(
            [
                Division(
                    code=cdiv.code + town.code[6:9],
                    name=town.name,
                    level=DivisionLevel.TOWNSHIP,
                    parent=cdiv,
                )
                for cdiv, (mirror, _s, _t) in zip(county_divs, region_plan, strict=True)
                for town in towns_of.get(mirror.pk, [])
            ]
        )
        towns_by_county: dict[int, list[tuple[Division, Division]]] = {}
        real_towns = [t for mirror, _s, _t in region_plan for t in towns_of.get(mirror.pk, [])]
        for synthetic, mirror_town in zip(town_divs, real_towns, strict=True):
            towns_by_county.setdefault(synthetic.parent_id or 0, []).append(
                (synthetic, mirror_town)
            )
        congresses, terms = _congresses(
            county_divs,
            Level.COUNTY,
            lambda: 17 + rng.randint(0, 2),
            dt.date(2021, 12, 20),
            dt.date(2026, 12, 19),
        )
        scs = _orgs(
            [
                Organisation(
                    name=f"{c.name}人大常委会",
                    kind=OrgKind.STANDING_COMMITTEE,
                    parent=committee,
                    division=c,
                    congress=cg,
                )
                for c, cg in zip(county_divs, congresses, strict=True)
            ]
        )
        # Townships (not streets) have their own congress and term.
        rural = [t for pairs in towns_by_county.values() for t, _m in pairs if not _is_street(t)]
        t_congresses, t_terms = _congresses(
            rural, Level.TOWNSHIP, lambda: 18, dt.date(2021, 12, 10), dt.date(2026, 12, 9)
        )
        town_congress = {c.division_id: (c, t) for c, t in zip(t_congresses, t_terms, strict=True)}
        # County level: government, studio, township heads.
        layer: list[Organisation] = []
        for c, sc in zip(county_divs, scs, strict=True):
            layer.append(
                Organisation(
                    name=f"{c.name}人民政府", kind=OrgKind.GOVERNMENT, parent=sc, division=c
                )
            )
            layer.append(
                Organisation(
                    name=f"{c.name}人大代表工作室", kind=OrgKind.STATION, parent=sc, division=c
                )
            )
            for town, _mirror in towns_by_county.get(c.pk, []):
                street = _is_street(town)
                tc = town_congress.get(town.pk)
                layer.append(
                    Organisation(
                        name=f"{town.name}人大工委" if street else f"{town.name}人大主席团",
                        kind=OrgKind.WORKING_BODY if street else OrgKind.TOWNSHIP_PRESIDIUM,
                        parent=sc,
                        division=town,
                        congress=tc[0] if tc else None,
                    )
                )
        layer = _orgs(layer)
        head_kinds = (OrgKind.TOWNSHIP_PRESIDIUM, OrgKind.WORKING_BODY)
        heads = {o.division_id: o for o in layer if o.kind in head_kinds}
        govs = {o.division_id: o for o in layer if o.kind == OrgKind.GOVERNMENT}
        # Departments, and per township: county electoral unit, group, post, township unit.
        low: list[Organisation] = []
        for c, cg in zip(county_divs, congresses, strict=True):
            short = _county_name_short(c.name)
            for dept in LARGE_COUNTY_DEPARTMENTS:
                low.append(
                    Organisation(
                        name=f"{short}{dept}",
                        kind=OrgKind.GOVERNMENT_DEPARTMENT,
                        parent=govs[c.pk],
                        division=c,
                    )
                )
            for town, _mirror in towns_by_county.get(c.pk, []):
                head = heads[town.pk]
                low += [
                    Organisation(
                        name=f"{town.name}（{short}人大代表选区）",
                        kind=OrgKind.ELECTORAL_UNIT,
                        parent=head,
                        division=town,
                        congress=cg,
                        short_name=f"{town.name}选区",
                    ),
                    Organisation(
                        name=f"{town.name}人大代表小组",
                        kind=OrgKind.DEPUTY_GROUP,
                        parent=head,
                        division=town,
                    ),
                    Organisation(
                        name=f"{town.name}人大代表联络站",
                        kind=OrgKind.STATION,
                        parent=head,
                        division=town,
                    ),
                ]
                if town.pk in town_congress:
                    low.append(
                        Organisation(
                            name=f"{town.name}（乡镇人大代表选区）",
                            kind=OrgKind.ELECTORAL_UNIT,
                            parent=head,
                            division=town,
                            congress=town_congress[town.pk][0],
                            short_name=f"{town.name}乡镇选区",
                        )
                    )
        low = _orgs(low)
        county_congress_ids = {c.pk for c in congresses}
        units = [o for o in low if o.kind == OrgKind.ELECTORAL_UNIT]
        county_units = {o.division_id: o for o in units if o.congress_id in county_congress_ids}
        town_units = {o.division_id: o for o in units if o.congress_id not in county_congress_ids}
        groups = {o.division_id: o for o in low if o.kind == OrgKind.DEPUTY_GROUP}
        for c, term, sc, (mirror, county_seats, town_seats) in zip(
            county_divs, terms, scs, region_plan, strict=True
        ):
            county = _County(mirror=mirror, division=c, term=term, sc=sc)
            county.county_seats = county_seats
            for town, mirror_town in towns_by_county.get(c.pk, []):
                tc = town_congress.get(town.pk)
                county.towns.append(
                    _Town(
                        division=town,
                        head=heads[town.pk],
                        county_unit=county_units[town.pk],
                        group=groups[town.pk],
                        term=tc[1] if tc else None,
                        town_unit=town_units.get(town.pk),
                    )
                )
                if mirror_town.pk in town_seats:
                    county.town_seats[town.pk] = town_seats[mirror_town.pk]
            out.append(county)
    progress("regions, congresses, units", len(plan), len(plan))
    return out


DEPUTY_COLUMNS = (
    "id",
    "name",
    "name_ug",
    "name_kk",
    "name_pinyin",
    "name_initials",
    *PLAIN_DEPUTY_FIELDS,
    "photo",
    "phone_encrypted",
    "phone_hash",
    "phone_masked",
    "id_number_encrypted",
    "id_number_hash",
    "id_number_masked",
    "created_at",
    "updated_at",
)
MEMBERSHIP_COLUMNS = (
    "id",
    "deputy",
    "term",
    "level",
    "electoral_unit",
    "delegation",
    "deputy_group",
    *SEAT_COPIES,
    "status",
    "elected_on",
    "ended_on",
)
# The seats' history goes into the one event log (core.Event), named as ``events.record``
# names it (``registry/events.py``, ``core.events.build``).
EVENT_COLUMNS = (
    "occurred_at",
    "kind",
    "subject_type",
    "subject_id",
    "subject_label",
    "actor_id",
    "actor_label",
    "term_id",
    "data",
)


def _seats(rng: random.Random, counties: list[_County]) -> Any:
    """(county, township, level, term, unit, group, elected on) for every seat, in order."""
    for county in counties:
        towns = county.towns
        for _n in range(county.county_seats):
            town = rng.choice(towns)
            yield (
                county,
                town,
                Level.COUNTY,
                county.term,
                town.county_unit,
                town.group,
                dt.date(2021, 12, 5),
            )
        for town in towns:
            for _n in range(county.town_seats.get(town.division.pk, 0)):
                assert town.term is not None and town.town_unit is not None
                yield (
                    county,
                    town,
                    Level.TOWNSHIP,
                    town.term,
                    town.town_unit,
                    town.group,
                    dt.date(2021, 11, 30),
                )


def _deputies(
    rng: random.Random, counties: list[_County], total: int, progress: Progress
) -> dict[str, int]:
    ctx = Ctx(rng=rng, scale="large", progress=progress)
    first_deputy = reserve_ids(Deputy, total)
    first_seat = reserve_ids(Membership, total)
    deputies: list[tuple[Any, ...]] = []
    seats: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    done = n_events = 0
    progress("deputies and seats", 0, total)
    for i, (county, town, level, term, unit, group, elected) in enumerate(_seats(rng, counties)):
        person = _person(ctx, county.division, town.division.name, level, county.mirror.code)
        person.pk = first_deputy + i
        deputies.append(tuple(_value(person, c) for c in DEPUTY_COLUMNS))
        seat_id = first_seat + i
        status, ended = MembershipStatus.SERVING, None
        if rng.random() < 0.005:  # a few left during the term, as in the prefecture seed
            status = rng.choice((MembershipStatus.RESIGNED, MembershipStatus.TERMINATED))
            ended = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
        seats.append(
            (
                seat_id,
                person.pk,
                term.pk,
                level,
                unit.pk,
                None,
                group.pk,
                *(seat_copies(person)[c] for c in SEAT_COPIES),
                status,
                elected,
                ended,
            )
        )
        seat = Membership(pk=seat_id, deputy=person, term=term)
        history = seat_history(
            seat,
            ctx.now,
            status,
            elected,
            ended,
            rng,
            county.division.name,
        )
        events += [_event_row(e) for e in history]
        if len(deputies) >= BULK_CHUNK:
            n_events += _write(deputies, seats, events)
            done += len(deputies)
            deputies, seats, events = [], [], []
            progress("deputies and seats", done, total)
    if deputies:
        n_events += _write(deputies, seats, events)
        done += len(deputies)
    progress("deputies and seats", done, total)
    return {"deputies": done, "memberships": done, "events": n_events}


def _event_row(event: Event) -> tuple[Any, ...]:
    """An unsaved event as a row of ``EVENT_COLUMNS`` in database form (COPY)."""
    return tuple(
        json.dumps(event.data, ensure_ascii=False) if c == "data" else getattr(event, c)
        for c in EVENT_COLUMNS
    )


def _value(person: Deputy, column: str) -> Any:
    if column == "languages":
        return json.dumps(person.languages)
    if column == "photo":
        return ""
    return getattr(person, column)


def _write(deputies: list[Any], seats: list[Any], events: list[Any]) -> int:
    insert_rows(Deputy, DEPUTY_COLUMNS, deputies)
    insert_rows(Membership, MEMBERSHIP_COLUMNS, seats)
    insert_rows(Event, EVENT_COLUMNS, events)
    return len(events)
