"""Demo data for chapter 4: Standing Committee members of the prefecture with their linked
deputies and a year of contacts and opinions, built through the real services. Some
obligations are missed on purpose so the office's page has someone behind: the persona
member has contacted one deputy only once this year, one member has a fourth deputy, one
has only two, and a few opinions wait for an answer or sit with the deputy-affairs body."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Organisation, OrgKind, Term

from . import selectors, services
from .models import Holder, Method

SHANGHAI = ZoneInfo("Asia/Shanghai")
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


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


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
            while selectors.open_links(h).count() < wanted:
                proposal = selectors.proposals(h, limit=1)
                if not proposal:
                    break
                services.link_create(actor=office, holder=h, deputy=proposal[0].deputy)
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
