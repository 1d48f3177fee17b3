"""Demo proposals: the last two sessions of the prefecture congress, a proposal in every
state, built through the real services with the clock set to the day of each step."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.demotime import SHANGHAI
from lvzhi.core.demotime import at as _at
from lvzhi.core.models import User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Membership, Organisation, Role, Session, Term

from . import services
from .models import Category, Kind, Proposal

TOPICS = (
    (Category.LEGISLATION, "关于制定《伊犁哈萨克自治州伊犁河流域生态保护条例》的议案"),
    (Category.LEGISLATION, "关于修改《伊犁哈萨克自治州城乡规划管理条例》的议案"),
    (Category.SUPERVISION, "关于听取和审议自治州人民政府义务教育均衡发展情况专项报告的议案"),
    (Category.MAJOR_MATTER, "关于将牧区饮水安全工程列为自治州重大民生实事的议案"),
    (Category.LEGISLATION, "关于制定《伊犁哈萨克自治州薰衣草产业促进条例》的议案"),
    (Category.SUPERVISION, "关于对《中华人民共和国草原法》在本州实施情况开展执法检查的议案"),
    (Category.MAJOR_MATTER, "关于设立霍尔果斯口岸跨境物流发展专项资金的议案"),
    (Category.LEGISLATION, "关于制定《伊犁哈萨克自治州历史文化街区保护条例》的议案"),
    (Category.OTHER, "关于加强自治州农村集体经济组织财务监督的议案"),
    (Category.SUPERVISION, "关于听取和审议自治州人民政府农村公路养护工作情况报告的议案"),
    (Category.MAJOR_MATTER, "关于统筹建设伊犁河谷冷链物流体系的议案"),
    (Category.LEGISLATION, "关于制定《伊犁哈萨克自治州野生动物保护条例》的议案"),
)
GROUNDS = (
    "近年来，{topic}所涉问题日益突出，群众反映集中。现行规定较为原则，缺乏可操作的具体措施，"
    "部门职责交叉，执法依据不足。代表在视察和调研中发现，相关问题已影响全州高质量发展和群众切身利益，"
    "需要由自治州人大及其常委会依法作出安排。"
)
PLAN = (
    "一是由自治州人大常委会将该事项列入年度工作计划；二是组织有关专门委员会和工作机构开展专题调研，"
    "广泛听取代表和群众意见；三是明确自治州人民政府及有关部门的职责分工和完成时限；"
    "四是建立跟踪监督机制，定期向常委会报告进展。"
)
# The state each proposal of a session stops in, in this order.
FATES = (
    "draft",
    "at_delegation",
    "submitted",
    "recommended",
    "reported",
    "withdrawal_asked",
    "withdrawn",
    "not_placed",
    "placed",
    "assigned",
    "completed",
    "moved",
)


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    term = Term.objects.filter(congress__level="prefecture", is_current=True).first()
    users = {u.username: u for u in User.objects.filter(username__in=["secretariat", "office"])}
    if term is None or len(users) < 2:
        return
    sessions = list(
        Session.objects.filter(
            term=term, proposal_deadline__isnull=False, opens_on__lte=clock.today()
        ).order_by("-opens_on")[:2]
    )
    deputies = list(
        Deputy.objects.filter(
            user__isnull=False,
            memberships__term=term,
            memberships__status="serving",
        ).order_by("pk")[:60]
    )
    if len(deputies) < services.threshold(term.congress_id) + 3 or not sessions:
        return
    units = list(registry_selectors.handling_units().filter(name__startswith="自治州")[:12])
    persona = Deputy.objects.filter(user__username="deputy").first()
    delegations = dict(
        Membership.objects.filter(term=term, deputy__in=deputies).values_list(
            "deputy_id", "delegation_id"
        )
    )
    staffed_orgs = {
        o.pk
        for o in Organisation.objects.filter(pk__in=set(delegations.values()) - {None})
        if registry_selectors.users_with_role_over(o, frozenset({Role.UNIT_STAFF})).exists()
    }
    staffed = [d for d in deputies if delegations.get(d.pk) in staffed_orgs]
    done, total = 0, len(sessions) * len(FATES)
    for n, session in enumerate(reversed(sessions)):
        for i, fate in enumerate(FATES):
            topic = TOPICS[(i + n * 5) % len(TOPICS)]
            _one(rng, session, deputies, staffed, persona, units, users, fate, topic, i)
            done += 1
        progress("proposals", done, total)
    _interpellations(rng, sessions[0], deputies, staffed, users["secretariat"])


INTERPELLATIONS = (
    ("submitted", "government", "关于农村寄宿制学校改造进度滞后问题的质询案"),
    ("handed", "court", "关于涉农民工工资案件执行难问题的质询案"),
    ("answered", "government", "关于伊犁河谷部分河段非法采砂问题的质询案"),
)


def _interpellations(
    rng: random.Random,
    session: Session,
    deputies: list[Deputy],
    staffed: list[Deputy],
    secretariat: User,
) -> None:
    """R51: interpellations of the latest session, received, handed on and answered."""
    assert session.proposal_deadline is not None
    day = session.proposal_deadline.astimezone(SHANGHAI).date()
    year = day.year
    for i, (fate, organ, subject) in enumerate(INTERPELLATIONS):
        author = rng.choice(staffed or deputies)
        actor = author.user
        assert actor is not None
        with clock.frozen(_at(session.opens_on, 9 + i)):
            p = services.draft_create(
                actor=actor,
                session=session,
                kind=Kind.INTERPELLATION,
                subject=subject,
                grounds="代表在视察中发现该问题长期未得到解决，群众反映强烈。请受质询机关说明"
                "有关情况、原因及整改措施和时限。",
                addressee=organ,
            )
            others = [d for d in deputies if d.pk != author.pk]
            for d in rng.sample(others, services.signatories_needed(p)):  # one spare
                services.cosigner_invite(actor=actor, proposal=p, deputy=d)
                assert d.user is not None
                services.cosign_respond(actor=d.user, proposal=p, accept=True)
            p = services.submit(actor=actor, proposal=p)
            staff = _delegation_user(p)
            if p.status == "at_delegation" and staff is not None:
                p = services.forward(actor=staff, proposal=p)
        if fate == "submitted" or p.status != "submitted":
            continue
        with clock.frozen(_at(day, 20)):
            services.presidium_decide(
                actor=secretariat,
                proposal=p,
                placed=True,
                on=day,
                document_no=f"大会主席团〔{year}〕{20 + i}号",
            )
        if fate == "handed":
            continue
        with clock.frozen(_at(day + dt.timedelta(days=1), 16)):
            services.answer_record(
                actor=secretariat,
                proposal=p,
                text="自治州人民政府在代表团全体会议上作了口头答复：已开展专项整治，"
                "对非法采砂行为依法查处，并建立河长巡查和部门联合执法机制。",
                on=day + dt.timedelta(days=1),
                document_no=f"伊州政函〔{year}〕{5 + i}号",
            )
            services.reaction_record(
                actor=actor, proposal=p, reaction="satisfied", note="答复具体，措施可行。"
            )


def _delegation_user(p: Proposal) -> User | None:
    if p.delegation is None:
        return None
    return registry_selectors.users_with_role_over(
        p.delegation, frozenset({Role.UNIT_STAFF})
    ).first()


def _one(
    rng: random.Random,
    session: Session,
    deputies: list[Deputy],
    staffed: list[Deputy],
    persona: Deputy | None,
    units: list[Organisation],
    users: dict[str, User],
    fate: str,
    topic: tuple[str, str],
    index: int,
) -> None:
    assert session.proposal_deadline is not None
    deadline = session.proposal_deadline
    opens = session.opens_on
    pool = [d for d in deputies if persona is None or d.pk != persona.pk]
    # The persona's desk shows a draft and a placed proposal; other authors are chosen among
    # deputies whose delegation has staff, so the demo can hand their proposals on.
    persona_ok = persona is not None and (fate == "draft" or persona in staffed)
    if persona is not None and persona_ok and fate in ("draft", "placed"):
        author = persona
    else:
        author = rng.choice([d for d in staffed if d in pool] or pool)
    actor = author.user
    assert actor is not None
    category, subject = topic
    cosigners = rng.sample([d for d in pool if d.pk != author.pk], 12)
    threshold = services.threshold(session.term.congress_id)
    with clock.frozen(_at(opens - dt.timedelta(days=5 - index % 3), 9)):
        p = services.draft_create(
            actor=actor,
            session=session,
            subject=subject,
            grounds=GROUNDS.format(topic=subject.removeprefix("关于").removesuffix("的议案")),
            plan=PLAN,
            category=category,
            exclusions_confirmed=True,
        )
        needed = threshold if fate != "draft" else threshold - 3
        for d in cosigners[: needed + 1]:
            services.cosigner_invite(actor=actor, proposal=p, deputy=d)
        for d in cosigners[:needed]:
            assert d.user is not None
            services.cosign_respond(actor=d.user, proposal=p, accept=True)
        if fate != "draft":
            last = cosigners[needed]
            assert last.user is not None
            services.cosign_respond(actor=last.user, proposal=p, accept=False)
    if fate == "draft":
        if persona is not None and persona.user is not None and author.pk != persona.pk:
            services.cosigner_invite(actor=actor, proposal=p, deputy=persona)
        return
    if fate == "moved":
        with clock.frozen(deadline + dt.timedelta(hours=15)):
            services.move_to_suggestion(actor=actor, proposal=p)
        return
    with clock.frozen(deadline - dt.timedelta(hours=30 - index)):
        services.submit(actor=actor, proposal=p)
    if fate == "at_delegation":
        return
    with clock.frozen(deadline - dt.timedelta(hours=20 - index)):
        staff = _delegation_user(p)
        if staff is None:
            return
        services.forward(actor=staff, proposal=p)
    secretariat = users["secretariat"]
    day = deadline.astimezone(SHANGHAI).date()
    year = day.year
    if fate in ("withdrawal_asked", "withdrawn"):
        with clock.frozen(_at(day, 20)):
            services.withdrawal_request(
                actor=actor,
                proposal=p,
                reason="经与有关部门沟通，相关工作已列入政府计划，申请撤回议案。",
            )
        if fate == "withdrawn":
            with clock.frozen(_at(day + dt.timedelta(days=1), 16)):
                services.withdrawal_consent(
                    actor=secretariat,
                    proposal=p,
                    on=day + dt.timedelta(days=1),
                    document_no=f"大会主席团〔{year}〕{10 + index}号",
                )
        return
    if fate == "submitted":
        return
    with clock.frozen(_at(day, 21)):
        services.recommend(
            actor=secretariat,
            proposal=p,
            text="建议提请议案审查委员会审议。",
            on=day,
            document_no=f"大会秘书处〔{year}〕{index + 1}号",
        )
    if fate == "recommended":
        return
    with clock.frozen(_at(day + dt.timedelta(days=1), 11)):
        services.committee_report(
            actor=secretariat,
            proposal=p,
            text="议案符合条件，建议列入本次会议议程。"
            if fate != "not_placed"
            else "议案所提事项宜作为代表建议交有关机关办理。",
            on=day + dt.timedelta(days=1),
            document_no=f"议案审查委员会〔{year}〕{index + 1}号",
        )
    if fate == "reported":
        return
    with clock.frozen(_at(day + dt.timedelta(days=1), 17)):
        services.presidium_decide(
            actor=secretariat,
            proposal=p,
            placed=fate != "not_placed",
            on=day + dt.timedelta(days=1),
            document_no=f"大会主席团〔{year}〕{index + 1}号",
        )
    if fate in ("not_placed", "placed") or not units:
        return
    plan_day = session.closes_on + dt.timedelta(days=30)
    with clock.frozen(_at(plan_day + dt.timedelta(days=5))):
        plan = services.plan_create(
            actor=users["office"],
            title=f"{session.term}{session}代表议案交办方案",
            decided_on=plan_day,
            document_no=f"伊州人常主〔{year}〕{index}号",
        )
        lead = units[index % len(units)]
        services.assign(
            actor=users["office"],
            proposal=p,
            plan=plan,
            lead=lead,
            co_units=[units[(index + 1) % len(units)]],
            assigned_on=plan_day + dt.timedelta(days=5),
        )
    if fate != "completed":
        return
    report_day = plan_day + dt.timedelta(days=90)
    if report_day > clock.today():
        return
    unit_user = registry_selectors.users_with_role_over(
        lead, frozenset({Role.HANDLING_UNIT})
    ).first()
    if unit_user is None:
        return
    with clock.frozen(_at(report_day, 15)):
        services.result_report(
            actor=unit_user,
            proposal=p,
            text="已会同有关部门制定工作方案并组织实施，有关情况已向自治州人大常委会书面报告。",
            on=report_day,
        )
