"""Demo meetings, built through the services: the term's latest congress session (with notice,
materials, registration, check-ins, leave and a few unexcused absences) and a Standing
Committee meeting sitting today, ready for a live vote."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.demotime import at as _at
from lvzhi.core.models import User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, OrgKind, Session, Term

from . import planner, services
from .models import AgendaKind, Meeting, MeetingKind, Sitting

SC_MEETING_TITLE = "自治州十五届人大常委会第三十次会议"


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    term = (
        Term.objects.filter(congress__level="prefecture", is_current=True)
        .select_related("congress")
        .first()
    )
    session = Session.objects.filter(term=term).order_by("-number").first()
    if term is None or session is None:
        return
    progress("meetings", 0, 0)
    secretariat = User.objects.get(username="secretariat")
    admin = User.objects.get(username="admin")
    _session(term, session, secretariat, admin, rng)
    _standing_committee(term, User.objects.get(username="office"), rng)


def _session(term: Term, session: Session, staff: User, admin: User, rng: random.Random) -> None:
    opens = _at(session.opens_on, 9)
    days = (session.closes_on - session.opens_on).days + 1
    with clock.frozen(opens - dt.timedelta(days=20)):
        meeting = services.meeting_create(
            actor=staff,
            congress=term.congress,
            kind=MeetingKind.SESSION,
            session=session,
            title=f"伊犁哈萨克自治州第十五届人民代表大会第{_cn(session.number)}次会议",
            place="自治州人民会堂",
            opens_at=opens,
            closes_at=_at(session.closes_on, 12),
        )  # a congress session: its creation calls the roll of the term
        for kind, title in (
            (AgendaKind.REPORT, "听取和审议自治州人民政府工作报告"),
            (AgendaKind.REPORT, "审查和批准自治州国民经济和社会发展计划执行情况与计划草案的报告"),
            (AgendaKind.REPORT, "审查和批准自治州财政预算执行情况和预算草案的报告"),
            (AgendaKind.BILL, "审议《伊犁哈萨克自治州城乡清洁条例（草案）》"),
            (AgendaKind.ELECTION, "补选自治州人大常委会副主任"),
            (AgendaKind.DECISION, "关于自治州人大常委会工作报告的决议"),
        ):
            services.agenda_add(actor=staff, meeting=meeting, kind=kind, title=title)
        services.notice_send(
            actor=staff,
            meeting=meeting,
            body=f"会议定于{session.opens_on:%Y年%m月%d日}在伊宁市召开，会期{days}天。"
            "初步议程：听取和审议政府工作报告、计划和预算报告，审议地方性法规草案，"
            "补选常委会副主任。请代表于开幕前一日报到。",
        )
        for title, body in (
            (
                "自治州人民政府工作报告（征求意见稿）",
                "过去一年，全州经济社会持续健康发展……（报告全文供代表会前研读）",
            ),
            ("《伊犁哈萨克自治州城乡清洁条例（草案）》及说明", "第一条 为了改善城乡人居环境……"),
        ):
            services.material_publish(actor=staff, meeting=meeting, title=title, body=body)
    sittings = []
    for i, title in enumerate(("第一次全体会议", "第二次全体会议", "第三次全体会议")):
        day = session.opens_on + dt.timedelta(
            days=min(i * 2, (session.closes_on - session.opens_on).days)
        )
        sittings.append(
            services.sitting_add(actor=staff, meeting=meeting, title=title, starts_at=_at(day, 10))
        )
    deputies = list(
        registry_selectors.deputies_serving_in(term.pk).select_related("user").order_by("pk")
    )
    materials = list(meeting.materials.all())
    on_leave = set(
        rng.sample([d.pk for d in deputies if d.user is None], k=max(1, len(deputies) // 40))
    )
    truant = {d.pk for d in deputies if d.pk not in on_leave and rng.random() < 0.03}
    with clock.frozen(opens - dt.timedelta(days=3)):
        for d in deputies:
            if d.user is not None:
                for m in materials:
                    services.material_read(actor=d.user, material=m)
        for d in deputies:
            if d.pk in on_leave:
                leave = services.leave_request(
                    actor=admin, deputy=d, meeting=meeting, reason=rng.choice(LEAVE_REASONS)
                )
                services.leave_decide(actor=admin, leave=leave, approve=True)
    with clock.frozen(opens - dt.timedelta(hours=20)):
        for d in deputies:
            if d.pk not in on_leave:
                services.register(actor=staff, meeting=meeting, deputy=d)
    for sitting in sittings:
        if sitting.starts_at > clock.now():
            continue  # a sitting still to come has no check-ins yet (issue 28.8)
        with clock.frozen(sitting.starts_at - dt.timedelta(minutes=20)):
            for d in deputies:
                if d.pk in on_leave or (d.pk in truant and rng.random() < 0.7):
                    continue
                services.check_in(actor=staff, sitting=sitting, deputy=d)
    _deliberation(meeting, staff, sittings, deputies, rng)


def _deliberation(
    meeting: Meeting,
    staff: User,
    sittings: list[Sitting],
    deputies: list[Deputy],
    rng: random.Random,
) -> None:
    """R04-R05: a few speeches (grassroots deputies first), a brief quoting them, an inquiry
    to a department and its answer."""
    speakers = sorted(deputies, key=lambda d: (not d.is_grassroots, d.pk))[: min(6, len(deputies))]
    agenda = list(meeting.agenda.all())
    with clock.frozen(sittings[0].starts_at + dt.timedelta(hours=26)):
        speeches = [
            services.speech_record(
                actor=staff,
                meeting=meeting,
                deputy=d,
                sitting=sittings[min(1, len(sittings) - 1)],
                agenda_item=agenda[i % len(agenda)] if agenda else None,
                text=SPEECHES[i % len(SPEECHES)],
            )
            for i, d in enumerate(speakers)
        ]
        services.brief_publish(
            actor=staff,
            meeting=meeting,
            title="代表审议政府工作报告发言摘登",
            summary="各代表团认真审议政府工作报告，现将部分代表发言摘登如下。",
            speech_ids=[s.pk for s in speeches[:4]],
        )
        organ = Organisation.objects.filter(
            kind=OrgKind.GOVERNMENT_DEPARTMENT, name__contains="教育局"
        ).first()
        if organ is not None and speakers:
            inquiry = services.inquiry_record(
                actor=staff,
                meeting=meeting,
                deputy=speakers[0],
                organ=organ,
                question="牧区寄宿制学校的冬季取暖经费今年能否足额保障？",
            )
            services.inquiry_answer(
                actor=staff,
                inquiry=inquiry,
                answer="今年已将取暖经费列入州本级预算，并按在校生人数提前拨付到县市。",
                answered_by="自治州教育局负责同志",
            )


def _standing_committee(term: Term, office: User, rng: random.Random) -> None:
    """A meeting sitting today: about thirty members (the personas "deputy" and "groupleader"
    among them, not yet checked in) and a few deputies attending without a vote."""
    today = clock.today()
    # 09:00, or half an hour ago when the demo is seeded earlier in the morning: the members
    # have checked in, and nothing is dated after now (issue 28.8).
    opens = min(_at(today, 9), clock.now() - dt.timedelta(minutes=30))
    with clock.frozen(opens - dt.timedelta(days=20)):
        meeting = services.meeting_create(
            actor=office,
            congress=term.congress,
            kind=MeetingKind.STANDING_COMMITTEE,
            title=SC_MEETING_TITLE,
            place="州人大常委会第一会议室",
            opens_at=opens,
            closes_at=_at(today, 18),
        )
        for kind, title in (
            (AgendaKind.BILL, "审议《伊犁哈萨克自治州草原生态保护条例（草案）》"),
            (AgendaKind.REPORT, "听取和审议自治州人民政府关于农村饮水安全工作情况的报告"),
            (AgendaKind.DECISION, "关于批准自治州本级财政决算的决议"),
        ):
            services.agenda_add(actor=office, meeting=meeting, kind=kind, title=title)
    personas = list(Deputy.objects.filter(user__username__in=["deputy", "groupleader"]))
    others = list(
        registry_selectors.deputies_serving_in(term.pk)
        .exclude(pk__in=[d.pk for d in personas])
        .order_by("pk")
    )
    members = personas + rng.sample(others, k=min(28, len(others)))
    services.participants_add(actor=office, meeting=meeting, deputy_ids=[d.pk for d in members])
    with clock.frozen(opens - dt.timedelta(days=12)):
        # R30-R31: the planner's proposals, fixed 12 days ahead.
        services.attendees_fix(
            actor=office,
            meeting=meeting,
            invitations={p.deputy.pk: planner.reason_text(p) for p in planner.propose(meeting)},
        )
    with clock.frozen(opens - dt.timedelta(days=8)):
        services.notice_send(
            actor=office,
            meeting=meeting,
            body="会议议题：草原生态保护条例草案、农村饮水安全工作报告、本级财政决算。材料随通知印发。",
        )
    sitting = services.sitting_add(
        actor=office, meeting=meeting, title="第一次全体会议", starts_at=opens
    )
    from django.utils import timezone

    # A quarter of an hour before, on the sitting's own day (R01: check-in that day only).
    day_start = timezone.localtime(opens).replace(hour=0, minute=1, second=0, microsecond=0)
    with clock.frozen(max(opens - dt.timedelta(minutes=15), day_start)):
        for d in members[len(personas) :]:
            services.check_in(actor=office, sitting=sitting, deputy=d)


def _cn(n: int) -> str:
    from lvzhi.registry.models import chinese_number

    return chinese_number(n)


LEAVE_REASONS = (
    "因病住院治疗，不能出席会议",
    "参加上级组织的脱产培训",
    "家中有重大变故",
    "在外地执行防汛抗旱任务",
)

SPEECHES = (
    "报告实事求是、重点突出，我完全赞成。建议进一步加大对牧区基础设施的投入，特别是牧道和饮水工程。",
    "基层医疗卫生人才短缺问题仍然突出，建议完善乡村医生待遇保障，稳定基层队伍。",
    "建议把农村人居环境整治与乡村旅游结合起来，让群众在改善环境中增加收入。",
    "口岸经济发展势头很好，建议在通关便利化和物流园区建设上再加力度。",
    "希望政府继续关注冬季供暖和边远村队的安全饮水问题，把民生实事办到群众心坎上。",
    "建议加强职业教育与本地产业对接，多培养留得住、用得上的技术工人。",
)
