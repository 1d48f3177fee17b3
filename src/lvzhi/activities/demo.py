"""Demo data for a year of work between sessions, through the real services with the clock
set to the day each step happened: every deputy group formed, activities in most quarters
(some groups miss one, so the R20 flag shows), a centralised and a thematic inspection, a
legislative project with a draft and decided comments, a supervision activity."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.demotime import at as _at
from lvzhi.core.models import User
from lvzhi.registry.models import (
    Deputy,
    Level,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Session,
    Term,
)

from . import services
from .common import selectors as common_selectors
from .models import (
    ActivityKind,
    Decision,
    InspectionKind,
    MaterialKind,
    Route,
    StageKind,
    SupervisionKind,
    Training,
    TrainingKind,
)

ACTIVITIES = (
    (
        ActivityKind.STUDY,
        "学习宣传新修订的代表法",
        "代表小组活动室",
        "集中学习新修订的《全国人民代表大会和地方各级人民代表大会代表法》，交流学习体会。",
    ),
    (
        ActivityKind.VISIT_VOTERS,
        "走访选民听取春耕生产意见",
        "辖区各村（社区）",
        "分组走访农户和合作社，听取春耕备耕、农资供应方面的意见。",
    ),
    (
        ActivityKind.INSPECTION,
        "视察城乡饮水安全工程",
        "乡镇水厂及供水管网",
        "实地察看水厂运行和管网改造情况，听取水利部门汇报。",
    ),
    (
        ActivityKind.RESEARCH,
        "调研农村寄宿制学校生活条件",
        "乡镇中心学校",
        "查看学生宿舍、食堂，座谈了解教师和家长意见。",
    ),
    (
        ActivityKind.LAW_CHECK,
        "参与野生动物保护法执法检查",
        "林草部门及保护区",
        "对照法律条款检查执法台账，实地察看巡护情况。",
    ),
    (
        ActivityKind.EXCHANGE,
        "交流代表履职经验",
        "人大代表联络站",
        "各位代表交流上半年履职情况，分享联系群众的做法。",
    ),
)


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    office = User.objects.filter(username="office").first()
    committee_user = User.objects.filter(username="committee").first()
    if office is None or committee_user is None:
        return
    today = clock.today()
    year = today.year
    _groups(scale, rng, progress, year, today)
    _inspections(office, year, today)
    _legislation(committee_user, rng, year, today)
    _supervision(committee_user, year, today)
    _research(committee_user, year, today)
    _training(office)
    _library(office)
    _forum(office)


def _groups(scale: str, rng: random.Random, progress: Progress, year: int, today: dt.date) -> None:
    orgs = list(Organisation.objects.filter(kind=OrgKind.DEPUTY_GROUP).order_by("path"))
    # At the prefecture scale, the prefecture congress's own groups (under the county
    # delegations); the township groups of the county congresses are left to the county staff.
    delegations = _delegation_ids()
    orgs = orgs[:12] if scale == "small" else [o for o in orgs if o.parent_id in delegations]
    leader_user = User.objects.filter(username="groupleader").first()
    leader_org = (
        leader_user.role_assignments.filter(role="group_leader")
        .values_list("organisation_id", flat=True)
        .first()
        if leader_user
        else None
    )
    if leader_org is not None and leader_org not in {o.pk for o in orgs}:
        orgs.append(Organisation.objects.get(pk=leader_org))
    staff = User.objects.filter(username="admin").first() or User.objects.get(username="office")
    members: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(deputy_group__in=orgs, status=MembershipStatus.SERVING)
        .select_related("term__congress")
        .order_by("deputy_group_id", "-term__congress__level", "id")
    ):
        members.setdefault(m.deputy_group_id or 0, []).append(m)
    first_session = {s.term_id: s.closes_on for s in Session.objects.filter(number=1)}
    for n, org in enumerate(orgs):
        ms = members.get(org.pk, [])
        if len(ms) < 2:
            continue
        # The group's term: its members' highest level (a prefecture group, or a county one).
        term = ms[0].term
        leader = ms[0].deputy
        if org.pk == leader_org and leader_user is not None:
            own = Deputy.objects.filter(user=leader_user).first()
            if own is not None and any(m.deputy_id == own.pk for m in ms):
                leader = own
        deputy_leader = next(m.deputy for m in ms if m.deputy_id != leader.pk)
        formed = first_session.get(term.pk, dt.date(2022, 1, 10)) + dt.timedelta(days=20)
        with clock.frozen(_at(max(formed, dt.date(2022, 2, 1)))):
            group = services.group_form(
                actor=staff,
                organisation=org,
                term=term,
                formed_on=formed,
                leader=leader,
                deputy_leader=deputy_leader,
            )
        with clock.frozen(_at(dt.date(year, 1, 15))):
            services.group_plan_save(
                actor=staff,
                group=group,
                year=year,
                content="一季度：集中学习代表法；二季度：走访选民；三季度：专题视察；四季度：交流履职经验并向选民述职。",
            )
        ids = [m.deputy_id for m in ms]
        for q in range(1, 5):
            day = dt.date(year, 3 * q - 1, 10 + rng.randint(0, 15))
            # Every fifth group skips the second quarter; the groupleader's group leaves the
            # current quarter to its leader (the demo's "plan and record" journey).
            current = q == (today.month - 1) // 3 + 1 and year == today.year
            if day > today or (n % 5 == 4 and q == 2) or (org.pk == leader_org and current):
                continue
            kind, title, place, content = ACTIVITIES[(n + q) % len(ACTIVITIES)]
            with clock.frozen(_at(day, 16)):
                services.group_activity_record(
                    actor=staff,
                    group=group,
                    kind=kind,
                    title=title,
                    held_on=day,
                    place=place,
                    content=content,
                    report=f"本次活动应到{len(ids)}人，{content}形成意见建议若干条，已报送选举单位。",
                    present=rng.sample(ids, max(1, len(ids) - rng.randint(0, 2))),
                )
        progress("deputy groups", n + 1, len(orgs))


def _delegation_ids() -> set[int]:
    return set(Organisation.objects.filter(kind=OrgKind.DELEGATION).values_list("id", flat=True))


def _pref_term() -> Term:
    return Term.objects.get(congress__level=Level.PREFECTURE, is_current=True)


def _inspections(office: User, year: int, today: dt.date) -> None:
    term = _pref_term()
    organiser = Organisation.objects.filter(role_assignments__user=office).first()
    if organiser is None:
        return
    deputies = list(
        Deputy.objects.filter(memberships__term=term, memberships__status=MembershipStatus.SERVING)
        .exclude(user__isnull=True)
        .order_by("id")[:4]
    )
    session = Session.objects.filter(term=term).order_by("-number").first()
    start = dt.date(year, 4, 14)
    if start + dt.timedelta(days=30) > today:
        return
    with clock.frozen(_at(start - dt.timedelta(days=10))):
        insp = services.inspection_plan(
            actor=office,
            kind=InspectionKind.THEMATIC,
            term=term,
            organiser=organiser,
            title="农村牧区安全饮水专题视察",
            starts_on=start,
            ends_on=start + dt.timedelta(days=2),
            sites="4月14日 伊宁县水厂；4月15日 察布查尔县供水管网改造现场；4月16日 座谈会",
            deputies=deputies,
        )
        services.inspection_notify(actor=office, inspection=insp)
    with clock.frozen(_at(start + dt.timedelta(days=2), 15)):
        ops = [
            services.inspection_opinion_add(
                actor=office,
                inspection=insp,
                deputy=d,
                title=title,
                body=body,
            )
            for d, (title, body) in zip(
                deputies,
                (
                    (
                        "关于加快农村供水管网更新改造的建议",
                        "部分村庄管网老化，漏损率高，建议分年度更新改造并落实管护责任。",
                    ),
                    (
                        "关于加强农村水质检测的意见",
                        "乡镇水厂水质检测频次不足，建议配备检测设备并定期公开结果。",
                    ),
                ),
                strict=False,
            )
        ]
    with clock.frozen(_at(start + dt.timedelta(days=10))):
        services.inspection_report(
            actor=office,
            inspection=insp,
            report="视察组实地察看了4个供水点，召开座谈会1次。总体上农村饮水安全保障水平稳步提高，但管网老化、水质检测不足等问题仍较突出。",
        )
        if ops:
            services.opinion_route(actor=office, opinion=ops[0], route=Route.SUGGESTION)
            deputy_user = ops[0].deputy.user
            if deputy_user is not None:
                services.opinion_submit_as_suggestion(actor=deputy_user, opinion=ops[0])
        unit = Organisation.objects.filter(
            kind=OrgKind.GOVERNMENT_DEPARTMENT, name__contains="水利"
        ).first()
        if len(ops) > 1 and unit is not None:
            services.opinion_route(actor=office, opinion=ops[1], route=Route.UNIT, unit=unit)
    if today >= dt.date(year, 12, 1):
        return
    with clock.frozen(_at(today)):
        services.inspection_plan(
            actor=office,
            kind=InspectionKind.CENTRALISED,
            term=term,
            organiser=organiser,
            title=f"{year}年度自治州人大代表集中视察",
            starts_on=dt.date(year, 12, 8),
            ends_on=dt.date(year, 12, 12),
            sites="12月8日至12日，分五个组赴各县市视察“一府一委两院”工作情况",
            session=session,
            deputies=deputies,
        )


def _legislation(committee_user: User, rng: random.Random, year: int, today: dt.date) -> None:
    term = _pref_term()
    committee = Organisation.objects.filter(role_assignments__user=committee_user).first()
    if committee is None:
        return
    from lvzhi.registry.models import Expertise

    tags = list(
        Expertise.objects.filter(name__in=("农业", "畜牧", "法律")).values_list("id", flat=True)
    )
    start = dt.date(year, 3, 2)
    if start + dt.timedelta(days=60) > today:
        return
    with clock.frozen(_at(start)):
        p = services.project_create(
            actor=committee_user,
            term=term,
            committee=committee,
            title="伊犁哈萨克自治州草原保护条例（修订）",
            expertise_ids=tags,
        )
        from . import selectors

        proposed = selectors.proposed_deputies(term, tags, limit=6)
        for kind, offset in ((StageKind.RESEARCH, 0), (StageKind.DRAFTING, 30)):
            st = services.stage_open(
                actor=committee_user,
                project=p,
                kind=kind,
                starts_on=start + dt.timedelta(days=offset),
            )
            if proposed:
                services.stage_invite(
                    actor=committee_user,
                    stage=st,
                    deputies=proposed[:2] if offset else proposed[:3],
                )
        d = services.draft_open(
            actor=committee_user,
            project=p,
            title="伊犁哈萨克自治州草原保护条例（修订草案征求意见稿）",
            text=DRAFT_TEXT,
            closes_on=start + dt.timedelta(days=30),
        )
    articles = list(d.articles.all())
    commenters = [x for x in proposed if x.user_id][:2]
    for n, dep in enumerate(commenters):
        if dep.user is None:
            continue
        with clock.frozen(_at(start + dt.timedelta(days=5 + n))):
            c = services.comment_add(
                actor=dep.user, article=articles[min(n + 1, len(articles) - 1)], body=COMMENTS[n]
            )
        with clock.frozen(_at(start + dt.timedelta(days=40))):
            services.comment_decide(
                actor=committee_user,
                comment=c,
                decision=(Decision.ADOPTED, Decision.PARTLY)[n % 2],
                reason=(
                    "已在修订草案第三条中增加相关内容。",
                    "部分采纳：补偿标准授权州人民政府另行规定。",
                )[n % 2],
            )


DRAFT_TEXT = """第一条 为了加强草原保护，维护草原生态安全，促进畜牧业高质量发展，
根据有关法律法规，结合自治州实际，制定本条例。
第二条 本条例适用于自治州行政区域内草原的规划、保护、建设、利用和管理活动。
第三条 县级以上人民政府应当将草原保护纳入国民经济和社会发展规划，落实草原生态保护补助奖励政策。
第四条 实行基本草原保护制度。任何单位和个人不得擅自改变基本草原用途。
第五条 本条例自公布之日起施行。"""

COMMENTS = (
    "建议在第二条中明确包括夏季牧场和冬季牧场的转场牧道。",
    "建议第三条明确补助奖励资金的发放时限，保障牧民及时足额领取。",
)


def _supervision(committee_user: User, year: int, today: dt.date) -> None:
    term = _pref_term()
    committee = Organisation.objects.filter(role_assignments__user=committee_user).first()
    place = Organisation.objects.filter(
        kind=OrgKind.STANDING_COMMITTEE, congress__level=Level.COUNTY, division__code="654002"
    ).first()
    held = dt.date(year, 6, 18)
    if committee is None or place is None or held > today:
        return
    with clock.frozen(_at(held - dt.timedelta(days=14))):
        s = services.supervision_create(
            actor=committee_user,
            kind=SupervisionKind.BUDGET,
            term=term,
            committee=committee,
            place=place,
            title=f"{year}年上半年预算执行情况调研",
            tasks="了解伊宁市重点项目资金拨付和预算执行进度，查阅资金台账，听取财政部门汇报。",
            held_on=held,
        )
        local = list(
            Deputy.objects.filter(
                memberships__term=term,
                memberships__status=MembershipStatus.SERVING,
                memberships__electoral_unit__path__startswith=place.path,
            ).order_by("id")[:3]
        )
        for d in local:
            services.supervision_invite(actor=committee_user, supervision=s, deputy=d)
        services.supervision_send_tasks(actor=committee_user, supervision=s)
    with clock.frozen(_at(held + dt.timedelta(days=1))):
        ops = [
            services.supervision_opinion_add(
                actor=committee_user,
                supervision=s,
                deputy=d,
                body="建议加快已下达项目资金拨付进度，减少资金沉淀。",
            )
            for d in local[:1]
        ]
    with clock.frozen(_at(held + dt.timedelta(days=20))):
        for op in ops:
            services.supervision_opinion_decide(
                actor=committee_user,
                opinion=op,
                decision=Decision.ADOPTED,
                reason="已纳入调研报告的建议部分。",
            )
        services.supervision_report(
            actor=committee_user,
            supervision=s,
            report="调研组认为伊宁市上半年预算执行总体平稳。代表提出的加快资金拨付的意见已采纳，写入报告建议部分。",
        )


def _training(office: User) -> None:
    """R32: onboarding before the first session and first-year training for (nearly) every
    deputy of the prefecture term, and one thematic training."""
    term = _pref_term()
    organiser = Organisation.objects.filter(role_assignments__user=office).first()
    first = common_selectors.first_session(term)
    if organiser is None or first is None:
        return
    deputies = list(
        Deputy.objects.filter(
            memberships__term=term, memberships__status=MembershipStatus.SERVING
        ).order_by("id")
    )
    plan = (
        (
            TrainingKind.ONBOARDING,
            first.opens_on - dt.timedelta(days=3),
            "新任自治州人大代表任职培训",
            1.0,
        ),
        (
            TrainingKind.FIRST_YEAR,
            term.starts_on + dt.timedelta(days=150),
            "代表履职能力提升培训班",
            0.9,
        ),
        (
            TrainingKind.THEMATIC,
            term.starts_on + dt.timedelta(days=500),
            "预算审查监督专题培训",
            0.3,
        ),
    )
    for kind, day, title, share in plan:
        with clock.frozen(_at(day, 9)):
            t = services.training_create(
                actor=office,
                kind=kind,
                term=term,
                organiser=organiser,
                title=title,
                starts_on=day,
                ends_on=day + dt.timedelta(days=1),
                place="自治州人大常委会机关会议室",
                content="宪法和代表法、人民代表大会制度、审议报告和提出建议的方法。",
            )
            services.training_attendance_add(
                actor=office, training=t, deputies=deputies[: int(len(deputies) * share)]
            )


def _docx(title: str, paragraphs: tuple[str, ...]) -> bytes:
    from lvzhi.core.documents import OfficialDocument

    doc = OfficialDocument(organ="伊犁哈萨克自治州人大常委会办公室")
    doc.title(title)
    for p in paragraphs:
        doc.paragraph(p)
    return doc.to_bytes()


def _library(office: User) -> None:
    """R49: a few materials in the library and the persona deputy's progress."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    items = (
        (
            MaterialKind.LAW,
            "全国人民代表大会和地方各级人民代表大会代表法",
            ("第一条 为了保证全国人民代表大会和地方各级人民代表大会代表依法行使职权……",),
        ),
        (
            MaterialKind.DOCUMENT,
            "伊犁哈萨克自治州人大代表依法履职工作规程",
            ("第一条 为了进一步加强和改进自治州人大代表工作……",),
        ),
        (
            MaterialKind.COURSEWARE,
            "如何提出高质量的代表建议",
            ("一、建议的选题", "二、调查研究", "三、建议的写法"),
        ),
    )
    with clock.frozen(_at(dt.date(2022, 2, 10))):
        materials = [
            services.material_add(
                actor=office,
                kind=kind,
                title=title,
                description="",
                upload=SimpleUploadedFile(f"{n}.docx", _docx(title, paras)),
            )
            for n, (kind, title, paras) in enumerate(items)
        ]
    # R49 (issue 28.4a): the capacity-building training reads the library's materials; the
    # deputy persona opened two of them, so its progress shows on the training's page.
    course = Training.objects.filter(title="代表履职能力提升培训班").first()
    if course is not None:
        services.training_materials_set(actor=office, training=course, materials=materials)
    persona = User.objects.filter(username="deputy").first()
    if persona is not None:
        with clock.frozen(_at(dt.date(2022, 3, 1))):
            services.material_opened(actor=persona, material=materials[0])
            services.material_opened(actor=persona, material=materials[2])


