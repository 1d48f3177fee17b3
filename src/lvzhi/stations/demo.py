"""Demo stations and citizens' opinions: a profile for every station of the organisation tree,
deputies entering each, a rota of reception days, and a year of opinions in every state at a
set of stations (the station persona's post among them). Built by calling the real services
with the clock set to the day each step happened; deterministic (seeded random)."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from lvzhi.core import clock
from lvzhi.core.demo import BULK_CHUNK, Progress, Volume
from lvzhi.core.demotime import at_past as _at
from lvzhi.core.models import User
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Deputy, Level, Membership, MembershipStatus, Organisation, OrgKind

from . import rules, services
from .models import (
    Activity,
    ActivityKind,
    Category,
    MatterLevel,
    Opinion,
    Outcome,
    ReceptionDay,
    StandardCheck,
    Station,
    StationDeputy,
    StationLevel,
)
from .services import CODE_ALPHABET, CODE_LENGTH

ROOMS = ("人民政府一楼", "人民政府二楼", "便民服务中心")
HOURS = ("周一至周五 10:00-13:30, 16:00-19:30", "周一至周五 9:30-13:30, 15:30-19:30")
TOPICS: dict[str, tuple[str, ...]] = {
    Category.TRANSPORT: (
        "村口道路破损，雨天积水严重",
        "希望增开到县城的公交班次",
        "学校门口缺少减速带",
    ),
    Category.AGRICULTURE: (
        "灌溉渠年久失修，春灌用水困难",
        "希望组织牲畜防疫技术培训",
        "草场围栏破损需要维修",
    ),
    Category.EDUCATION: ("幼儿园学位紧张，孩子入园难", "农村学校缺少音体美老师"),
    Category.HEALTH: ("村卫生室药品不全", "希望卫生院增加周末门诊"),
    Category.SOCIAL: ("灵活就业人员参保政策咨询", "养老服务站活动场地太小"),
    Category.URBAN: ("小区路灯长期不亮", "老旧小区供暖管道漏水", "自来水水压偏低"),
    Category.ENVIRONMENT: ("河道有人倾倒建筑垃圾", "夜间工地噪声扰民"),
    Category.OTHER: ("希望社区增设便民服务窗口",),
}
PERSONAL_TOPICS = ("对本人劳动争议判决不服", "反映本人宅基地纠纷信访问题")
ANSWERS = (
    "已与村委会和乡镇有关部门现场查看，已列入本月维修计划。",
    "已向群众解释有关政策，并告知办理渠道和所需材料。",
    "已协调有关单位，近期将予以解决，代表将持续跟进。",
)


def _phone(rng: random.Random) -> str:
    return rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _station_profiles(rng: random.Random) -> list[Station]:
    """A profile for every station organisation (mass rows with bulk_create, with the level
    the service derives, R40)."""
    now = clock.now()
    rows = []
    for org in (
        Organisation.objects.filter(kind=OrgKind.STATION, division__isnull=False)
        .select_related("division")
        .order_by("path")
    ):
        assert org.division is not None
        rows.append(
            Station(
                organisation=org,
                level=rules.station_level_for(org.division.level),
                address=org.division.name + rng.choice(ROOMS),
                opening_hours=rng.choice(HOURS),
                public_phone=f"0999-{rng.randint(8000000, 8999999)}",
                created_at=now,
            )
        )
    Station.objects.bulk_create(rows, batch_size=500)
    return list(Station.objects.select_related("organisation__division").order_by("pk"))


def _entries(stations: list[Station], rng: random.Random) -> dict[int, list[Deputy]]:
    """Deputies enter the station of the place that elected them (Art 79: every level)."""
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    for deputy_id, level, code in (
        Membership.objects.filter(status=MembershipStatus.SERVING)
        .order_by("id")
        .values_list("deputy_id", "level", "electoral_unit__division__code")
    ):
        code = code or ""
        if level == Level.TOWNSHIP:
            by_place[("post", code[:9])].append(deputy_id)
        elif level == Level.COUNTY:
            by_place[("studio", code[:6])].append(deputy_id)
            by_place[("post", code[:9])].append(deputy_id)
        else:
            by_place[("home", code[:4])].append(deputy_id)
            by_place[("home", "")].append(deputy_id)
            by_place[("studio", code[:6])].append(deputy_id)
    persona = Deputy.objects.filter(user__username="deputy").first()
    staff_station = (
        Station.objects.filter(organisation__role_assignments__user__username="station")
        .order_by("pk")
        .first()
    )
    chosen: dict[int, list[int]] = {}
    for st in stations:
        code = st.organisation.division.code if st.organisation.division else ""
        if st.level == StationLevel.HOME:
            key = ("home", "" if code.endswith("0000") else code[:4])
        elif st.level == StationLevel.STUDIO:
            key = ("studio", code[:6])
        else:
            key = ("post", code[:9])
        pool = sorted(set(by_place.get(key, [])))
        chosen[st.pk] = rng.sample(pool, min(len(pool), 4))
    if persona is not None and staff_station is not None:
        chosen[staff_station.pk] = [
            persona.pk,
            *[d for d in chosen[staff_station.pk] if d != persona.pk],
        ]
    deputies = Deputy.objects.in_bulk([d for ids in chosen.values() for d in ids])
    out: dict[int, list[Deputy]] = {}
    since = clock.today() - dt.timedelta(days=400)
    rows = []
    for st in stations:
        out[st.pk] = [deputies[d] for d in chosen[st.pk]]
        rows += [StationDeputy(station=st, deputy_id=d, since=since) for d in chosen[st.pk]]
    StationDeputy.objects.bulk_create(rows, batch_size=1000)
    return out


def _receptions(
    stations: list[Station], entering: dict[int, list[Deputy]], rng: random.Random
) -> None:
    """Two reception days ahead on every station's rota, with two deputies each."""
    today = clock.today()
    days, present = [], []
    for st in stations:
        deputies = entering[st.pk]
        if not deputies:
            continue
        for offset in (rng.randint(2, 12), rng.randint(20, 40)):
            days.append(
                ReceptionDay(
                    station=st,
                    day=today + dt.timedelta(days=offset),
                    starts_at=dt.time(10, 0),
                    ends_at=dt.time(12, 30),
                    topic=rng.choice(("", "集中接待选民", "听取群众对民生实事的意见")),
                )
            )
            present.append(rng.sample(deputies, min(2, len(deputies))))
    ReceptionDay.objects.bulk_create(days, batch_size=1000)
    _store_present(ReceptionDay.deputies.through, "receptionday_id", days, present)


