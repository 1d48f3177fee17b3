"""Demo suggestions: several years of the prefecture congress in every state, with topics a
deputy of the prefecture would raise. Built by calling the real services with the clock set
to the day each step happened."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import BULK_CHUNK, Progress, Volume
from lvzhi.core.demotime import at_past as _at
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, Term

from . import services
from .models import Category, Rating, ResultClass, Suggestion

PLACES = (
    "伊宁县",
    "霍城县",
    "察布查尔县",
    "巩留县",
    "新源县",
    "昭苏县",
    "特克斯县",
    "尼勒克县",
    "奎屯市",
    "霍尔果斯市",
    "伊宁市",
)
TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    Category.TRANSPORT: (
        ("关于加快{place}通村公路提升改造的建议", "交通运输局"),
        ("关于增开{place}至伊宁市城乡客运班线的建议", "交通运输局"),
    ),
    Category.AGRICULTURE: (
        ("关于解决{place}山区牧民安全饮水问题的建议", "水利局"),
        ("关于落实草原生态保护补助奖励政策、保障牧民收入的建议", "林业和草原局"),
        ("关于扶持{place}特色林果业冷链仓储建设的建议", "农业农村局"),
    ),
    Category.EDUCATION: (
        ("关于扩充{place}城区义务教育学位的建议", "教育局"),
        ("关于改善{place}农村寄宿制学校生活条件的建议", "教育局"),
        ("关于加强双语幼儿园师资队伍建设的建议", "教育局"),
    ),
    Category.HEALTH: (
        ("关于提升{place}乡镇卫生院医疗服务能力的建议", "卫生健康委员会"),
        ("关于在牧区推行流动医疗服务的建议", "卫生健康委员会"),
    ),
    Category.ECONOMY: (
        ("关于提升霍尔果斯口岸跨境贸易便利化水平的建议", "商务局"),
        ("关于支持{place}农产品电商发展的建议", "商务局"),
    ),
    Category.URBAN: (("关于加快{place}老旧小区改造的建议", "住房和城乡建设局"),),
    Category.ENVIRONMENT: (("关于加强伊犁河流域水生态保护的建议", "生态环境局"),),
    Category.SOCIAL: (
        ("关于做好{place}农牧区转移就业技能培训的建议", "人力资源和社会保障局"),
        ("关于完善城乡居民养老服务设施的建议", "民政局"),
    ),
}
BODY = (
    "{place}群众反映强烈的问题是：{problem}。据了解，目前相关设施和保障仍有较大缺口，"
    "影响群众生产生活。建议：一是摸清底数，制定分年度实施计划；二是统筹上级资金和地方配套，"
    "明确责任单位和完成时限；三是建立长效管护机制，定期向社会公开进展。"
)
REPLIES = {
    ResultClass.A: "经研究，贵代表所提建议已予以采纳。我局已将相关项目列入本年度计划并组织实施，"
    "目前已完成主体工程，年底前全面完工。感谢代表对我们工作的关心和支持。",
    ResultClass.B: "贵代表所提建议我局高度重视，已列入明年工作计划，正在协调落实资金，"
    "将分步骤推进，并及时向代表报告进展。",
    ResultClass.C: "贵代表所提建议很有必要。受资金和建设条件限制，近期难以全部实施，"
    "我们将积极争取上级支持，条件成熟后优先安排。",
    ResultClass.D: "感谢贵代表提出的建议，我们将在制定今后工作规划时认真研究参考。",
}


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    term = Term.objects.select_related("congress").get(
        congress__level="prefecture", is_current=True
    )
    seats = list(
        Membership.objects.filter(term=term, status=MembershipStatus.SERVING).select_related(
            "deputy"
        )[: 120 if scale == "small" else 400]
    )
    persona = Deputy.objects.filter(user__username="deputy").first()
    office = User.objects.filter(username="office").first()
    if not seats or persona is None or office is None:
        return
    authors: list[Deputy] = [m.deputy for m in seats if m.deputy.user_id is None][:40]
    for d in authors:  # demo deputies sign in only through the persona; others get an account
        d.user = User.objects.create_user(
            username=f"deputy{d.pk}", password=None, display_name=d.name
        )
        d.save(update_fields=["user"])
    depts = {
        o.name.removeprefix("自治州"): o
        for o in Organisation.objects.filter(
            name__startswith="自治州", kind="government_department"
        )
    }
    unit_users: dict[int, User] = {}
    for org in depts.values():
        user = User.objects.filter(
            role_assignments__organisation=org
        ).first() or User.objects.create_user(
            username=f"unit{org.pk}", password=None, display_name=f"{org.name} 承办人"
        )
        if not user.role_assignments.filter(organisation=org).exists():
            from lvzhi.registry import services as registry_services

            registry_services.role_grant(
                actor=None, user=user, role="handling_unit", organisation=org
            )
        unit_users[org.pk] = user
    per_year = 12 if scale == "small" else 120
    years = (2023, 2024, 2025, 2026)
    total, done = per_year * len(years), 0
    for year in years:
        with clock.frozen(_at(dt.date(year, 3, 1))):
            plan = services.plan_create(
                actor=office,
                title=f"自治州十五届人大{year}年代表建议交办方案",
                decided_on=dt.date(year, 2, 25),
                document_no=f"伊州人常主〔{year}〕{rng.randint(2, 9)}号",
            )
        for i in range(per_year):
            author = persona if i % 10 == 0 else rng.choice(authors)
            # This year's items stop at every stage, so each desk has something to do.
            fate = FATES[i % len(FATES)] if year == clock.today().year else "closed"
            _one(rng, term, author, authors, plan, year, unit_users, depts, office, fate)
            done += 1
            if done % 40 == 0:
                progress("suggestions", done, total)
    progress("suggestions", total, total)
    # What happened long ago has been read; the desk shows this month's news as unread.
    from django.db.models import F

    from lvzhi.core.models import Notification

    Notification.objects.filter(created_at__lt=clock.now() - dt.timedelta(days=30)).update(
        read_at=F("created_at")
    )
    # The persona's desk shows every state: a draft and one waiting for an evaluation.
    persona_user = persona.user
    assert persona_user is not None
    with clock.frozen(_at(clock.today() - dt.timedelta(days=4))):
        s = services.draft_create(
            actor=persona_user,
            term=term,
            session=None,
            title="关于在伊宁市增设社区老年食堂的建议",
            body=BODY.format(place="伊宁市", problem="社区老年人就餐难"),
            category=Category.SOCIAL,
        )
        services.cosigner_invite(actor=persona_user, suggestion=s, deputy=authors[0])


FATES = ("submitted", "assigned", "overdue", "replied", "closed", "closed")


def _one(
    rng: random.Random,
    term: Term,
    author: Deputy,
    authors: list[Deputy],
    plan: object,
    year: int,
    unit_users: dict[int, User],
    depts: dict[str, Organisation],
    office: User,
    fate: str,
) -> Suggestion | None:
    category = rng.choice(list(TOPICS))
    template, dept_name = rng.choice(TOPICS[category])
    place = rng.choice(PLACES)
    title = template.format(place=place)
    today = clock.today()
    start = dt.date(year, rng.choice((1, 1, 1, 4, 6)), rng.randint(1, 20))
    if fate in ("submitted", "assigned", "replied"):
        start = today - dt.timedelta(days=rng.randint(60, 90))
    start = min(start, today - dt.timedelta(days=5))
    user = author.user
    assert user is not None
    with clock.frozen(_at(start, 9)):
        s = services.draft_create(
            actor=user,
            term=term,
            session=None,
            title=title,
            body=BODY.format(place=place, problem=title[2:-3]),
            category=category,
        )
        for other in rng.sample([a for a in authors if a.pk != author.pk], rng.randint(0, 3)):
            services.cosigner_invite(actor=user, suggestion=s, deputy=other)
            assert other.user is not None
            services.cosign_respond(actor=other.user, suggestion=s, accept=rng.random() < 0.9)
        services.submit(actor=user, suggestion=s)
    if fate == "submitted":
        return s  # waiting in the secretariat's queue
    lead = depts.get(dept_name)
    if lead is None:
        return s
    assign_on = max(start + dt.timedelta(days=rng.randint(10, 40)), dt.date(year, 3, 1))
    if fate == "replied":
        assign_on = min(assign_on, today - dt.timedelta(days=33))
    if assign_on > today:
        return s
    with clock.frozen(_at(assign_on)):
        services.classify(
            actor=office,
            suggestion=s,
            category=category,
            key_supervision=rng.random() < 0.08,
            is_public=rng.random() < 0.6,
        )
        s = services.assign(
            actor=office,
            suggestion=s,
            lead=lead,
            plan=plan,  # type: ignore[arg-type]
            assigned_on=assign_on,
        )
    unit_user = unit_users[lead.pk]
    assert s.due_on is not None
    reply_on = assign_on + dt.timedelta(days=rng.randint(30, 110))
    if fate == "replied":
        reply_on = today - dt.timedelta(days=2)
    if fate in ("assigned", "overdue"):
        return s  # in handling; the overdue ones were assigned early in the year
    if rng.random() < 0.15 and s.assigned_on:
        with clock.frozen(_at(assign_on + dt.timedelta(days=60))):
            e = services.extension_request(
                actor=unit_user,
                suggestion=s,
                reason="涉及多部门协调和资金安排，需延长办理时间",
                requested_due_on=s.due_on + dt.timedelta(days=45),
            )
            services.extension_decide(actor=office, extension=e, approve=True)
    if reply_on > today:
        return s  # still in handling (some of these are overdue on purpose)
    with clock.frozen(_at(reply_on, 15)):
        cls = rng.choices(list(ResultClass), weights=(45, 35, 12, 8))[0]
        services.reply(actor=unit_user, suggestion=s, result_class=cls, body=REPLIES[cls])
    eval_on = reply_on + dt.timedelta(days=rng.randint(3, 20))
    if fate == "replied" or eval_on > today:
        return s
    with clock.frozen(_at(eval_on, 11)):
        rating = rng.choices(list(Rating), weights=(70, 22, 8))[0]
        services.evaluate(
            actor=user,
            suggestion=s,
            rating=rating,
            comment="" if rating != Rating.UNSATISFIED else "答复未针对所提问题",
        )
    return s


# --- the large scale: mass rows with COPY ------------------------------------------------------

SUGGESTION_COLUMNS = (
    "id",
    "term",
    "session",
    "series",
    "number",
    "title",
    "body",
    "category",
    "status",
    "proposer",
    "created_by",
    "created_at",
    "submitted_at",
    "screening",
    "screening_reasons",
    "assigned_on",
    "due_on",
    "key_supervision",
    "is_public",
    "search_tokens",
    "merged_into",
)
ASSIGNMENT_COLUMNS = ("suggestion", "unit", "role", "plan", "assigned_on", "received_at")
REPLY_COLUMNS = (
    "suggestion",
    "unit",
    "result_class",
    "body",
    "replied_by",
    "replied_at",
    "on_time",
    "signoffs",
)


def bulk(volume: Volume, rng: random.Random, progress: Progress) -> None:
    """``volume.suggestions`` suggestions of county deputies of the synthetic regions to their
    county congresses, over the current term, in every state; each assigned one has its lead
    unit (a department of the proposer's own county), each replied or closed one its reply.
    Entered (as paper suggestions are) by one office account per synthetic region."""
    from lvzhi.core.db import analyze, insert_rows, reserve_ids
    from lvzhi.core.demo import SYNTHETIC_CODE_PREFIX
    from lvzhi.registry import services as registry_services
    from lvzhi.registry.models import Level, OrgKind

    from .models import Assignment, NumberSeries, Reply
    from .rules import reply_due
    from .similarity import token_string

    seats = list(
        Membership.objects.filter(
            level=Level.COUNTY,
            status=MembershipStatus.SERVING,
            term__congress__division__code__startswith=SYNTHETIC_CODE_PREFIX,
        )
        .order_by("id")
        .values_list("deputy_id", "term_id", "term__congress__division_id")
    )
    if not seats:
        return
    committees = Organisation.objects.filter(
        kind=OrgKind.REGIONAL_WORK_COMMITTEE,
        division__code__startswith=SYNTHETIC_CODE_PREFIX,
    ).select_related("division")
    clerk_of_region: dict[int, int] = {}
    for org in committees:
        assert org.division is not None
        user = User.objects.create_user(
            username=f"clerk{org.division.code}",
            password=None,
            display_name=f"{org.division.name}人大工委 建议录入",
        )
        registry_services.role_grant(actor=None, user=user, role="office", organisation=org)
        clerk_of_region[org.division_id or 0] = user.pk
    county_info: dict[int, tuple[str, int]] = {}  # county division → (place, region)
    units: dict[tuple[int, str], int] = {}
    dept_names = {d for items in TOPICS.values() for _t, d in items}
    for org_id, div_id, name, div_name, region_id in Organisation.objects.filter(
        kind=OrgKind.GOVERNMENT_DEPARTMENT, division__code__startswith=SYNTHETIC_CODE_PREFIX
    ).values_list("id", "division_id", "name", "division__name", "division__parent_id"):
        county_info[div_id] = (div_name.split("·")[0], region_id or 0)
        for dept in dept_names:
            if name.endswith(dept):
                units[(div_id, dept)] = org_id
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    today = clock.today()
    start = dt.date(2022, 1, 10)
    span = (today - dt.timedelta(days=5) - start).days
    total = volume.suggestions
    first = reserve_ids(Suggestion, total)
    numbers: dict[str, int] = {}
    rows: list[tuple[object, ...]] = []
    assignments: list[tuple[object, ...]] = []
    replies: list[tuple[object, ...]] = []
    categories = list(TOPICS)
    progress("suggestions", 0, total)
    for i in range(total):
        deputy_id, term_id, county_id = seats[rng.randrange(len(seats))]
        place, region_id = county_info[county_id]
        clerk = clerk_of_region[region_id]
        category = rng.choice(categories)
        template, dept = rng.choice(TOPICS[category])
        title = template.format(place=place)
        if (title, place) not in texts:
            body = BODY.format(place=place, problem=title[2:-3])
            texts[(title, place)] = (body, token_string(title, body))
        body, tokens = texts[(title, place)]
        day = start + dt.timedelta(days=rng.randint(0, span))
        submitted = _at(day, rng.randint(9, 18))
        series = f"T{term_id}-Y{day.year}"
        numbers[series] = numbers.get(series, 0) + 1
        status, assigned_on, due_on = "submitted", None, None
        if (today - day).days > 30:
            assigned_on = min(day + dt.timedelta(days=rng.randint(10, 40)), today)
            due_on = reply_due(assigned_on)
            status = "assigned"
            replied_on = assigned_on + dt.timedelta(days=rng.randint(30, 110))
            if rng.random() < 0.05:
                replied_on = today + dt.timedelta(days=1)  # a few stay open, some overdue
            if replied_on <= today:
                status = "replied" if (today - replied_on).days < 20 else "closed"
        sid = first + i
        rows.append(
            (
                sid,
                term_id,
                None,
                series,
                numbers[series],
                title,
                body,
                category,
                status,
                deputy_id,
                clerk,
                submitted,
                submitted,
                "none",
                "[]",
                assigned_on,
                due_on,
                rng.random() < 0.05,
                rng.random() < 0.5,
                tokens,
                None,
            )
        )
        if assigned_on is not None:
            unit = units[(county_id, dept)]
            received = _at(assigned_on + dt.timedelta(days=1), 10)
            assignments.append((sid, unit, "lead", None, assigned_on, received))
            if status in ("replied", "closed"):
                cls = rng.choices(list(ResultClass), weights=(45, 35, 12, 8))[0]
                replies.append(
                    (
                        sid,
                        unit,
                        cls,
                        REPLIES[cls],
                        clerk,
                        _at(replied_on, 15),
                        due_on is not None and replied_on <= due_on,
                        "[]",
                    )
                )
        if len(rows) >= BULK_CHUNK:
            _bulk_write(rows, assignments, replies)
            rows, assignments, replies = [], [], []
            progress("suggestions", i + 1, total)
    _bulk_write(rows, assignments, replies)
    progress("suggestions", total, total)
    insert_rows(NumberSeries, ("key", "last"), sorted(numbers.items()))
    analyze(Suggestion, Assignment, Reply, NumberSeries)


def _bulk_write(
    rows: list[tuple[object, ...]],
    assignments: list[tuple[object, ...]],
    replies: list[tuple[object, ...]],
) -> None:
    from lvzhi.core.db import insert_rows

    from .models import Assignment, Reply

    insert_rows(Suggestion, SUGGESTION_COLUMNS, rows)
    insert_rows(Assignment, ASSIGNMENT_COLUMNS, assignments)
    insert_rows(Reply, REPLY_COLUMNS, replies)
