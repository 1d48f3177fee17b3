"""约见 (Art 34, R52): deputies ask to meet the head of an organ between sessions; the office
arranges, the organ confirms a date, the meeting and its outcome are recorded and visible."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lvzhi.contacts import services
from lvzhi.contacts.models import MeetingRequest, MeetingStatus
from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import AuditEvent
from lvzhi.registry.models import Organisation, OrgKind, Session

from ..notice_keys import told
from .helpers import root, serving_deputies, term, u, with_account

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
BETWEEN = dt.datetime(2026, 5, 4, 10, tzinfo=SHANGHAI)


def as_user(name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(u(name))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def gov() -> Organisation:
    return Organisation.objects.get(parent=root(), kind=OrgKind.GOVERNMENT)


def request(**kw: Any) -> MeetingRequest:
    data: dict[str, Any] = {
        "actor": u("deputy"),
        "term": term(),
        "organ": gov(),
        "head": "州长",
        "subject": "关于牧区道路除雪问题",
        "reason": "冬季积雪影响牧民出行，希望当面反映。",
    }
    data.update(kw)
    with clock.frozen(BETWEEN):
        return services.meeting_request_create(**data)


def test_r52_a_meeting_goes_from_request_to_outcome_and_the_deputy_sees_each_step() -> None:
    other = serving_deputies(1, code="654201")[0]
    other_user = with_account(other)
    mr = request(co_deputies=[other])
    assert set(mr.deputies.all()) == {u("deputy").deputy, other}
    with clock.frozen(BETWEEN + dt.timedelta(days=1)):
        services.meeting_request_arrange(actor=u("office"), request=mr, note="已联系州政府办公室")
    with clock.frozen(BETWEEN + dt.timedelta(days=2)):
        services.meeting_request_confirm(
            actor=u("government"),
            request=mr,
            meets_at=BETWEEN + dt.timedelta(days=9),
            place="州政府第一会议室",
        )
    with clock.frozen(BETWEEN + dt.timedelta(days=10)):
        services.meeting_request_record(
            actor=u("office"), request=mr, outcome="州长承诺增加除雪设备"
        )
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.HELD and mr.outcome == "州长承诺增加除雪设备"
    assert list(events.of(mr).values_list("kind", flat=True)) == [
        "contacts.meeting_requested",
        "contacts.meeting_arranged",
        "contacts.meeting_confirmed",
        "contacts.meeting_held",
    ]
    # One record per step: the event; the audit log no longer repeats it (issue 17.1).
    assert not AuditEvent.objects.filter(action__startswith="contacts.meeting_").exists()
    assert other_user.username in told(mr, "contacts.meeting_held/deputies")
    page = as_user("deputy").get(f"/contacts/meetings/{mr.pk}/").content.decode()
    assert "州长承诺增加除雪设备" in page and "州政府第一会议室" in page


def test_r52_a_request_during_a_session_is_refused() -> None:
    session = Session.objects.filter(term=term()).order_by("number").last()
    assert session is not None
    during = dt.datetime.combine(session.opens_on, dt.time(10), tzinfo=SHANGHAI)
    before = MeetingRequest.objects.count()
    with clock.frozen(during), pytest.raises(ValidationFailed) as exc:
        services.meeting_request_create(
            actor=u("deputy"), term=term(), organ=gov(), head="州长", subject="x", reason="y"
        )
    assert "闭会期间" in exc.value.message
    assert MeetingRequest.objects.count() == before


def test_r52_an_organ_of_a_higher_or_other_kind_is_refused() -> None:
    station = Organisation.objects.filter(kind=OrgKind.STATION).first()
    with pytest.raises(ValidationFailed) as exc:
        request(organ=station)
    assert exc.value.field == "organ"


def test_r52_a_county_deputy_cannot_ask_to_meet_a_prefecture_organ() -> None:
    from lvzhi.registry.models import Membership, Term

    county_term = Term.objects.filter(congress__level="county", is_current=True).first()
    seat = (
        Membership.objects.filter(term=county_term, status="serving")
        .exclude(deputy__memberships__term__congress__level="prefecture")
        .select_related("deputy")
        .first()
    )
    assert county_term is not None and seat is not None
    user = with_account(seat.deputy)
    with pytest.raises(ValidationFailed) as exc:
        request(actor=user, term=county_term, organ=gov())
    assert exc.value.field == "organ"


def test_r52_only_the_right_party_takes_each_step_and_nothing_changes_otherwise() -> None:
    mr = request()
    with pytest.raises(PermissionDenied):
        services.meeting_request_arrange(actor=u("government"), request=mr, note="x")
    with pytest.raises(IllegalTransition):
        services.meeting_request_confirm(
            actor=u("government"), request=mr, meets_at=BETWEEN + dt.timedelta(days=3), place="x"
        )
    with pytest.raises(NotFound):
        services.meeting_request_arrange(actor=u("handling"), request=mr, note="x")
    with pytest.raises(PermissionDenied):
        services.meeting_request_decline(actor=u("deputy"), request=mr, reason="x")
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.REQUESTED
    assert events.of(mr).count() == 1


def test_r52_a_confirmed_time_in_the_past_is_refused() -> None:
    mr = request()
    with clock.frozen(BETWEEN):
        services.meeting_request_arrange(actor=u("office"), request=mr, note="安排")
        with pytest.raises(ValidationFailed) as exc:
            services.meeting_request_confirm(
                actor=u("government"),
                request=mr,
                meets_at=BETWEEN - dt.timedelta(days=1),
                place="会议室",
            )
    assert exc.value.field == "meets_at"
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.ARRANGED and mr.meets_at is None


def test_r52_the_deputy_withdraws_and_the_office_declines_with_a_reason() -> None:
    mr = request()
    with clock.frozen(BETWEEN):
        services.meeting_request_withdraw(actor=u("deputy"), request=mr)
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.WITHDRAWN
    other = request(subject="另一事项")
    with pytest.raises(ValidationFailed):
        services.meeting_request_decline(actor=u("office"), request=other, reason="  ")
    services.meeting_request_decline(actor=u("office"), request=other, reason="属于信访事项")
    other.refresh_from_db()
    assert other.status == MeetingStatus.DECLINED and other.decline_reason == "属于信访事项"


def test_the_request_form_keeps_the_input_and_answers_in_chinese() -> None:
    client = as_user("deputy")
    response = client.post(
        "/contacts/meetings/new/",
        {"term": term().pk, "organ": "99999999", "head": "局长", "subject": "", "reason": "说明"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "同级或下级" in body and "局长" in body
    assert client.get("/contacts/meetings/new/").status_code == 200


def test_strangers_do_not_see_a_meeting_request_and_bad_steps_are_404() -> None:
    mr = request()
    for name in ("handling", "station", "scmember"):
        assert as_user(name).get(f"/contacts/meetings/{mr.pk}/").status_code == 404
    assert as_user("office").post(f"/contacts/meetings/{mr.pk}/explode/").status_code == 404
    response = as_user("office").post(f"/contacts/meetings/{mr.pk}/arrange/", {"note": ""})
    assert response.status_code == 400
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.REQUESTED


def test_the_lists_of_the_deputy_office_and_organ(django_assert_max_num_queries: Any) -> None:
    mr = request(subject="列表测试约见")
    for name in ("deputy", "office", "government"):
        assert "列表测试约见" in as_user(name).get("/contacts/meetings/").content.decode()
    client = as_user("office")
    client.get("/contacts/meetings/")
    with django_assert_max_num_queries(20) as first:
        client.get("/contacts/meetings/")
    for i in range(5):
        request(subject=f"加测{i}")
    with django_assert_max_num_queries(len(first.captured_queries)) as second:
        client.get("/contacts/meetings/")
    assert len(second.captured_queries) == len(first.captured_queries)
    assert mr.pk


def test_demo_persona_has_a_held_meeting_with_an_outcome() -> None:
    held = MeetingRequest.objects.filter(deputies__user__username="deputy", status="held")
    assert held.count() == 1 and held.get().outcome
    assert MeetingRequest.objects.filter(status="arranged").exists()


def test_r52_a_department_confirms_through_its_own_handling_unit() -> None:
    held = MeetingRequest.objects.get(deputies__user__username="deputy", status="held")
    assert held.organ.name == "自治州教育局"
    confirmed = events.of(held).get(kind="contacts.meeting_confirmed")
    assert confirmed.actor_id == u("handling").pk
    assert "城区义务教育学位" in as_user("handling").get("/contacts/meetings/").content.decode()
    assert as_user("handling").get(f"/contacts/meetings/{held.pk}/").status_code == 200


def test_r52_the_outcome_cannot_be_recorded_before_the_meeting_took_place() -> None:
    """R52 (Art 34): the outcome of a 约见 is recorded after the meeting, not before its date
    (nor earlier on its day); the page says why and keeps what was typed."""
    mr = request()
    meets_at = BETWEEN + dt.timedelta(days=9, hours=5)  # 15:00 Beijing time
    with clock.frozen(BETWEEN + dt.timedelta(days=1)):
        services.meeting_request_arrange(actor=u("office"), request=mr, note="已联系州政府办公室")
    with clock.frozen(BETWEEN + dt.timedelta(days=2)):
        services.meeting_request_confirm(
            actor=u("government"), request=mr, meets_at=meets_at, place="州政府第一会议室"
        )
        response = as_user("office").post(
            f"/contacts/meetings/{mr.pk}/record/", {"outcome": "州长承诺增加除雪设备"}
        )
    body = response.content.decode()
    assert response.status_code == 400
    assert "尚未进行" in body and "州长承诺增加除雪设备" in body
    with clock.frozen(meets_at - dt.timedelta(hours=5)), pytest.raises(ValidationFailed) as exc:
        services.meeting_request_record(actor=u("office"), request=mr, outcome="提前记录")
    assert "尚未进行" in exc.value.message
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.CONFIRMED and mr.outcome == ""
    with clock.frozen(meets_at + dt.timedelta(hours=2)):
        services.meeting_request_record(
            actor=u("office"), request=mr, outcome="州长承诺增加除雪设备"
        )
    mr.refresh_from_db()
    assert mr.status == MeetingStatus.HELD