def _store_present(through: Any, column: str, rows: list[Any], present: list[list[Deputy]]) -> None:
    """The deputies present at each of ``rows`` (``present``, in the same order), stored in
    the many-to-many table ``through`` whose key of the row is ``column``."""
    through.objects.bulk_create(
        [
            through(**{column: row.pk, "deputy_id": d.pk})
            for row, ds in zip(rows, present, strict=True)
            for d in ds
        ],
        batch_size=1000,
    )


EVIDENCE = {
    "site": "独立接待室一间，面积约40平方米",
    "sign": "门口悬挂统一标识牌",
    "equipment": "配备电脑、打印机、投影仪和档案柜",
    "staff": "明确专职联络员一名",
    "rules": "接待制度、意见办理制度上墙",
    "plan": "年度活动计划已印发",
    "activities": "每月至少开展一次接待活动",
    "materials": "代表履职学习资料齐全",
    "ledger": "活动台账、意见办理台账完整",
    "funds": "年度工作经费已列入预算",
}
ACTIVITY_TITLES = {
    ActivityKind.RECEPTION: "代表集中接待选民",
    ActivityKind.REPORT: "代表向原选区选民述职",
    ActivityKind.INSPECTION: "代表视察民生实事项目",
    ActivityKind.STUDY: "代表履职学习交流会",
    ActivityKind.PUBLICITY: "宣传党的路线方针政策",
}


