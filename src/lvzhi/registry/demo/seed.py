"""Deterministic synthetic data for the whole prefecture (issue: foundation, item 7).

Scales: ``small`` (three counties, a few hundred deputies; used by tests) and ``prefecture``
(all 25 counties and cities, every township, about 15,000 deputies; the demo and benchmarks).
Divisions are real (``core/data/divisions.csv``); people are synthetic. The named personas
(one account per role) are created through the real services and reused by tests and docs.
Mass rows go in with ``bulk_create`` for speed, with the same derived fields the services set.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from lvzhi.core import clock, crypto
from lvzhi.core.console import progress_bar
from lvzhi.core.db import analyze, settle_bulk_load
from lvzhi.core.demo import Volume, run_bulk_seeders, run_seeders
from lvzhi.core.models import Division, DivisionLevel, Event, User
from lvzhi.core.personal import id_check_character, mask_id_number, mask_phone

from .. import events, rules, services
from ..codes import Education, OccupationCategory, PoliticalStatus
from ..models import (
    Congress,
    Deputy,
    Expertise,
    Level,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Role,
    Session,
    Term,
    new_seat,
)
from .names import ethnicity_mix, make_name

T = TypeVar("T")
SHANGHAI = ZoneInfo("Asia/Shanghai")
Progress = Callable[[str, int, int], None]

DEMO_PASSWORD = "Lvzhi@2026demo"  # noqa: S105 - printed by `make demo`, demo data only
SMALL_COUNTIES = ("654002", "654022", "654201")

# Prefecture congress seats per county (roughly by population), the rest of the county
# congress sizes, and the size range of township congresses.
PREFECTURE_SEATS = {
    "654002": 44,
    "654003": 22,
    "654004": 10,
    "654021": 34,
    "654022": 20,
    "654023": 24,
    "654024": 17,
    "654025": 24,
    "654026": 17,
    "654027": 15,
    "654028": 17,
    "654201": 15,
    "654202": 24,
    "654203": 22,
    "654221": 19,
    "654224": 10,
    "654225": 8,
    "654226": 8,
    "654301": 17,
    "654321": 8,
    "654322": 9,
    "654323": 8,
    "654324": 8,
    "654325": 7,
    "654326": 5,
}
COUNTY_SEATS_RANGE = (150, 230)
TOWNSHIP_SEATS_RANGE = (35, 55)
SMALL_FACTOR = {"prefecture": 1.0, "county": 0.25, "township": 0.35}

EXPERTISE = (
    "法律",
    "财政",
    "审计",
    "经济",
    "农业",
    "畜牧",
    "林业",
    "水利",
    "教育",
    "医疗卫生",
    "生态环境",
    "城乡建设",
    "交通",
    "旅游",
    "民族宗教",
    "社会保障",
    "科技",
    "文化",
    "食品安全",
    "基层治理",
    "边境口岸",
    "能源",
    "商贸物流",
    "统计",
)
PREFECTURE_DEPARTMENTS = (
    "发展和改革委员会",
    "教育局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "卫生健康委员会",
    "生态环境局",
    "人力资源和社会保障局",
    "民政局",
    "商务局",
    "文化体育广播电视和旅游局",
    "市场监督管理局",
    "应急管理局",
    "林业和草原局",
    "公安局",
)
COUNTY_DEPARTMENTS = (
    "发展和改革委员会",
    "教育局",
    "财政局",
    "住房和城乡建设局",
    "农业农村局",
    "卫生健康委员会",
    "交通运输局",
    "民政局",
)
SPECIAL_COMMITTEES = (
    "法制委员会",
    "财政经济委员会",
    "教育科学文化卫生委员会",
    "民族宗教外事侨务委员会",
    "农业与农村委员会",
    "社会建设委员会",
)
WORKING_BODIES = ("法制工作委员会", "预算工作委员会", "研究室")
POSITIONS = {
    OccupationCategory.WORKER: ("{co}一线职工", "{co}车间主任", "{co}技术工人", "{co}班组长"),
    OccupationCategory.FARMER: (
        "{place}{village}村村民",
        "{place}{village}村党支部书记",
        "{place}{village}村牧民",
        "{place}养殖专业合作社理事长",
    ),
    OccupationCategory.PROFESSIONAL: (
        "{place}中学教师",
        "{county}人民医院主治医师",
        "{county}农业技术推广站农艺师",
        "{place}卫生院院长",
        "律师事务所律师",
        "{county}第一中学校长",
    ),
    OccupationCategory.CADRE: (
        "{place}{party_secretary}",
        "{place}{head}",
        "{county}人民政府{county_deputy_head}",
        "{county}财政局局长",
        "{place}{congress_head}",
    ),
    OccupationCategory.ENTERPRISE: ("{co}董事长", "{co}总经理", "{place}农产品加工厂厂长"),
    OccupationCategory.MILITARY: ("驻{county}部队干部",),
    OccupationCategory.OTHER: ("{place}社区居委会主任", "{county}个体工商户", "退休干部"),
}
COMPANIES = (
    "伊犁川宁生物",
    "伊力特实业",
    "天山纺织",
    "伊犁电力",
    "霍尔果斯物流",
    "奎屯化工",
    "伊犁果业",
    "那拉提旅游",
    "阿勒泰矿业",
    "塔城农机",
    "新源肉业",
    "昭苏马业",
)
VILLAGES = ("团结", "幸福", "红星", "阿克", "喀拉", "萨尔", "新华", "光明", "胜利", "和平")


def local_titles(place: str, county: str) -> dict[str, str]:
    """The titles a township (乡, 镇) or a street (街道) and its county-level division (县,
    自治县, 市, 区) actually give: a 乡 has a 乡长, a 镇 a 镇长; a street has an office (办事处)
    and a working committee of the people's congress, not a government or a presidium; a
    city has 副市长, a district 副区长, a county 副县长."""
    if place.endswith("街道"):
        titles = {
            "party_secretary": "党工委书记",
            "head": "办事处主任",
            "congress_head": "人大工委主任",
        }
    else:
        kind = "镇" if place.endswith("镇") else "乡"
        titles = {
            "party_secretary": "党委书记",
            "head": f"人民政府{kind}长",
            "congress_head": "人大主席",
        }
    level = county[-1] if county[-1] in "市区县" else "县"
    titles["county_deputy_head"] = f"副{level}长"
    return titles


@dataclass
class Ctx:
    rng: random.Random
    scale: str
    progress: Progress
    ids: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    pinyin_cache: dict[str, tuple[str, str]] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=clock.now)
    expertise_ids: list[int] = field(default_factory=list)


def _console_progress(stage: str, done: int, total: int) -> None:
    progress_bar(stage, done, total, label_width=28)


def _weighted(rng: random.Random, pairs: Iterable[tuple[T, float]]) -> T:
    items = list(pairs)
    return rng.choices([i for i, _w in items], weights=[w for _i, w in items], k=1)[0]


def _org(name: str, kind: str, parent: Organisation | None, **extra: Any) -> Organisation:
    return services.organisation_create(actor=None, name=name, kind=kind, parent=parent, **extra)


@dataclass
class Area:
    """One county with its organisations, as built by the seeder."""

    division: Division
    sc: Organisation
    townships: list[tuple[Division, Organisation]]
    prefecture_unit: Organisation
    delegation: Organisation
    county_congress: Congress
    county_term: Term
    county_units: dict[int, Organisation]  # township division id → county electoral unit
    groups: dict[int, Organisation]  # township division id → deputy group
    county_groups: list[Organisation]


def _demo_deputy_passwords() -> None:
    """The deputies' own accounts that the seeders opened (co-signers, station deputies …)
    get the demo password too, so a demo user can sign in as a colleague and co-sign. One
    hash for all: hashing each with Argon2 would cost seconds."""
    from django.contrib.auth.hashers import make_password

    unusable = {"password__startswith": "!"}  # set_unusable_password() writes "!…"
    User.objects.filter(deputy__isnull=False, **unusable).update(
        password=make_password(DEMO_PASSWORD)
    )


def demo_colleagues(limit: int = 12) -> list[str]:
    """Accounts of deputies serving in the same term as the ``deputy`` persona (for the
    banner: whom to sign in as to co-sign a proposal or a suggestion)."""
    me = Deputy.objects.filter(user__username="deputy").first()
    if me is None:
        return []
    terms = Membership.objects.filter(deputy=me, status="serving").values("term_id")
    return list(
        User.objects.filter(
            deputy__memberships__term_id__in=terms, deputy__memberships__status="serving"
        )
        .exclude(username__in=["deputy", "groupleader"])
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)[:limit]
    )


SCALES = ("small", "prefecture", "large")


def seed(
    scale: str = "small",
    *,
    seed_value: int = 2023,
    progress: Progress | None = None,
    size_factor: float = 1.0,
) -> dict[str, Any]:
    """Fill an empty database. Returns a summary (counts and the persona accounts).

    ``large`` (PostgreSQL only) is ``prefecture`` plus the mass rows of ``large.bulk_load``
    and of each app's bulk seeder, at ``size_factor`` × (1,000,000 deputies, 5,000,000
    suggestions and citizens' opinions)."""
    if scale not in SCALES:
        raise ValueError("scale must be 'small', 'prefecture' or 'large'")
    if scale == "large" and connection.vendor != "postgresql":
        raise ValueError(LARGE_NEEDS_POSTGRES)
    if Congress.objects.exists():
        raise RuntimeError(
            "The database already holds congress data; seeding is for an empty database."
        )
    ctx = Ctx(rng=random.Random(seed_value), scale=scale, progress=progress or _console_progress)
    with transaction.atomic():
        ctx.expertise_ids = [Expertise.objects.get_or_create(name=n)[0].pk for n in EXPERTISE]
        root, pref_congress, pref_term, bodies = _prefecture(ctx)
        areas = _areas(ctx, root, pref_congress)
        _deputies(ctx, pref_term, areas)
        personas = _personas(ctx, root, bodies, areas, pref_term)
        analyze(Deputy, Membership, Organisation, Event)
        run_seeders(scale, random.Random(seed_value + 1), ctx.progress)
        _demo_deputy_passwords()
        if scale == "large":
            seed_large_mass(Volume.large(size_factor), seed_value, ctx.progress)
    if scale == "large":
        ctx.progress("vacuum and statistics", 0, 0)
        settle_bulk_load()
    return {
        "deputies": Deputy.objects.count(),
        "memberships": Membership.objects.count(),
        "organisations": Organisation.objects.count(),
        "personas": personas,
    }


