"""One test per compliance rule (rule_registry.RULES): data that just meets the threshold
and data that just misses it, in a year the demo data leaves empty."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities.models import (
    ActivityKind,
    DeputyGroup,
    GroupActivity,
    Inspection,
    InspectionKind,
    LegislativeProject,
    Stage,
    StageInvitation,
    StageKind,
    Supervision,
    SupervisionInvitation,
    SupervisionKind,
    Training,
    TrainingAttendance,
    TrainingKind,
)
from lvzhi.compliance.outcomes import (
    AMBER,
    BEHIND,
    GREEN,
    NOT_RECORDED,
    OK,
    OPEN,
    RED,
    Context,
    Outcome,
)
from lvzhi.compliance.periods import Period
from lvzhi.compliance.rule_registry import BY_KEY, RULES
from lvzhi.contacts import services as contacts_services
from lvzhi.contacts.models import ActivityKind as ContactKind
from lvzhi.contacts.models import Holder, HolderKind, YearReport
from lvzhi.core import clock
from lvzhi.meetings.models import Material, Meeting, MeetingKind, Notice, Participant
from lvzhi.registry.models import Expertise, Membership, Organisation, OrgKind, Session
from lvzhi.suggestions.models import Reply, Status, Suggestion

from .helpers import YEAR, at, committee, congress, ctx, item, place, run, serving, term, u

pytestmark = pytest.mark.django_db

D = dt.date


def test_every_rule_is_tested_here() -> None:
    """Adding a rule is one entry and one test: each id of the registry has a test below."""
    names = {n for n in globals() if n.startswith("test_r")}
    for rule in RULES:
        assert any(n.startswith(f"test_{rule.key}_") for n in names), rule.id


# ---- R02 -----------------------------------------------------------------------------------


def _session(title: str, opens: dt.date, notice_days: int | None) -> Meeting:
    n = Session.objects.filter(term=term()).count() + 50
    s = Session.objects.create(term=term(), number=n, opens_on=opens, closes_on=opens)
    m = Meeting.objects.create(
        kind=MeetingKind.SESSION,
        congress=congress(),
        session=s,
        title=title,
        opens_at=at(opens),
        closes_at=at(opens, 18),
        created_at=at(opens - dt.timedelta(days=60)),
    )
    if notice_days is not None:
        Notice.objects.create(
            meeting=m,
            body="通知",
            sent_at=at(opens - dt.timedelta(days=notice_days)),
            days_ahead=notice_days,
            is_late=notice_days < 15,
            late_reason="迟" if notice_days < 15 else "",
        )
    return m


def test_r02_notice_fifteen_days_before_meets_fourteen_misses() -> None:
    """R02 (Art 4)."""
    _session("第一次会议", D(YEAR, 3, 1), 15)
    _session("第二次会议", D(YEAR, 9, 1), 14)
    out = run("R02")
    assert item(out, "第一次会议").state == OK
    assert item(out, "第二次会议").state == BEHIND
    assert "14" in item(out, "第二次会议").why


def test_r02_a_future_session_without_notice_is_still_open() -> None:
    _session("第三次会议", D(YEAR, 12, 20), None)
    out = run("R02", today=D(YEAR, 12, 1))
    assert item(out, "第三次会议").state == OPEN
    assert out.status() == AMBER


# ---- R14 -----------------------------------------------------------------------------------


def _suggestion(title: str, assigned: dt.date, replied: dt.date | None) -> Suggestion:
    from dateutil.relativedelta import relativedelta

    deputy = serving(1)[0]
    s = Suggestion.objects.create(
        term=term(),
        title=title,
        body="正文" * 40,
        proposer=deputy,
        created_by=u("office"),
        created_at=at(assigned),
        status=Status.REPLIED if replied else Status.ASSIGNED,
        assigned_on=assigned,
        due_on=assigned + relativedelta(months=3),
    )
    if replied:
        Reply.objects.create(
            suggestion=s,
            unit=Organisation.objects.filter(kind=OrgKind.GOVERNMENT).first(),
            result_class="A",
            body="答复",
            replied_by=u("office"),
            replied_at=at(replied),
        )
    return s


def test_r14_reply_on_the_due_date_meets_a_day_later_misses() -> None:
    """R14 (Art 24): due three months after assignment."""
    _suggestion("按期答复", D(YEAR, 1, 10), D(YEAR, 4, 10))
    _suggestion("逾期一天", D(YEAR, 1, 10), D(YEAR, 4, 11))
    out = run("R14")
    assert item(out, "按期答复").state == OK
    assert item(out, "逾期一天").state == BEHIND
    assert not item(out, "逾期一天").severe


def test_r14_a_reply_beyond_six_months_makes_the_row_red() -> None:
    """R14 (Art 24): never beyond six months, whatever the share."""
    for n in range(20):
        _suggestion(f"按期{n}", D(YEAR, 2, 1), D(YEAR, 3, 1))
    _suggestion("超过六个月", D(YEAR, 2, 1), D(YEAR, 8, 2))
    out = run("R14")
    assert item(out, "超过六个月").severe
    assert out.status() == RED


# ---- R20 -----------------------------------------------------------------------------------


def test_r20_one_activity_in_a_quarter_meets_none_misses() -> None:
    """R20 (Art 38): ≥1 collective activity per quarter."""
    group = DeputyGroup.objects.filter(term=term()).select_related("organisation").order_by("id")[0]
    DeputyGroup.objects.filter(pk=group.pk).update(formed_on=D(YEAR - 1, 6, 1))
    GroupActivity.objects.create(
        group=group,
        kind=ActivityKind.choices[0][0],
        title="一季度学习",
        held_on=D(YEAR, 3, 31),
        place="会议室",
        content="学习",
        recorded_by=u("office"),
        recorded_at=at(D(YEAR, 3, 31)),
    )
    q1 = run("R20", "Q1")
    q2 = run("R20", "Q2")
    assert item(q1, group.organisation.name).state == OK
    assert item(q2, group.organisation.name).state == BEHIND
    h1 = run("R20", "H1")
    assert [i.state for i in h1.items if i.name == group.organisation.name] == [OK, BEHIND]


# ---- R22 -----------------------------------------------------------------------------------


def _inspection(ends: dt.date) -> Inspection:
    return Inspection.objects.create(
        kind=InspectionKind.CENTRALISED,
        term=term(),
        organiser=committee(),
        title="集中视察",
        starts_on=ends - dt.timedelta(days=3),
        ends_on=ends,
        sites="各地",
        created_by=u("office"),
        created_at=at(D(YEAR, 1, 5)),
    )


def test_r22_a_december_inspection_meets() -> None:
    """R22 (Art 41)."""
    _inspection(D(YEAR, 12, 5))
    assert run("R22").items[0].state == OK


def test_r22_a_june_inspection_without_a_session_misses() -> None:
    _inspection(D(YEAR, 6, 5))
    out = run("R22")
    assert out.items[0].state == BEHIND
    assert out.status() == RED


def test_r22_none_while_the_year_runs_is_open() -> None:
    out = run("R22", today=D(YEAR, 10, 1))
    assert out.items[0].state == OPEN


# ---- R26 -----------------------------------------------------------------------------------


def _stage(title: str, invited: int, field: str = "生态环境", skilled: bool = True) -> Stage:
    """A drafting stage of a project in ``field``; the invited deputies declare that field
    when ``skilled``."""
    tag, _created = Expertise.objects.get_or_create(name=field)
    p = LegislativeProject.objects.create(
        title=title,
        term=term(),
        committee=committee(),
        created_by=u("office"),
        created_at=at(D(YEAR, 1, 2)),
    )
    p.expertise.add(tag)
    s = Stage.objects.create(project=p, kind=StageKind.DRAFTING, starts_on=D(YEAR, 5, 1))
    for d in serving(invited):
        if skilled:
            d.expertise.add(tag)
        StageInvitation.objects.create(stage=s, deputy=d, invited_at=at(D(YEAR, 4, 1)))
    return s


def test_r26_two_deputies_in_a_stage_meet_one_misses() -> None:
    """R26 (Art 50)."""
    _stage("条例甲", 2)
    _stage("条例乙", 1)
    out = run("R26")
    assert item(out, "条例甲").state == OK
    assert item(out, "条例乙").state == BEHIND


def test_r26_counts_only_deputies_with_the_relevant_expertise() -> None:
    """R26 (Art 50): "至少两名具有相关专业知识的代表": two deputies without the project's field
    do not meet the rule; the field declared, named in the deputy's occupation (work unit and
    position) or membership of the committee running the project count."""
    s = _stage("草原保护条例", 2, field="草原畜牧", skilled=False)
    out = run("R26")
    assert item(out, "草原保护条例").state == BEHIND
    assert "0" in item(out, "草原保护条例").why
    first, second = (i.deputy for i in StageInvitation.objects.filter(stage=s).order_by("id"))
    first.expertise.add(Expertise.objects.get(name="草原畜牧"))
    assert item(run("R26"), "草原保护条例").state == BEHIND  # one of two
    second.position = f"{committee().name}委员"
    second.save(update_fields=["position"])
    assert item(run("R26"), "草原保护条例").state == OK
    second.position = "昭苏县草原畜牧站站长"
    second.save(update_fields=["position"])
    assert item(run("R26"), "草原保护条例").state == OK


def test_r26_without_any_stage_the_row_says_not_recorded() -> None:
    out = run("R26")
    assert not out.recorded
    assert out.status() == NOT_RECORDED


# ---- R28 -----------------------------------------------------------------------------------


def _supervision(title: str, local: int) -> None:
    s = Supervision.objects.create(
        kind=SupervisionKind.choices[0][0],
        term=term(),
        committee=committee(),
        place=place(),
        title=title,
        tasks="任务",
        held_on=D(YEAR, 6, 1),
        created_by=u("office"),
        created_at=at(D(YEAR, 5, 1)),
    )
    for i, d in enumerate(serving(3)):
        SupervisionInvitation.objects.create(
            supervision=s, deputy=d, is_local=i < local, invited_at=at(D(YEAR, 5, 2))
        )


def test_r28_two_local_deputies_meet_one_misses() -> None:
    """R28 (Art 53): only deputies of the place concerned count."""
    _supervision("执法检查甲", 2)
    _supervision("执法检查乙", 1)
    out = run("R28")
    assert item(out, "执法检查甲").state == OK
    assert item(out, "执法检查乙").state == BEHIND


# ---- R30, R31 ------------------------------------------------------------------------------


def _sc(
    title: str,
    opens: dt.date,
    attendees: int,
    list_days: int,
    material_days: int,
    attended: int | None = None,
) -> None:
    """A Standing Committee meeting with ``attendees`` invited without a vote, of whom
    ``attended`` (all by default) registered on the day."""
    m = Meeting.objects.create(
        kind=MeetingKind.STANDING_COMMITTEE,
        congress=congress(),
        title=title,
        opens_at=at(opens),
        closes_at=at(opens, 18),
        created_at=at(opens - dt.timedelta(days=40)),
        attendees_fixed_at=at(opens - dt.timedelta(days=list_days)),
    )
    came = attendees if attended is None else attended
    for i, d in enumerate(serving(attendees)):
        Participant.objects.create(
            meeting=m, deputy=d, role="non_voting", registered_at=at(opens) if i < came else None
        )
    Material.objects.create(
        meeting=m,
        title="议题",
        body="材料",
        published_at=at(opens - dt.timedelta(days=material_days)),
    )


def test_r30_eight_attendees_meet_seven_miss() -> None:
    """R30 (Art 56): about ten — eight or more counts."""
    _sc("常委会第一次", D(YEAR, 4, 20), 8, 10, 7)
    _sc("常委会第二次", D(YEAR, 8, 20), 7, 10, 7)
    out = run("R30")
    assert item(out, "常委会第一次").state == OK
    assert item(out, "常委会第二次").state == BEHIND


def test_r30_each_meeting_counts_attendance_not_invitations() -> None:
    """R30 (Art 56): ten invited of whom seven came is behind; the row says both."""
    _sc("常委会第三次", D(YEAR, 5, 20), 10, 10, 7, attended=7)
    found = item(run("R30"), "常委会第三次")
    assert found.state == BEHIND
    assert "7" in found.why and "10" in found.why


def test_r31_list_ten_and_materials_seven_days_before_meet_nine_and_six_miss() -> None:
    """R31 (Art 57)."""
    _sc("常委会甲", D(YEAR, 4, 20), 10, 10, 7)
    _sc("常委会乙", D(YEAR, 6, 20), 10, 9, 7)
    _sc("常委会丙", D(YEAR, 8, 20), 10, 10, 6)
    out = run("R31")
    assert item(out, "常委会甲").state == OK
    assert item(out, "常委会乙").state == BEHIND
    assert item(out, "常委会丙").state == BEHIND


# ---- R32 -----------------------------------------------------------------------------------


def _training(deputies: list, year: int = YEAR) -> None:
    t = Training.objects.create(
        kind=TrainingKind.THEMATIC,
        term=term(),
        organiser=committee(),
        title="专题培训",
        starts_on=D(year, 5, 1),
        ends_on=D(year, 5, 2),
        place="党校",
        content="内容",
        created_by=u("office"),
        created_at=at(D(year, 4, 1)),
    )
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(training=t, deputy=d, recorded_at=at(D(year, 5, 1))) for d in deputies
    )


def test_r32_every_serving_deputy_trained_meets_one_missing_misses() -> None:
    """R32 (Art 63): full coverage over the term, judged when the year is over."""
    year = clock.today().year
    after = D(year + 1, 1, 2)
    everyone = serving(10_000)
    _training(everyone, year)

    def r32() -> Outcome:
        c = ctx(today=after)
        return BY_KEY["r32"].check(Context(c.congress, c.term, Period(year), after))

    assert r32().status() == GREEN
    TrainingAttendance.objects.filter(deputy=everyone[0]).delete()
    out = r32()
    assert [i.name for i in out.items] == [everyone[0].name]
    assert out.items[0].state == BEHIND
    assert out.status() == AMBER  # one of many: within the margin
    # While the year runs, the deputy is still open.
    running = BY_KEY["r32"].check(Context(congress(), term(), Period(year), D(year, 6, 1)))
    assert running.items[0].state == OPEN


def test_r32_onboarding_training_before_the_terms_start_counts() -> None:
    """R32 (Art 63): the onboarding training is held before the first session, which may be
    before the term's recorded start; a deputy who attended it is trained, not listed as
    "本届尚未参加任何培训"."""
    year = clock.today().year
    after = D(year + 1, 1, 2)
    everyone = serving(10_000)
    t = term()
    onboarding = Training.objects.create(
        kind=TrainingKind.ONBOARDING,
        term=t,
        organiser=committee(),
        title="新任代表初任培训",
        starts_on=t.starts_on - dt.timedelta(days=10),
        ends_on=t.starts_on - dt.timedelta(days=8),
        place="党校",
        content="代表法、议事规则",
        created_by=u("office"),
        created_at=at(t.starts_on - dt.timedelta(days=30)),
    )
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(training=onboarding, deputy=d, recorded_at=at(onboarding.starts_on))
        for d in everyone
    )
    c = ctx(today=after)
    out = BY_KEY["r32"].check(Context(c.congress, c.term, Period(year), after))
    assert out.items == [] and out.status() == GREEN


# ---- R33, R34 ------------------------------------------------------------------------------


# Contacts cannot be dated before the term began: these two use last year.
LAST = clock.today().year - 1


def _member(name: str, links: int, contacts: list[int]) -> Holder:
    from tests.contacts.helpers import new_member

    with clock.frozen(clock.now().replace(year=LAST, month=12, day=20)):
        h = new_member(name)
        for d, n in zip(serving(links, offset=40), contacts + [0] * links, strict=False):
            contacts_services.link_create(actor=u("office"), holder=h, deputy=d, on=D(LAST, 1, 5))
            for k in range(n):
                contacts_services.contact_log(
                    actor=u("office"), holder=h, deputy=d, method="phone", on=D(LAST, 3 + k, 1)
                )
    return h


def _last_year(rule: str) -> Outcome:
    after = D(LAST + 1, 1, 2)
    return BY_KEY[rule].check(Context(congress(), term(), Period(LAST), after))


def test_r33_three_linked_deputies_meet_two_miss() -> None:
    """R33 (Art 67)."""
    _member("委员甲", 3, [2, 2, 2])
    _member("委员乙", 2, [2, 2])
    out = _last_year("r33")
    assert item(out, "委员甲").state == OK
    assert item(out, "委员乙").state == BEHIND


def test_r34_two_contacts_each_meet_one_misses() -> None:
    """R34 (Art 68): ≥2 contacts a year with each linked deputy."""
    _member("委员丙", 3, [2, 2, 2])
    _member("委员丁", 3, [2, 2, 1])
    out = _last_year("r34")
    assert item(out, "委员丙").state == OK
    assert item(out, "委员丁").state == BEHIND


# ---- R36, R38 ------------------------------------------------------------------------------


def _activity(org: Organisation, kind: str, title: str, day: dt.date, n: int) -> None:
    with clock.frozen(clock.now().replace(year=day.year, month=day.month, day=day.day)):
        contacts_services.activity_record(
            actor=u("office"),
            organisation=org,
            kind=kind,
            title=title,
            held_on=day,
            participants=serving(n),
        )


def test_r36_an_activity_in_the_first_half_meets_none_in_the_second_misses() -> None:
    """R36 (Art 72): an activity every half year."""
    head = Holder.objects.filter(
        kind=HolderKind.COMMITTEE_HEAD, is_active=True, organisation__division=congress().division
    ).first()
    assert head is not None
    org = head.organisation
    _activity(org, ContactKind.GROUP, "上半年活动", D(YEAR, 5, 10), 8)
    out = run("R36")
    halves = [i for i in out.items if i.name == org.name and f"{YEAR}.1-{YEAR}.6" in i.why]
    assert [i.state for i in halves] == [OK]
    halves = [i for i in out.items if i.name == org.name and f"{YEAR}.7-{YEAR}.12" in i.why]
    assert [i.state for i in halves] == [BEHIND]
    # A quarter of the first half checks that half only.
    q2 = run("R36", "Q2")
    assert not [i for i in q2.items if f"{YEAR}.7-{YEAR}.12" in i.why]


def test_r37_committees_report_their_contacts_by_year_end() -> None:
    """R37 (Art 73): a row per special committee; the written report makes it met."""
    head = Holder.objects.filter(
        kind=HolderKind.COMMITTEE_HEAD, is_active=True, organisation__division=congress().division
    ).first()
    assert head is not None
    before = [i for i in run("R37").items if i.name == head.organisation.name]
    assert [i.state for i in before] == [BEHIND]
    YearReport.objects.create(
        holder=head,
        year=YEAR,
        generated_at=dt.datetime(YEAR, 12, 20, 10, tzinfo=dt.UTC),
        generated_by=u("office"),
    )
    after = [i for i in run("R37").items if i.name == head.organisation.name]
    assert [i.state for i in after] == [OK]


def test_r38_a_forum_of_ten_deputies_meets_nine_misses() -> None:
    """R38 (Art 75): the principal leader's forum counts with at least ten deputies."""
    organs = [
        h.organisation
        for h in Holder.objects.filter(
            kind=HolderKind.ORGAN_PRINCIPAL,
            is_active=True,
            organisation__division=congress().division,
        )
    ]
    assert organs
    org = organs[0]
    _activity(org, ContactKind.FORUM, "九人座谈", D(YEAR, 6, 1), 9)

    def forum(out: Outcome) -> str:
        return next(
            i.state
            for i in out.items
            if i.name == org.name and "10" in i.why and "九人座谈" in i.why
        )

    assert forum(run("R38")) == BEHIND
    _activity(org, ContactKind.FORUM, "十人座谈", D(YEAR, 7, 1), 10)
    assert (
        next(i.state for i in run("R38").items if i.name == org.name and "十人座谈" in i.why) == OK
    )