def _standard_and_ledger(
    stations: list[Station], entering: dict[int, list[Deputy]], rng: random.Random
) -> None:
    """R41: most stations meet most of the 十有 items; each keeps a ledger of activities."""
    today = clock.today()
    now = clock.now()
    checks, activities, present = [], [], []
    for st in stations:
        missing = set(rng.sample(sorted(EVIDENCE), rng.choice((0, 0, 1, 2, 3))))
        checks += [
            StandardCheck(station=st, item=item, met=True, evidence=text, checked_on=today)
            for item, text in EVIDENCE.items()
            if item not in missing
        ]
        deputies = entering[st.pk]
        if not deputies:
            continue
        for kind in rng.sample(list(ACTIVITY_TITLES), 2):
            activities.append(
                Activity(
                    station=st,
                    kind=kind,
                    held_on=today - dt.timedelta(days=rng.randint(1, 300)),
                    title=ACTIVITY_TITLES[kind],
                    participants=rng.randint(8, 60),
                    evaluation=rng.choices(("satisfied", "basically", "unsatisfied"), (80, 17, 3))[
                        0
                    ]
                    if kind == ActivityKind.REPORT
                    else "",
                    recorded_at=now,
                )
            )
            present.append(rng.sample(deputies, min(len(deputies), 2)))
    StandardCheck.objects.bulk_create(checks, batch_size=1000)
    Activity.objects.bulk_create(activities, batch_size=1000)
    _store_present(Activity.deputies.through, "activity_id", activities, present)


def _leaders(stations: list[Station], rng: random.Random) -> None:
    """R41 (Art 80): most prefecture deputies holding leading posts held an activity at the
    studio of the county that elected them this year; a few have not yet."""
    studios = {
        st.organisation.division.code: st
        for st in stations
        if st.level == StationLevel.STUDIO and st.organisation.division is not None
    }
    today = clock.today()
    seats = (
        Membership.objects.filter(
            level=Level.PREFECTURE,
            status=MembershipStatus.SERVING,
            term__is_current=True,
            deputy__holds_leading_post=True,
        )
        .select_related("deputy", "electoral_unit__division")
        .order_by("id")
    )
    for m in seats:
        division = m.electoral_unit.division
        studio = studios.get(division.code[:6]) if division is not None else None
        if studio is None or rng.random() < 0.2:
            continue
        if not StationDeputy.objects.filter(station=studio, deputy=m.deputy).exists():
            services.station_deputy_add(actor=None, station=studio, deputy=m.deputy)
        services.activity_record(
            actor=None,
            station=studio,
            kind=ActivityKind.RECEPTION,
            held_on=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=rng.randint(1, 200))),
            title="领导干部代表进站接待群众",
            deputies=[m.deputy],
            participants=rng.randint(10, 40),
        )


def _account(d: Deputy) -> User:
    if d.user is None:
        # The account bears the deputy's name: pages and timelines show names, not "deputy7".
        user = User.objects.create_user(
            username=f"deputy{d.pk}", password=None, display_name=d.name
        )
        registry_services.deputy_link_account(actor=None, deputy=d, user=user)
        d.user = user
    return d.user


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    progress("stations", 0, 0)
    stations = _station_profiles(rng)
    if not stations:
        return
    entering = _entries(stations, rng)
    _receptions(stations, entering, rng)
    _standard_and_ledger(stations, entering, rng)
    _leaders(stations, rng)
    staff = User.objects.filter(username="station").first()
    if staff is None:
        return
    staff_station = Station.objects.filter(organisation__role_assignments__user=staff).first()
    # Opinions at the persona's station and at a few others, each with its own staff account.
    busy = [s for s in stations if len(entering[s.pk]) >= 2 and s != staff_station]
    busy = rng.sample(busy, min(len(busy), 4 if scale == "small" else 24))
    if staff_station is not None:
        busy.insert(0, staff_station)
    staff_of: dict[int, User] = {}
    for st in busy:
        if st == staff_station:
            staff_of[st.pk] = staff
            continue
        user = User.objects.create_user(
            username=f"station{st.pk}",
            password=None,
            display_name=f"{st.organisation.name} 工作人员",
        )
        registry_services.role_grant(
            actor=None, user=user, role="station_staff", organisation=st.organisation
        )
        staff_of[st.pk] = user
    total = 60 if scale == "small" else 300
    today = clock.today()
    for i in range(total):
        st = busy[0] if i % 3 == 0 else rng.choice(busy)
        _opinion(st, entering[st.pk], staff_of[st.pk], today, rng)
        progress("station opinions", i + 1, total)


