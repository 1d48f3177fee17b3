"""Meetings: notices (R02), registration, check-in, leave and absences (R01)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import Notification
from lvzhi.meetings import selectors, services
from lvzhi.meetings.models import (
    CheckIn,
    CheckInMethod,
    LeaveRequest,
    LeaveStatus,
    MaterialRead,
    Meeting,
    MeetingKind,
    Notice,
    Participant,
    ParticipantRole,
)
from lvzhi.registry.models import Session
from lvzhi.registry.selectors import deputy_users

from .helpers import check_in, congress, sc_meeting, session_meeting, sitting_now, term, u

pytestmark = pytest.mark.django_db


def test_r02_notice_15_days_ahead_is_sent_on_time_and_reaches_members() -> None:
    meeting, people = session_meeting(opens_in_days=16)
    notice = services.notice_send(
        actor=u("office"), meeting=meeting, body="会期一天，议程草案附后。"
    )
    assert (notice.is_late, notice.late_reason) == (False, "")
    assert notice.days_ahead >= 15
    sent = events.of(meeting).get(kind="meetings.notice_sent")
    # A session's members are the whole term (its roll call): every one with an account.
    members = Participant.objects.filter(meeting=meeting).values_list("deputy_id", flat=True)
    reached = Notification.objects.filter(key=f"meetings.notice_sent:{sent.pk}").count()
    assert reached == len(deputy_users(members)) and reached >= len(people)


def test_r02_late_notice_refused_without_reason_and_nothing_is_recorded() -> None:
    meeting, _people = session_meeting(opens_in_days=10)
    with pytest.raises(ValidationFailed) as exc:
        services.notice_send(actor=u("office"), meeting=meeting, body="通知")
    assert exc.value.field == "late_reason"
    assert "15" in exc.value.message
    assert not Notice.objects.filter(meeting=meeting).exists()


def test_r02_late_notice_with_reason_is_recorded_as_an_exception() -> None:
    meeting, _people = session_meeting(opens_in_days=10)
    notice = services.notice_send(
        actor=u("office"), meeting=meeting, body="通知", late_reason="上级临时调整会期"
    )
    assert notice.is_late is True
    assert notice.late_reason == "上级临时调整会期"
    assert notice.days_ahead in (9, 10)
    assert events.of(meeting).filter(kind="meetings.notice_sent", data__late=True).exists()


def test_r31_standing_committee_notice_needs_a_week_not_15_days() -> None:
    meeting, _people = sc_meeting(opens_in_days=8)
    notice = services.notice_send(actor=u("office"), meeting=meeting, body="议题和材料")
    assert notice.is_late is False
    late, _p = sc_meeting(opens_in_days=5)
    with pytest.raises(ValidationFailed) as exc:
        services.notice_send(actor=u("office"), meeting=late, body="议题和材料")
    assert "7" in exc.value.message
    assert not Notice.objects.filter(meeting=late).exists()


def test_only_staff_of_the_congress_send_notices() -> None:
    meeting, people = sc_meeting()
    for who in (people[0].user, u("yining"), u("secretariat")):
        with pytest.raises(PermissionDenied):
            services.notice_send(actor=who, meeting=meeting, body="通知")
    assert not Notice.objects.filter(meeting=meeting).exists()


def test_session_meeting_links_the_registry_session_once() -> None:
    session = Session.objects.filter(term=term(), meeting__isnull=True).order_by("number").last()
    assert session is not None
    opens = clock.now() + dt.timedelta(days=30)
    kw = {
        "congress": congress(),
        "kind": MeetingKind.SESSION,
        "title": "第六次会议",
        "opens_at": opens,
        "closes_at": opens,
        "session": session,
    }
    meeting = services.meeting_create(actor=u("secretariat"), **kw)
    assert meeting.session == session
    with pytest.raises(Conflict):
        services.meeting_create(actor=u("secretariat"), **kw)
    assert Meeting.objects.filter(session=session).count() == 1
    # Called again with the term unchanged: nobody is added twice, and nothing is recorded.
    assert services.session_roll_call(actor=u("secretariat"), meeting=meeting) == 0
    # One typed event for the roll call (issue 17.1), not the generic "participants added".
    roll = [k for k in events.of(meeting).values_list("kind", flat=True) if k != "meetings.created"]
    assert roll == ["meetings.roll_called"]


def test_the_service_alone_gives_a_session_meeting_its_roll_call() -> None:
    """A congress session's members are the whole term (R01): meeting_create calls the roll
    in the same transaction, whoever creates the meeting (the page, the demo, a script), and
    takes the congress and the session by id as a form chooses them."""
    session = Session.objects.filter(term=term(), meeting__isnull=True).order_by("number").last()
    assert session is not None
    opens = clock.now() + dt.timedelta(days=30)
    meeting = services.meeting_create(
        actor=u("secretariat"),
        congress=congress().pk,
        kind=MeetingKind.SESSION,
        title="第六次会议",
        opens_at=opens,
        closes_at=opens,
        session=session.pk,
    )
    serving = set(term().memberships.filter(status="serving").values_list("deputy_id", flat=True))
    members = Participant.objects.filter(meeting=meeting, role=ParticipantRole.MEMBER)
    assert serving and set(members.values_list("deputy_id", flat=True)) == serving
    kinds = list(events.of(meeting).values_list("kind", flat=True))
    assert kinds == ["meetings.created", "meetings.roll_called"]


def test_a_congress_that_does_not_exist_is_refused_with_a_message() -> None:
    opens = clock.now() + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed) as refused:
        services.meeting_create(
            actor=u("secretariat"),
            congress=987654321,
            kind=MeetingKind.STANDING_COMMITTEE,
            title="常委会会议",
            opens_at=opens,
            closes_at=opens,
        )
    assert refused.value.field == "congress"


def test_r01_registration_keeps_the_first_time() -> None:
    meeting, people = sc_meeting()
    first = services.register(actor=people[0].user, meeting=meeting)
    again = services.register(actor=people[0].user, meeting=meeting)
    assert first.registered_at is not None and again.registered_at == first.registered_at


def test_r01_check_in_on_phone_or_at_the_desk_counts_once() -> None:
    meeting, people = sc_meeting()
    sitting = sitting_now(meeting)
    services.check_in(actor=people[0].user, sitting=sitting)
    services.check_in(actor=people[0].user, sitting=sitting)
    services.check_in(actor=u("office"), sitting=sitting, deputy=people[1])
    rows = dict(CheckIn.objects.filter(sitting=sitting).values_list("deputy_id", "method"))
    assert rows == {people[0].pk: CheckInMethod.PHONE, people[1].pk: CheckInMethod.DESK}


def test_r01_check_in_only_on_the_sittings_day() -> None:
    """R01: check-in three weeks before a sitting, or the day before (Beijing time), is refused;
    on the sitting's day it is accepted (rules.CHECK_IN_DAYS_BEFORE/AFTER)."""
    meeting, people = sc_meeting()
    starts = dt.datetime(2026, 6, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    sitting = services.sitting_add(
        actor=u("office"), meeting=meeting, title="第一次全体会议", starts_at=starts
    )
    for early in (starts - dt.timedelta(days=21), starts.replace(hour=23) - dt.timedelta(days=1)):
        with clock.frozen(early), pytest.raises(ValidationFailed) as exc:
            services.check_in(actor=people[0].user, sitting=sitting)
        assert "签到" in str(exc.value.message)
    with clock.frozen(starts + dt.timedelta(days=1)), pytest.raises(ValidationFailed):
        services.check_in(actor=u("office"), sitting=sitting, deputy=people[1])
    assert not CheckIn.objects.filter(sitting=sitting).exists()
    with clock.frozen(starts.replace(hour=7)):  # 07:00 Beijing is still 23:00 UTC the day before
        services.check_in(actor=people[0].user, sitting=sitting)
    assert CheckIn.objects.filter(sitting=sitting, deputy=people[0]).exists()


def test_r01_deputy_not_called_cannot_check_in() -> None:
    meeting, people = sc_meeting(members=3)
    sitting = sitting_now(meeting)
    outsider = u("groupleader").deputy
    with pytest.raises(NotFound):
        services.check_in(actor=u("office"), sitting=sitting, deputy=outsider)
    with pytest.raises(PermissionDenied):
        services.check_in(actor=people[1].user, sitting=sitting, deputy=people[2])
    assert not CheckIn.objects.filter(sitting=sitting).exists()


def test_r01_leave_needs_a_reason_and_the_delegation_decides() -> None:
    meeting, people = sc_meeting()
    deputy = people[0]  # the persona "deputy", elected in 伊宁市
    with pytest.raises(ValidationFailed):
        services.leave_request(actor=deputy.user, meeting=meeting, reason="  ")
    leave = services.leave_request(actor=deputy.user, meeting=meeting, reason="住院治疗")
    with pytest.raises(PermissionDenied):
        services.leave_decide(actor=u("chabuchaer"), leave=leave, approve=True)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PENDING
    assert list(selectors.pending_leaves(u("yining"))) == [leave]
    assert list(selectors.pending_leaves(u("chabuchaer"))) == []
    services.leave_decide(actor=u("yining"), leave=leave, approve=True)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED and leave.decided_by == u("yining")
    with pytest.raises(Conflict):
        services.leave_decide(actor=u("yining"), leave=leave, approve=False)


def test_r01_unexcused_absences_are_listed_per_deputy_apart_from_approved_leave() -> None:
    meeting, people = sc_meeting(members=4)
    s1 = sitting_now(meeting)
    s2 = sitting_now(meeting)
    check_in(s1, people[:2])
    check_in(s2, people[:1])
    leave = services.leave_request(actor=people[0].user, meeting=meeting, reason="x")
    LeaveRequest.objects.filter(pk=leave.pk).delete()
    on_leave = services.leave_request(actor=people[2].user, meeting=meeting, reason="出差")
    services.leave_decide(actor=u("admin"), leave=on_leave, approve=True)
    rows = {r.deputy.pk: r for r in selectors.absences(meeting)}
    assert [s.number for s in rows[people[1].pk].unexcused] == [2]
    assert rows[people[2].pk].unexcused == [] and len(rows[people[2].pk].on_leave) == 2
    assert [s.number for s in rows[people[3].pk].unexcused] == [1, 2]
    assert people[0].pk not in rows
    counts = selectors.sitting_counts(s2)
    assert (counts.members, counts.present, counts.on_leave, counts.absent) == (4, 1, 1, 2)


def test_materials_have_read_receipts_once_per_deputy() -> None:
    meeting, people = sc_meeting()
    m = services.material_publish(
        actor=u("office"), meeting=meeting, title="审议报告", body="关于……的报告全文"
    )
    assert services.material_read(actor=people[0].user, material=m) is True
    assert services.material_read(actor=people[0].user, material=m) is False
    # The first reading is the change of state: one typed event (issue 17.1), not two.
    assert events.of(meeting).filter(kind="meetings.material_read").count() == 1
    assert services.material_read(actor=u("yining"), material=m) is False
    assert MaterialRead.objects.filter(material=m).count() == 1
    assert selectors.materials_with_reads(meeting).get().read_count == 1