# ---- R41 -----------------------------------------------------------------------------------


def test_r41_a_station_activity_meets_none_misses() -> None:
    """R41 (Art 80): leading-post deputies hold ≥1 station activity a year."""
    from lvzhi.stations.models import Activity, Station

    out = run("R41")
    behind = [i for i in out.items if i.state == BEHIND]
    assert behind, "the demo has leading-post deputies"
    name = behind[0].name
    deputy = next(d for d in serving(10_000) if d.name == name and d.holds_leading_post)
    a = Activity.objects.create(
        station=Station.objects.first(),
        kind="reception",
        held_on=D(YEAR, 6, 1),
        title="接待",
        recorded_at=at(D(YEAR, 6, 1)),
    )
    a.deputies.add(deputy)
    out = run("R41")
    assert name not in [i.name for i in out.items if i.state == BEHIND]
    assert out.ok_unlisted >= 1


# ---- R47 -----------------------------------------------------------------------------------


def test_r47_every_handbook_submitted_meets_one_missing_misses() -> None:
    """R47 (Art 95): an electoral unit that submitted all its deputies' handbooks of the year
    meets the rule; one missing handbook after 31 December puts the unit behind."""
    from lvzhi.records.models import Handbook
    from lvzhi.records.selectors import seats_in_year

    year = clock.today().year - 1
    unit = place()
    seats = list(
        Membership.objects.filter(
            seats_in_year(year), term__congress=congress(), electoral_unit=unit
        )
    )
    assert len(seats) >= 2, "the demo unit has deputies"
    Handbook.objects.filter(year=year, electoral_unit=unit).delete()
    for seat in seats[:-1]:
        Handbook.objects.create(
            membership=seat,
            year=year,
            electoral_unit=unit,
            submitted_at=at(dt.date(year, 12, 1)),
            submitted_by=u("office"),
        )
    c = Context(
        congress=congress(),
        term=term(),
        period=Period(year, "Y"),
        today=dt.date(year + 1, 1, 2),
    )
    check = BY_KEY["r47"].check
    assert item(check(c), unit.name).state == BEHIND
    early = Context(congress=c.congress, term=c.term, period=c.period, today=dt.date(year, 12, 1))
    assert item(check(early), unit.name).state == OPEN, "before the deadline it is still open"
    Handbook.objects.create(
        membership=seats[-1],
        year=year,
        electoral_unit=unit,
        submitted_at=at(dt.date(year, 12, 30)),
        submitted_by=u("office"),
    )
    assert item(check(c), unit.name).state == OK