FATES = (("received", 8), ("assigned", 14), ("handled", 10), ("answered", 12), ("closed", 56))
ORDER = ("received", "assigned", "handled", "answered", "closed")


def _opinion(
    st: Station, deputies: list[Deputy], staff: User, today: dt.date, rng: random.Random
) -> None:
    fate = rng.choices([f for f, _w in FATES], [w for _f, w in FATES])[0]
    stop = ORDER.index(fate)
    gaps = [rng.randint(1, 4), rng.randint(2, 20), rng.randint(1, 6), rng.randint(1, 8)]
    # Closed ones spread over the year; open ones are recent (a few are left overdue).
    if fate == "closed":
        received = today - dt.timedelta(days=rng.randint(sum(gaps), 365))
    else:
        late = rng.random() < 0.2
        received = today - dt.timedelta(
            days=sum(gaps[:stop]) + (rng.randint(20, 40) if late else rng.randint(0, 2))
        )
    personal = rng.random() < 0.06
    category = rng.choice(list(TOPICS))
    title = rng.choice(PERSONAL_TOPICS if personal else TOPICS[category])
    place = st.organisation.division.name if st.organisation.division else ""
    data = services.OpinionData(
        name=rng.choice("王李张刘陈马阿古")
        + rng.choice(("丽", "军", "江", "娜", "明", "别克", "兰")),
        phone="1" + _phone(rng),
        category=category,
        title=title,
        body=f"{place}群众反映：{title}，希望代表帮助反映解决。",
    )
    addressed = rng.choice(deputies) if rng.random() < 0.3 else None
    with clock.frozen(_at(received, rng.randint(9, 18))):
        if rng.random() < 0.5:
            o = services.opinion_submit(station=st, data=data, deputy=addressed, rng=rng)
        else:
            o = services.opinion_record(
                actor=staff, station=st, data=data, deputy=addressed, rng=rng
            )
    if stop == 0:
        return
    day = received + dt.timedelta(days=gaps[0])
    if personal:
        with clock.frozen(_at(day, 11)):
            services.opinion_redirect(
                actor=staff,
                opinion=o,
                explanation="该问题属于个人涉法涉诉事项，已告知群众依法向人民法院或信访部门反映，"
                "并提供了联系方式。",
            )
        stop = max(stop, 2)
    else:
        handlers = rng.sample(deputies, min(len(deputies), rng.choice((1, 1, 2))))
        if addressed is not None and addressed not in handlers:
            handlers[0] = addressed
        level = MatterLevel.LOCAL if rng.random() < 0.75 else MatterLevel.HIGHER
        with clock.frozen(_at(day, 11)):
            services.opinion_assign(actor=staff, opinion=o, deputies=handlers, matter_level=level)
        if stop == 1:
            return
        day += dt.timedelta(days=gaps[1])
        handler = _account(handlers[0])
        with clock.frozen(_at(day, 15)):
            _handle(o, handler, level, rng)
    if stop == 2:
        return
    day += dt.timedelta(days=gaps[2])
    with clock.frozen(_at(day, 16)):
        services.opinion_answer(
            actor=staff, opinion=o, feedback="已电话告知群众办理结果，群众表示满意。"
        )
    if stop == 3:
        return
    with clock.frozen(_at(day + dt.timedelta(days=gaps[3]), 17)):
        services.opinion_close(actor=staff, opinion=o)


def _outcome(level: str, rng: random.Random) -> Outcome:
    """How a handled opinion was dealt with: a local matter answered or transferred, a higher
    one forwarded; a few not accepted."""
    if level == MatterLevel.LOCAL:
        return rng.choices(
            (Outcome.ANSWERED, Outcome.TRANSFERRED, Outcome.NOT_ACCEPTED), (60, 35, 5)
        )[0]
    return rng.choices((Outcome.FORWARDED, Outcome.NOT_ACCEPTED), (92, 8))[0]