def _prefecture(ctx: Ctx) -> tuple[Organisation, Congress, Term, dict[str, Organisation]]:
    ctx.progress("prefecture organs", 0, 0)
    pref = Division.objects.get(code="654000")
    congress = Congress.objects.create(
        division=pref, level=Level.PREFECTURE, name="伊犁哈萨克自治州人民代表大会"
    )
    term = Term.objects.create(
        congress=congress,
        number=15,
        starts_on=dt.date(2022, 1, 5),
        ends_on=dt.date(2027, 1, 4),
        is_current=True,
    )
    for n, year in enumerate(range(2022, 2027), start=1):
        Session.objects.create(
            term=term,
            number=n,
            opens_on=dt.date(year, 1, 5 + n),
            closes_on=dt.date(year, 1, 9 + n),
            proposal_deadline=dt.datetime(year, 1, 7 + n, 18, 0, tzinfo=SHANGHAI),
        )
    root = _org(
        "伊犁哈萨克自治州人大常委会",
        OrgKind.STANDING_COMMITTEE,
        None,
        division=pref,
        congress=congress,
        short_name="州人大常委会",
    )
    bodies = {
        "office": _org(
            "自治州人大常委会办公室", OrgKind.OFFICE, root, division=pref, congress=congress
        ),
        "deputy_affairs": _org(
            "自治州人大常委会代表工作委员会",
            OrgKind.DEPUTY_AFFAIRS,
            root,
            division=pref,
            congress=congress,
        ),
        "secretariat": _org(
            "自治州十五届人大会议秘书处",
            OrgKind.SECRETARIAT,
            root,
            division=pref,
            congress=congress,
        ),
    }
    for name in WORKING_BODIES:
        _org(
            f"自治州人大常委会{name}", OrgKind.WORKING_BODY, root, division=pref, congress=congress
        )
    for name in SPECIAL_COMMITTEES:
        bodies[name] = _org(
            f"自治州人大{name}", OrgKind.SPECIAL_COMMITTEE, root, division=pref, congress=congress
        )
    gov = _org("伊犁哈萨克自治州人民政府", OrgKind.GOVERNMENT, root, division=pref)
    bodies["government"] = gov
    for dept in PREFECTURE_DEPARTMENTS:
        bodies[f"dept:{dept}"] = _org(
            f"自治州{dept}", OrgKind.GOVERNMENT_DEPARTMENT, gov, division=pref
        )
    _org("伊犁供电公司", OrgKind.OTHER_HANDLING_UNIT, root, division=pref)
    _org("伊犁哈萨克自治州监察委员会", OrgKind.SUPERVISORY_COMMISSION, root, division=pref)
    _org("伊犁哈萨克自治州中级人民法院", OrgKind.COURT, root, division=pref)
    _org("伊犁哈萨克自治州人民检察院", OrgKind.PROCURATORATE, root, division=pref)
    bodies["home"] = _org("自治州人大代表之家", OrgKind.STATION, root, division=pref)
    for code, name in (
        ("654200", "塔城地区人大工作委员会"),
        ("654300", "阿勒泰地区人大工作委员会"),
    ):
        region = Division.objects.get(code=code)
        bodies[code] = _org(name, OrgKind.REGIONAL_WORK_COMMITTEE, root, division=region)
        _org(
            name.replace("人大工作委员会", "人大代表之家"),
            OrgKind.STATION,
            bodies[code],
            division=region,
        )
    return root, congress, term, bodies