def _forum(office: User) -> None:
    """Art 84.3: a few threads where deputies share their experience."""
    persona = User.objects.filter(username="deputy").first()
    leader = User.objects.filter(username="groupleader").first()
    if persona is None or leader is None:
        return
    with clock.frozen(_at(dt.date(2026, 3, 2), 20)):
        t = services.thread_create(
            actor=persona,
            title="如何把走访中听到的意见写成高质量的建议？",
            body="走访选民时收集到不少意见，但写成建议时常常不够具体。请各位代表分享经验。",
        )
    with clock.frozen(_at(dt.date(2026, 3, 3), 9)):
        services.reply_add(
            actor=leader,
            thread=t,
            body="我的做法是先和相关部门沟通，摸清底数和政策依据，再提出可操作的办法。",
        )
    with clock.frozen(_at(dt.date(2026, 3, 3), 11)):
        services.reply_add(
            actor=office,
            thread=t,
            body="代表工委将在学习资料中上传《如何提出高质量的代表建议》课件，欢迎学习。",
        )
    with clock.frozen(_at(dt.date(2026, 5, 10), 19)):
        services.thread_create(
            actor=leader,
            title="代表小组活动如何做到“事后有报告”",
            body="我们小组每次活动后当天形成简报，季度末汇总报送选举单位。",
        )