def _handle(o: Opinion, handler: User, level: str, rng: random.Random) -> None:
    if rng.random() < 0.08:
        services.opinion_to_suggestion(actor=handler, opinion=o)
        return
    outcome = _outcome(level, rng)
    units = {Outcome.TRANSFERRED: "乡镇人民政府", Outcome.FORWARDED: "县人大常委会"}
    services.opinion_handle(
        actor=handler,
        opinion=o,
        outcome=outcome,
        note=rng.choice(ANSWERS)
        if outcome != Outcome.NOT_ACCEPTED
        else "所反映事项已依法处理完毕，不再重复受理。",
        transferred_to=units.get(outcome, ""),
    )


# --- the large scale: mass rows with COPY ------------------------------------------------------

OPINION_COLUMNS = (
    "id",
    "station",
    "addressed_to",
    "tracking_code",
    "channel",
    "category",
    "title",
    "body",
    "citizen_name_encrypted",
    "citizen_name_masked",
    "phone_encrypted",
    "phone_hash",
    "phone_masked",
    "status",
    "matter_level",
    "outcome",
    "outcome_note",
    "transferred_to",
    "suggestion",
    "feedback",
    "due_on",
    "received_at",
    "assigned_at",
    "handled_at",
    "answered_at",
    "closed_at",
    "recorded_by",
)