def _county_name_short(name: str) -> str:
    for suffix in ("锡伯自治县", "蒙古自治县"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _areas(ctx: Ctx, root: Organisation, pref_congress: Congress) -> list[Area]:
    counties = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code")
    if ctx.scale == "small":
        counties = counties.filter(code__in=SMALL_COUNTIES)
    counties_list = list(counties)
    regional = {
        o.division.code if o.division else "": o
        for o in Organisation.objects.filter(kind=OrgKind.REGIONAL_WORK_COMMITTEE).select_related(
            "division"
        )
    }
    areas = []
    for i, county in enumerate(counties_list, start=1):
        ctx.progress("counties and townships", i - 1, len(counties_list))
        parent = regional.get(county.code[:4] + "00", root)
        areas.append(_county(ctx, county, parent, pref_congress))
    ctx.progress("counties and townships", len(counties_list), len(counties_list))
    services.organisation_paths_rebuild()
    return areas


def _county(ctx: Ctx, county: Division, parent: Organisation, pref_congress: Congress) -> Area:
    rng = ctx.rng
    congress = Congress.objects.create(
        division=county, level=Level.COUNTY, name=f"{county.name}人民代表大会"
    )
    number = 17 + rng.randint(0, 2)
    term = Term.objects.create(
        congress=congress,
        number=number,
        starts_on=dt.date(2021, 12, 20),
        ends_on=dt.date(2026, 12, 19),
        is_current=True,
    )
    for n, year in enumerate(range(2022, 2027), start=1):
        Session.objects.create(
            term=term, number=n, opens_on=dt.date(year, 1, 2), closes_on=dt.date(year, 1, 4)
        )
    sc = _org(
        f"{county.name}人大常委会",
        OrgKind.STANDING_COMMITTEE,
        parent,
        division=county,
        congress=congress,
    )
    short = _county_name_short(county.name)
    _org(f"{county.name}人大常委会办公室", OrgKind.OFFICE, sc, division=county, congress=congress)
    pref_unit = _org(
        f"{short}（自治州人大代表选举单位）",
        OrgKind.ELECTORAL_UNIT,
        sc,
        division=county,
        congress=pref_congress,
        short_name=f"{short}选举单位",
    )
    delegation = _org(
        f"{short}代表团", OrgKind.DELEGATION, sc, division=county, congress=pref_congress
    )
    county_groups = [
        _org(f"自治州人大代表{short}第{n}小组", OrgKind.DEPUTY_GROUP, delegation, division=county)
        for n in range(1, 3)
    ]
    gov = _org(f"{county.name}人民政府", OrgKind.GOVERNMENT, sc, division=county)
    for dept in COUNTY_DEPARTMENTS:
        _org(f"{short}{dept}", OrgKind.GOVERNMENT_DEPARTMENT, gov, division=county)
    _org(f"{county.name}监察委员会", OrgKind.SUPERVISORY_COMMISSION, sc, division=county)
    _org(f"{county.name}人民法院", OrgKind.COURT, sc, division=county)
    _org(f"{county.name}人民检察院", OrgKind.PROCURATORATE, sc, division=county)
    _org(f"{county.name}人大代表工作室", OrgKind.STATION, sc, division=county)
    townships = list(Division.objects.filter(parent=county).order_by("code"))
    if ctx.scale == "small":
        townships = townships[:4]
    area = Area(
        division=county,
        sc=sc,
        townships=[],
        prefecture_unit=pref_unit,
        delegation=delegation,
        county_congress=congress,
        county_term=term,
        county_units={},
        groups={},
        county_groups=county_groups,
    )
    for town in townships:
        is_street = town.code[6] == "0"
        head = _org(
            f"{town.name}人大工委" if is_street else f"{town.name}人大主席团",
            OrgKind.WORKING_BODY if is_street else OrgKind.TOWNSHIP_PRESIDIUM,
            sc,
            division=town,
        )
        area.county_units[town.pk] = _org(
            f"{town.name}（{short}人大代表选区）",
            OrgKind.ELECTORAL_UNIT,
            head,
            division=town,
            congress=congress,
            short_name=f"{town.name}选区",
        )
        area.groups[town.pk] = _org(
            f"{town.name}人大代表小组", OrgKind.DEPUTY_GROUP, head, division=town
        )
        _org(f"{town.name}人大代表联络站", OrgKind.STATION, head, division=town)
        if not is_street:
            tc = Congress.objects.create(
                division=town, level=Level.TOWNSHIP, name=f"{town.name}人民代表大会"
            )
            tt = Term.objects.create(
                congress=tc,
                number=term.number + 1,
                starts_on=dt.date(2021, 12, 10),
                ends_on=dt.date(2026, 12, 9),
                is_current=True,
            )
            Session.objects.create(
                term=tt, number=1, opens_on=dt.date(2021, 12, 10), closes_on=dt.date(2021, 12, 11)
            )
            head.congress = tc
            head.save(update_fields=["congress"])
            _org(
                f"{town.name}（乡镇人大代表选区）",
                OrgKind.ELECTORAL_UNIT,
                head,
                division=town,
                congress=tc,
                short_name=f"{town.name}乡镇选区",
            )
        area.townships.append((town, head))
    return area


def _id_number(ctx: Ctx, county_code: str, birth: dt.date, gender: str) -> str:
    while True:
        seq = ctx.rng.randint(0, 499) * 2 + (1 if gender == "1" else 0)
        first17 = f"{county_code}{birth:%Y%m%d}{seq:03d}"
        value = first17 + id_check_character(first17)
        if value not in ctx.ids:
            ctx.ids.add(value)
            return value


def _phone(ctx: Ctx) -> str:
    while True:
        value = f"1{ctx.rng.choice('35789')}{ctx.rng.randint(0, 999_999_999):09d}"
        if value not in ctx.phones:
            ctx.phones.add(value)
            return value


def _person(
    ctx: Ctx, county: Division, place: str, level: str, mix_code: str | None = None
) -> Deputy:
    """One synthetic person. ``mix_code``: the real county whose ethnic mix a synthetic
    county of the large scale mirrors (its own code, starting with 9, makes the ID number)."""
    rng = ctx.rng
    ethnicity = _weighted(rng, ethnicity_mix(mix_code or county.code))
    gender = "2" if rng.random() < (0.32 if level != "township" else 0.28) else "1"
    name = make_name(rng, ethnicity, gender)
    age = int(rng.triangular(26, 64, 48))
    birth = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    category = _weighted(
        rng,
        [
            (OccupationCategory.FARMER, 0.30 if level != "prefecture" else 0.18),
            (OccupationCategory.WORKER, 0.14),
            (OccupationCategory.PROFESSIONAL, 0.18),
            (OccupationCategory.CADRE, 0.22 if level != "township" else 0.14),
            (OccupationCategory.ENTERPRISE, 0.08),
            (OccupationCategory.MILITARY, 0.01),
            (OccupationCategory.OTHER, 0.07),
        ],
    )
    grassroots = category in (OccupationCategory.FARMER, OccupationCategory.WORKER) or (
        category in (OccupationCategory.PROFESSIONAL, OccupationCategory.OTHER)
        and rng.random() < 0.5
    )
    position = rng.choice(POSITIONS[category]).format(
        co=rng.choice(COMPANIES) + "公司",
        place=place,
        county=county.name,
        village=rng.choice(VILLAGES),
        **local_titles(place, county.name),
    )
    political = _weighted(
        rng,
        [
            (PoliticalStatus.CPC_MEMBER, 0.66),
            (PoliticalStatus.MASSES, 0.2),
            (PoliticalStatus.NON_PARTISAN, 0.05),
            (PoliticalStatus.CYL_MEMBER, 0.03),
            (PoliticalStatus.CDL, 0.02),
            (PoliticalStatus.JIUSAN, 0.02),
            (PoliticalStatus.CAPD, 0.02),
        ],
    )
    education = _weighted(
        rng,
        [
            (Education.POSTGRADUATE, 0.08 if level == "prefecture" else 0.03),
            (Education.UNDERGRADUATE, 0.45),
            (Education.JUNIOR_COLLEGE, 0.25),
            (Education.SENIOR_HIGH, 0.12),
            (Education.JUNIOR_HIGH, 0.08),
        ],
    )
    id_number = _id_number(ctx, county.code, birth, gender)
    phone = _phone(ctx)
    if name not in ctx.pinyin_cache:
        ctx.pinyin_cache[name] = rules.pinyin_of(name)
    pinyin, initials = ctx.pinyin_cache[name]
    languages = ["zh"]
    extra_language = {"05": "ug", "17": "kk", "02": "mn", "38": "sjo", "29": "ky", "44": "ru"}
    if ethnicity in extra_language:
        languages.append(extra_language[ethnicity])
    return Deputy(
        name=name,
        name_pinyin=pinyin,
        name_initials=initials,
        gender=gender,
        ethnicity=ethnicity,
        political_status=political,
        education=education,
        birth_date=birth,
        position=position[:200],
        occupation_category=category,
        is_grassroots=grassroots,
        is_frontline=category in (OccupationCategory.FARMER, OccupationCategory.WORKER),
        holds_leading_post=category == OccupationCategory.CADRE,
        languages=languages,
        public_contact=f"{county.name}人大常委会代表联络电话" if rng.random() < 0.3 else "",
        id_number_encrypted=crypto.encrypt(id_number),
        id_number_hash=crypto.lookup_hash(id_number),
        id_number_masked=mask_id_number(id_number),
        phone_encrypted=crypto.encrypt(phone),
        phone_hash=crypto.lookup_hash(phone),
        phone_masked=mask_phone(phone),
        created_at=ctx.now,
        updated_at=ctx.now,
    )


def _seats(ctx: Ctx, level: str, base: int) -> int:
    if ctx.scale == "small":
        return max(4, int(base * SMALL_FACTOR[level]))
    return base


@dataclass
class _Seat:
    deputy: Deputy
    term: Term
    electoral_unit: Organisation
    delegation: Organisation | None
    deputy_group: Organisation | None
    elected_on: dt.date


def seat_history(
    seat: Membership,
    at: dt.datetime,
    status: str,
    elected_on: dt.date,
    ended_on: dt.date | None,
    rng: random.Random,
    office: str,
) -> list[Event]:
    """A demo seat's events, unsaved: its election and, where it has ended (resigned, or moved
    out of the area), its end, by a decision numbered for the standing committee of ``office``
    (the place's short name)."""
    history = [events.elected_unsaved(seat, actor=None, at=at, on=elected_on, reason="当选")]
    if ended_on:
        reason = "辞去代表职务" if status == MembershipStatus.RESIGNED else "调离本行政区域"
        history.append(
            events.unsaved(
                events.seat_status_changed,
                seat=seat,
                actor=None,
                at=at,
                status=status,
                on=ended_on,
                reason=reason,
                document_no=f"{office}人常〔2024〕{rng.randint(1, 60)}号"[:64],
            )
        )
    return history


def _deputies(ctx: Ctx, pref_term: Term, areas: list[Area]) -> None:
    rng = ctx.rng
    seats: list[_Seat] = []
    township_terms = {
        t.congress.division_id: t
        for t in Term.objects.filter(congress__level=Level.TOWNSHIP).select_related("congress")
    }
    township_units = {
        o.division_id: o
        for o in Organisation.objects.filter(
            kind=OrgKind.ELECTORAL_UNIT, congress__level=Level.TOWNSHIP
        )
    }
    for i, area in enumerate(areas, start=1):
        ctx.progress("deputies", i - 1, len(areas))
        county = area.division
        towns = area.townships
        pref_people: list[Deputy] = []
        for _n in range(_seats(ctx, "prefecture", PREFECTURE_SEATS.get(county.code, 8))):
            town, _head = rng.choice(towns)
            person = _person(ctx, county, town.name, "prefecture")
            pref_people.append(person)
            seats.append(
                _Seat(
                    person,
                    pref_term,
                    area.prefecture_unit,
                    area.delegation,
                    rng.choice(area.county_groups),
                    dt.date(2021, 12, 28),
                )
            )
        county_people: dict[int, list[Deputy]] = {}
        n_county = _seats(ctx, "county", rng.randint(*COUNTY_SEATS_RANGE))
        for _n in range(n_county):
            town, _head = rng.choice(towns)
            if pref_people and rng.random() < 0.08:
                person = pref_people.pop()  # also a prefecture deputy: one person, two levels
            else:
                person = _person(ctx, county, town.name, "county")
            county_people.setdefault(town.pk, []).append(person)
            seats.append(
                _Seat(
                    person,
                    area.county_term,
                    area.county_units[town.pk],
                    None,
                    area.groups[town.pk],
                    dt.date(2021, 12, 5),
                )
            )
        for town, _head in towns:
            term = township_terms.get(town.pk)
            if term is None:
                continue  # streets have no congress of their own
            candidates = list(county_people.get(town.pk, []))
            for _n in range(_seats(ctx, "township", rng.randint(*TOWNSHIP_SEATS_RANGE))):
                if candidates and rng.random() < 0.1:
                    person = candidates.pop()
                else:
                    person = _person(ctx, county, town.name, "township")
                seats.append(
                    _Seat(
                        person,
                        term,
                        township_units[town.pk],
                        None,
                        area.groups[town.pk],
                        dt.date(2021, 11, 30),
                    )
                )
    ctx.progress("deputies", len(areas), len(areas))
    people = list({id(s.deputy): s.deputy for s in seats}.values())
    for start in range(0, len(people), 2000):
        Deputy.objects.bulk_create(people[start : start + 2000])
        ctx.progress("writing deputies", min(start + 2000, len(people)), len(people))
    through = Deputy.expertise.through
    through.objects.bulk_create(
        [
            through(deputy_id=p.pk, expertise_id=e)
            for p in people
            for e in rng.sample(ctx.expertise_ids, rng.choice((0, 1, 1, 2, 2, 3)))
        ],
        batch_size=2000,
    )
    memberships = [new_seat(s.deputy, s.term, s) for s in seats]
    # A few status changes so the history shows more than elections.
    for m in rng.sample(memberships, max(1, len(memberships) // 200)):
        m.status = rng.choice((MembershipStatus.RESIGNED, MembershipStatus.TERMINATED))
        m.ended_on = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
    for start in range(0, len(memberships), 2000):
        Membership.objects.bulk_create(memberships[start : start + 2000])
        ctx.progress("writing seats", min(start + 2000, len(memberships)), len(memberships))
    # Each seat's history in the event log: its election, and its end where it ended.
    history: list[Event] = []
    for m in memberships:
        history += seat_history(
            m,
            ctx.now,
            m.status,
            m.elected_on,
            m.ended_on,
            rng,
            "伊",
        )
    Event.objects.bulk_create(history, batch_size=2000)


LARGE_NEEDS_POSTGRES = (
    "The 'large' scale (1,000,000 deputies, 5,000,000 suggestions and opinions) is built with "
    "COPY and needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite would take hours and "
    "tens of gigabytes in one file)."
)


def seed_large_mass(volume: Volume, seed_value: int, progress: Progress) -> None:
    """The mass rows of the large scale on top of a seeded prefecture (also used by tests at a
    tiny volume): synthetic regions with their deputies, then each app's bulk seeder."""
    from .large import bulk_load

    bulk_load(volume, random.Random(seed_value + 2), progress)
    run_bulk_seeders(volume, random.Random(seed_value + 3), progress)


PERSONAS: tuple[tuple[str, str, str, str], ...] = (
    # username, display name, role, organisation key
    ("admin", "系统管理员", Role.ADMIN, "root"),
    ("office", "代表工委 李建华", Role.OFFICE, "deputy_affairs"),
    ("secretariat", "大会秘书处 王芳", Role.SECRETARIAT, "secretariat"),
    ("recorder", "主任会议决定录入 张伟", Role.DECISION_RECORDER, "office"),
    ("committee", "财经委 刘洋", Role.COMMITTEE, "财政经济委员会"),
    ("yining", "伊宁市人大常委会 马丽", Role.UNIT_STAFF, "county:654002"),
    ("chabuchaer", "察布查尔县人大常委会 关永庆", Role.UNIT_STAFF, "county:654022"),
    ("tacheng", "塔城地区人大工委 赵磊", Role.UNIT_STAFF, "region:654200"),
    ("scmember", "常委会组成人员 陈光明", Role.SC_MEMBER, "root"),
    ("handling", "自治州教育局 承办人 孙静", Role.HANDLING_UNIT, "dept:教育局"),
    ("station", "萨依布依街道联络站 古丽", Role.STATION_STAFF, "station"),
)


def _personas(
    ctx: Ctx,
    root: Organisation,
    bodies: dict[str, Organisation],
    areas: list[Area],
    pref_term: Term,
) -> list[dict[str, str]]:
    ctx.progress("demo accounts", 0, 0)
    lookup = {"root": root, **bodies}
    for area in areas:
        lookup[f"county:{area.division.code}"] = area.sc
    for code in ("654200",):
        lookup[f"region:{code}"] = bodies[code]
    station = (
        Organisation.objects.filter(kind=OrgKind.STATION, division__parent__code="654002")
        .order_by("path")
        .first()
    )
    if station is not None:
        lookup["station"] = station
    out = []
    for username, display, role, key in PERSONAS:
        org = lookup.get(key)
        if org is None:
            continue
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, display_name=display
        )
        if role == Role.ADMIN:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        services.role_grant(actor=None, user=user, role=role, organisation=org)
        out.append(
            {
                "username": username,
                "role": str(Role(role).label),
                "scope": org.name,
                "name": display,
            }
        )
    # A prefecture deputy from 伊宁市, who also leads a deputy group.
    seat = (
        Membership.objects.filter(
            term=pref_term, electoral_unit__division__code="654002", status=MembershipStatus.SERVING
        )
        .select_related("deputy", "deputy_group")
        .order_by("id")
        .first()
    )
    if seat is not None:
        user = User.objects.create_user(
            username="deputy", password=DEMO_PASSWORD, display_name=f"代表 {seat.deputy.name}"
        )
        services.deputy_link_account(actor=None, deputy=seat.deputy, user=user)
        out.append(
            {
                "username": "deputy",
                "role": str(Role.DEPUTY.label),
                "scope": seat.deputy.name,
                "name": seat.deputy.name,
            }
        )
        if seat.deputy_group is not None:
            leader = User.objects.create_user(
                username="groupleader", password=DEMO_PASSWORD, display_name="代表小组组长"
            )
            other = (
                Membership.objects.filter(
                    deputy_group=seat.deputy_group, status=MembershipStatus.SERVING
                )
                .exclude(deputy=seat.deputy)
                .select_related("deputy")
                .first()
            )
            if other is not None:
                leader.display_name = f"代表小组组长 {other.deputy.name}"
                leader.save(update_fields=["display_name"])
                services.deputy_link_account(actor=None, deputy=other.deputy, user=leader)
                services.role_grant(
                    actor=None, user=leader, role=Role.GROUP_LEADER, organisation=seat.deputy_group
                )
                out.append(
                    {
                        "username": "groupleader",
                        "role": str(Role.GROUP_LEADER.label),
                        "scope": seat.deputy_group.name,
                        "name": other.deputy.name,
                    }
                )
    return out
