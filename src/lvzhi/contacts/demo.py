"""Demo data for chapter 4, built through the real services over last year and this one:

- Standing Committee members of the prefecture with their linked deputies, contacts and
  opinions (R33-R35). Missed on purpose: the persona member has contacted the persona
  deputy only once this year, one member has a fourth deputy, one only two, some members
  are behind with a deputy, a few opinions wait for an answer or sit with the
  deputy-affairs body.
- The special committees' professional groups (R36-R37): one group of 7 and one of 11
  (warned), one committee that skipped last year's second half-year activity.
- 一府一委两院 of the prefecture (R38-R39): leaders with grassroots deputies (one with only
  one), forums (the court's with 9 deputies does not count), briefings, and appointments
  of special supervisors and invitations to trials after consulting the office. The
  account ``government`` keeps the prefecture government's records.
- Meeting requests (约见, Art 34) of the persona deputy: one held with its outcome, one
  waiting for the government to confirm a date, one waiting for the office."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.demotime import at as _at
from lvzhi.core.models import User
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Deputy, Expertise, Organisation, OrgKind, Role, Term

from . import selectors, services
from .models import ActivityKind, EngagementPurpose, Holder, HolderKind, Method

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "志强", "玉兰", "海燕", "永福", "国庆", "丽娟", "卫东", "秀英", "明辉")
NOTES = (
    "了解代表近期履职情况，通报常委会工作进展",
    "就代表拟提出的建议共同研究",
    "参加原选举单位组织的代表小组活动",
    "电话听取代表对常委会工作的意见",
    "走访代表所在村，了解群众生产生活情况",
)
OPINIONS = (
    "建议加大对农村寄宿制学校的投入，改善学生住宿条件。",
    "牧区道路冬季积雪清理不及时，建议明确责任单位。",
    "希望常委会执法检查时多听取基层代表意见。",
    "建议在乡镇卫生院增设中医诊疗科室。",
)


def _days(rng: random.Random, year: int, n: int, today: dt.date) -> list[dt.date]:
    last = min(today, dt.date(year, 12, 31))
    span = (last - dt.date(year, 1, 1)).days
    return sorted(dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    root = Organisation.objects.filter(kind=OrgKind.STANDING_COMMITTEE, parent__isnull=True).first()
    office = User.objects.filter(username="office").first()
    if root is None or office is None or root.congress_id is None:
        return
    term = Term.objects.get(congress_id=root.congress_id, is_current=True)
    units = list(
        Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT, congress_id=root.congress_id)
        .select_related("division")
        .order_by("path")
    )
    if not units:
        return
    progress("contacts of members", 0, 0)
    today = clock.today()
    year = today.year
    holders: list[Holder] = []
    persona = User.objects.filter(username="scmember").first()
    yining = next((u for u in units if u.division and u.division.code == "654002"), units[0])
    with clock.frozen(_at(dt.date(year - 1, 1, 20))):
        if persona is not None:
            holders.append(
                services.holder_create(
                    actor=office,
                    name="陈光明",
                    organisation=root,
                    term=term,
                    electoral_unit=yining,
                    user=persona,
                )
            )
        per_unit = 1 if scale == "small" else 2
        n = 0
        for unit in units:
            for _i in range(per_unit + (1 if unit is units[0] else 0)):
                name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
                n += 1
                holders.append(
                    services.holder_create(
                        actor=office, name=name, organisation=root, term=term, electoral_unit=unit
                    )
                )
        own = Deputy.objects.filter(user__username="deputy").first()
        for i, h in enumerate(holders):
            wanted = 3
            if i == 2:
                wanted = 4  # a fourth deputy: the office is warned (R33)
            elif i == 3:
                wanted = 2  # one short (R33)
            if i == 0 and own is not None:
                services.link_create(actor=office, holder=h, deputy=own)
            have = selectors.open_links(h).count()
            for proposal in selectors.proposals(h, limit=max(0, wanted - have)):
                services.link_create(actor=office, holder=h, deputy=proposal.deputy)
    for i, h in enumerate(holders):
        links = list(selectors.open_links(h))
        actor = h.user or office
        for j, link in enumerate(links):
            for y in (year - 1, year):
                count = rng.choice((2, 2, 3, 4))
                if y == year and i == 0 and own is not None and link.deputy_id == own.pk:
                    count = 1  # the persona is behind with the persona deputy (R34)
                elif y == year and i % 4 == 1 and j == 0:
                    count = rng.choice((0, 1))  # missed on purpose (R34)
                for k, day in enumerate(_days(rng, y, count, today)):
                    with clock.frozen(_at(day, 16)):
                        services.contact_log(
                            actor=actor,
                            holder=h,
                            deputy=link.deputy,
                            method=rng.choice(list(Method)),
                            on=day,
                            note=rng.choice(NOTES),
                            opinion=rng.choice(OPINIONS) if (j + k + i) % 5 == 0 else "",
                        )
        progress("contacts of members", i + 1, len(holders))
    _committees(rng, root, term, office, today)
    _organs(rng, root, term, office, today)
    _meetings(rng, root, term, office, today)
    # Opinions: most answered by the member, some forwarded (half of those answered by the
    # office), the newest left waiting.
    for o in [o for h in holders for o in selectors.opinions_of(h)]:
        if o.raised_on > today - dt.timedelta(days=20):
            continue
        when = _at(min(today, o.raised_on + dt.timedelta(days=rng.randint(3, 15))), 11)
        with clock.frozen(when):
            if o.holder.user is not None and rng.random() < 0.3:
                services.opinion_forward(actor=o.holder.user, opinion=o)
                if rng.random() < 0.5:
                    services.opinion_answer(
                        actor=office, opinion=o, answer="已转交有关部门研究办理，并将结果告知代表。"
                    )
            else:
                services.opinion_answer(
                    actor=o.holder.user or office,
                    opinion=o,
                    answer="感谢代表的意见，已在常委会审议相关报告时予以反映。",
                )


# The fields of the prefecture's special committees (expertise tags of the registry).
COMMITTEE_FIELDS = {
    "法制委员会": ("法律", "基层治理"),
    "财政经济委员会": ("财政", "审计", "经济", "统计"),
    "教育科学文化卫生委员会": ("教育", "科技", "文化", "医疗卫生"),
    "民族宗教外事侨务委员会": ("民族宗教", "边境口岸"),
    "农业与农村委员会": ("农业", "畜牧", "林业", "水利"),
    "社会建设委员会": ("社会保障", "基层治理", "食品安全"),
}
# Group sizes, two off the rule on purpose (R36: 8-10).
GROUP_SIZES = (9, 8, 10, 7, 11, 8)
HEADS = ("艾尔肯", "王建华", "李秀兰", "努尔兰", "张国栋", "马玉梅")


def _committees(
    rng: random.Random, root: Organisation, term: Term, office: User, today: dt.date
) -> None:
    committees = list(
        Organisation.objects.filter(parent=root, kind=OrgKind.SPECIAL_COMMITTEE).order_by("path")
    )
    year = today.year
    for i, committee in enumerate(committees):
        short = committee.name.removeprefix("自治州人大")
        tags = list(Expertise.objects.filter(name__in=COMMITTEE_FIELDS.get(short, ())))
        with clock.frozen(_at(dt.date(year - 1, 2, 10))):
            head = services.holder_create(
                actor=office,
                name=f"{HEADS[i % len(HEADS)]}（{short}主任委员）",
                organisation=committee,
                term=term,
                kind=HolderKind.COMMITTEE_HEAD,
                fields=tags,
            )
            for proposal in selectors.proposals(head, limit=GROUP_SIZES[i % len(GROUP_SIZES)]):
                services.link_create(actor=office, holder=head, deputy=proposal.deputy)
        group = [link.deputy for link in selectors.open_links(head)]
        if not group:
            continue
        for y in (year - 1, year):
            for half, (first, last) in enumerate(((3, 6), (9, 11))):
                if y == year - 1 and half == 1 and i == 2:
                    continue  # missed on purpose (R36)
                day = dt.date(y, rng.randint(first, last), rng.randint(1, 25))
                if day > today:
                    continue
                with clock.frozen(_at(day, 15)):
                    services.activity_record(
                        actor=office,
                        organisation=committee,
                        kind=ActivityKind.GROUP,
                        title=f"{short}专业代表小组{'上' if half == 0 else '下'}半年集中活动",
                        held_on=day,
                        participants=rng.sample(group, max(1, len(group) - rng.randint(0, 2))),
                        summary="围绕年度立法、监督重点工作听取代表意见建议。",
                    )
        with clock.frozen(_at(dt.date(year - 1, 12, 20))):
            services.report_record(actor=office, holder=head, year=year - 1)


ORGANS = (
    # kind, principal, leaders, forum size last year, this year (0 = none), briefings
    (OrgKind.GOVERNMENT, "州长 阿依古丽", ("副州长 周海涛", "副州长 马永福"), 14, 12, 2),
    (OrgKind.SUPERVISORY_COMMISSION, "主任 刘志刚", ("副主任 哈斯木",), 11, 0, 1),
    (OrgKind.COURT, "院长 陈卫东", ("副院长 塔依尔",), 9, 10, 1),
    (OrgKind.PROCURATORATE, "检察长 杨丽娟", ("副检察长 吾买尔",), 0, 0, 0),
)


def _organs(
    rng: random.Random, root: Organisation, term: Term, office: User, today: dt.date
) -> None:
    year = today.year
    grassroots = list(
        Deputy.objects.filter(
            memberships__term=term, memberships__status="serving", is_grassroots=True
        ).order_by("id")
    )
    everyone = list(
        Deputy.objects.filter(memberships__term=term, memberships__status="serving").order_by("id")
    )
    for n, (kind, principal, leaders, forum_last, forum_now, briefings) in enumerate(ORGANS):
        organ = Organisation.objects.filter(parent=root, kind=kind).order_by("path").first()
        if organ is None:
            continue
        staff = User.objects.filter(
            role_assignments__organisation=organ, role_assignments__role=Role.HANDLING_UNIT
        ).first()
        if staff is None:
            username = "government" if kind == OrgKind.GOVERNMENT else f"organ{organ.pk}"
            staff = User.objects.create_user(
                username=username,
                password="Lvzhi@2026demo" if kind == OrgKind.GOVERNMENT else None,
                display_name=f"{organ.name} 联络员",
            )
            registry_services.role_grant(
                actor=None, user=staff, role=Role.HANDLING_UNIT, organisation=organ
            )
        with clock.frozen(_at(dt.date(year - 1, 2, 15))):
            people = [
                services.holder_create(
                    actor=staff, name=name, organisation=organ, term=term, kind=holder_kind
                )
                for name, holder_kind in (
                    (principal, HolderKind.ORGAN_PRINCIPAL),
                    *((leader, HolderKind.ORGAN_LEADER) for leader in leaders),
                )
            ]
            for j, person in enumerate(people):
                wanted = 1 if (n == 1 and j == 1) else 3  # one leader short on purpose (R38)
                for proposal in selectors.proposals(person, limit=wanted):
                    services.link_create(actor=staff, holder=person, deputy=proposal.deputy)
        for y, size in ((year - 1, forum_last), (year, forum_now)):
            if size:
                day = min(
                    today - dt.timedelta(days=3), dt.date(y, rng.randint(4, 10), rng.randint(1, 25))
                )
                with clock.frozen(_at(day, 15)):
                    services.activity_record(
                        actor=staff,
                        organisation=organ,
                        kind=ActivityKind.FORUM,
                        title=f"{organ.name}{y}年人大代表座谈会",
                        held_on=day,
                        participants=rng.sample(everyone, min(size, len(everyone))),
                    )
            for b in range(briefings):
                day = min(today - dt.timedelta(days=5), dt.date(y, 3 + 5 * b, rng.randint(1, 25)))
                with clock.frozen(_at(day, 10)):
                    services.activity_record(
                        actor=staff,
                        organisation=organ,
                        kind=ActivityKind.BRIEFING,
                        title=f"向代表通报{organ.name}{'上' if b == 0 else '下'}半年工作情况",
                        held_on=day,
                        participants=rng.sample(everyone, min(20, len(everyone))),
                    )
        purpose = {
            OrgKind.SUPERVISORY_COMMISSION: EngagementPurpose.SUPERVISOR,
            OrgKind.COURT: EngagementPurpose.TRIAL,
            OrgKind.PROCURATORATE: EngagementPurpose.SUPERVISOR,
        }.get(kind, EngagementPurpose.MEETING)
        for k in range(2):
            starts = min(today - dt.timedelta(days=2), dt.date(year, 3 + 3 * k, rng.randint(5, 25)))
            with clock.frozen(_at(starts, 9)):
                services.engagement_record(
                    actor=staff,
                    organisation=organ,
                    deputy=rng.choice(grassroots or everyone),
                    purpose=purpose,
                    starts_on=starts,
                    consulted_on=starts - dt.timedelta(days=rng.randint(5, 15)),
                    consulted_with="常委会办公室 李建华",
                )


def _meetings(
    rng: random.Random, root: Organisation, term: Term, office: User, today: dt.date
) -> None:
    deputy = Deputy.objects.filter(user__username="deputy").select_related("user").first()
    gov = Organisation.objects.filter(parent=root, kind=OrgKind.GOVERNMENT).first()
    if deputy is None or deputy.user is None or gov is None:
        return
    education = Organisation.objects.filter(name="自治州教育局").first() or gov
    others = list(
        Deputy.objects.filter(memberships__term=term, memberships__status="serving")
        .exclude(pk=deputy.pk)
        .order_by("id")[:3]
    )
    plans = (
        (education, "局长", "关于城区义务教育学位紧张问题", 80, "held"),
        (gov, "州长", "关于牧区冬季道路除雪保通问题", 12, "arranged"),
        (gov, "分管副州长", "关于农村客运班线运营补贴问题", 2, "requested"),
    )
    for organ, head, subject, days_ago, fate in plans:
        start = today - dt.timedelta(days=days_ago)
        with clock.frozen(_at(start, 9)):
            mr = services.meeting_request_create(
                actor=deputy.user,
                term=term,
                organ=organ,
                head=head,
                subject=subject,
                reason=f"{subject}，群众反映较多，希望当面向{head}反映情况并提出建议。",
                co_deputies=others[: rng.randint(1, 3)],
            )
        if fate == "requested":
            continue
        with clock.frozen(_at(start + dt.timedelta(days=2), 10)):
            services.meeting_request_arrange(
                actor=office, request=mr, note="已与该机关办公室联系，请确认约见时间。"
            )
        if fate == "arranged":
            continue
        meets = _at(start + dt.timedelta(days=10), 15)
        organ_staff = (
            User.objects.filter(
                role_assignments__organisation=organ, role_assignments__role=Role.HANDLING_UNIT
            ).first()
            or office
        )
        with clock.frozen(_at(start + dt.timedelta(days=4), 11)):
            services.meeting_request_confirm(
                actor=organ_staff, request=mr, meets_at=meets, place="州教育局会议室"
            )
        with clock.frozen(_at(start + dt.timedelta(days=11), 9)):
            services.meeting_request_record(
                actor=office,
                request=mr,
                outcome="局长听取了代表意见，表示年内启动两所学校扩建，明年秋季增加学位800个。",
            )