def bulk(volume: Volume, rng: random.Random, progress: Progress) -> None:
    """``volume.opinions`` citizens' opinions at the liaison posts of the synthetic regions:
    every synthetic station gets its profile (R40) and up to four deputies of its township
    entering it (Art 79); opinions are spread over the posts over the last two years, in every
    state, those with the deputies handled by deputies who enter that post."""
    from lvzhi.core import crypto
    from lvzhi.core.db import analyze, insert_rows, reserve_ids
    from lvzhi.core.demo import SYNTHETIC_CODE_PREFIX
    from lvzhi.core.personal import mask_phone

    from .models import OpinionAssignee
    from .services import mask_name

    now = clock.now()
    today = clock.today()
    orgs = list(
        Organisation.objects.filter(
            kind=OrgKind.STATION,
            division__code__startswith=SYNTHETIC_CODE_PREFIX,
            station_profile__isnull=True,
        )
        .select_related("division")
        .order_by("id")
    )
    if not orgs:
        return
    first_station = reserve_ids(Station, len(orgs))
    station_rows: list[tuple[object, ...]] = []
    post_of_town: dict[int, int] = {}
    for n, org in enumerate(orgs):
        assert org.division is not None
        level = rules.station_level_for(org.division.level)
        station_rows.append(
            (
                first_station + n,
                org.pk,
                level,
                org.division.name + rng.choice(ROOMS),
                rng.choice(HOURS),
                f"0999-{rng.randint(8000000, 8999999)}",
                now,
            )
        )
        if level == StationLevel.POST:
            post_of_town[org.division.pk] = first_station + n
    insert_rows(
        Station,
        ("id", "organisation", "level", "address", "opening_hours", "public_phone", "created_at"),
        station_rows,
    )
    entering: dict[int, list[int]] = defaultdict(list)
    for deputy_id, town_id in (
        Membership.objects.filter(
            status=MembershipStatus.SERVING,
            electoral_unit__division_id__in=list(post_of_town),
        )
        .order_by("id")
        .values_list("deputy_id", "electoral_unit__division_id")
        .iterator(chunk_size=20_000)
    ):
        pool = entering[post_of_town[town_id]]
        if len(pool) < 4 and deputy_id not in pool:
            pool.append(deputy_id)
    since = dt.date(2022, 1, 15)
    insert_rows(
        StationDeputy,
        ("station", "deputy", "since"),
        [(st, d, since) for st, pool in sorted(entering.items()) for d in pool],
    )
    posts = sorted(st for st in post_of_town.values() if entering.get(st))
    places = {st: name for st, name in _post_places(post_of_town).items()}
    total = volume.opinions
    first = reserve_ids(Opinion, total)
    used: set[str] = set(Opinion.objects.values_list("tracking_code", flat=True))
    categories = list(TOPICS)
    rows: list[tuple[object, ...]] = []
    handlers: list[tuple[object, ...]] = []
    # Working-day deadlines read the calendar's overrides from the database: once per day.
    assign_due = functools.cache(rules.assign_due)
    handle_due = functools.cache(rules.handle_due)
    progress("citizens' opinions", 0, total)
    for i in range(total):
        st = posts[rng.randrange(len(posts))]
        deputies = entering[st]
        oid = first + i
        while True:
            code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in used:
                used.add(code)
                break
        fate = rng.choices([f for f, _w in FATES], [w for _f, w in FATES])[0]
        stop = ORDER.index(fate)
        received_on = today - dt.timedelta(
            days=rng.randint(0, 30) if stop < 2 else rng.randint(30, 730)
        )
        received = _at(received_on, rng.randint(9, 18))
        category = rng.choice(categories)
        title = rng.choice(TOPICS[category])
        name = rng.choice("王李张刘陈马阿古") + rng.choice(("丽", "军", "江", "娜", "明", "别克"))
        phone = "1" + _phone(rng)
        addressed = rng.choice(deputies) if rng.random() < 0.3 else None
        assigned_at = handled_at = answered_at = closed_at = None
        level = outcome = note = transferred = feedback = ""
        due: dt.date | None = assign_due(received_on)
        if stop >= 1:
            assigned_at = received + dt.timedelta(days=rng.randint(1, 4))
            level = MatterLevel.LOCAL if rng.random() < 0.75 else MatterLevel.HIGHER
            due = handle_due(timezone.localdate(assigned_at))
            chosen = {addressed} if addressed else set()
            chosen.add(rng.choice(deputies))
            handlers += [(oid, d, assigned_at) for d in sorted(chosen)]
        if stop >= 2:
            handled_at = assigned_at + dt.timedelta(days=rng.randint(2, 20))  # type: ignore[operator]
            outcome = _outcome(level, rng)
            transferred = {
                Outcome.TRANSFERRED: "乡镇人民政府",
                Outcome.FORWARDED: "县人大常委会",
            }.get(outcome, "")
            note = rng.choice(ANSWERS)
            due = None
        if stop >= 3:
            answered_at = handled_at + dt.timedelta(days=rng.randint(1, 6))  # type: ignore[operator]
            feedback = "已电话告知群众办理结果，群众表示满意。"
        if stop >= 4:
            closed_at = answered_at + dt.timedelta(days=rng.randint(1, 8))  # type: ignore[operator]
        rows.append(
            (
                oid,
                st,
                addressed,
                code,
                rng.choice(("online", "on_site")),
                category,
                title,
                f"{places[st]}群众反映：{title}，希望代表帮助反映解决。",
                crypto.encrypt(name),
                mask_name(name),
                crypto.encrypt(phone),
                crypto.lookup_hash(phone),
                mask_phone(phone),
                fate,
                level,
                outcome,
                note,
                transferred,
                None,
                feedback,
                due,
                received,
                assigned_at,
                handled_at,
                answered_at,
                closed_at,
                None,
            )
        )
        if len(rows) >= BULK_CHUNK:
            insert_rows(Opinion, OPINION_COLUMNS, rows)
            insert_rows(OpinionAssignee, ("opinion", "deputy", "assigned_at"), handlers)
            rows, handlers = [], []
            progress("citizens' opinions", i + 1, total)
    insert_rows(Opinion, OPINION_COLUMNS, rows)
    insert_rows(OpinionAssignee, ("opinion", "deputy", "assigned_at"), handlers)
    progress("citizens' opinions", total, total)
    analyze(Station, StationDeputy, Opinion, OpinionAssignee)


def _post_places(post_of_town: dict[int, int]) -> dict[int, str]:
    from lvzhi.core.models import Division

    names = dict(Division.objects.filter(pk__in=list(post_of_town)).values_list("id", "name"))
    return {st: names[town] for town, st in post_of_town.items()}