def _research(committee_user: User, year: int, today: dt.date) -> None:
    """R25: a research whose report went to a department, with feedback to the deputies."""
    term = _pref_term()
    organiser = Organisation.objects.filter(role_assignments__user=committee_user).first()
    unit = Organisation.objects.filter(
        kind=OrgKind.GOVERNMENT_DEPARTMENT, name__startswith="自治州", name__contains="农业"
    ).first()
    start = dt.date(year, 8, 5)
    if organiser is None or unit is None or start + dt.timedelta(days=60) > today:
        return
    deputies = list(
        Deputy.objects.filter(memberships__term=term, memberships__status=MembershipStatus.SERVING)
        .exclude(user__isnull=True)
        .order_by("-id")[:3]
    )
    with clock.frozen(_at(start - dt.timedelta(days=7))):
        r = services.research_create(
            actor=committee_user,
            term=term,
            organiser=organiser,
            title="农产品冷链物流体系建设专题调研",
            plan="8月5日至8日，赴伊宁县、霍城县、察布查尔县实地走访冷库和合作社，召开座谈会，发放问卷。",
            methods=["visits", "forums", "questionnaires"],
            starts_on=start,
            ends_on=start + dt.timedelta(days=3),
            deputies=deputies,
        )
    with clock.frozen(_at(start + dt.timedelta(days=20))):
        services.research_report(
            actor=committee_user,
            research=r,
            report="全州冷库库容不足、分布不均，产地预冷设施缺口较大。建议统筹布局产地冷藏保鲜设施。",
        )
        f = services.research_forward(actor=committee_user, research=r, organ=unit)
    with clock.frozen(_at(start + dt.timedelta(days=50))):
        services.research_feedback(
            actor=committee_user,
            forward=f,
            feedback="农业农村局已将产地冷藏保鲜设施建设列入明年项目计划，首批支持20个合作社。",
        )
