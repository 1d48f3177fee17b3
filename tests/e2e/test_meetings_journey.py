"""Browser journey (issue 3, meetings): the secretariat sends the notice of a congress session
that opens in five days — refused without a reason, then recorded as a late exception (R02,
Art 4) — and adds a sitting; the deputy registers (报到) and checks in on a phone-sized window
and asks leave for the whole meeting; the delegation's staff approve the leave (R01, Art 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lvzhi.core import clock
from lvzhi.meetings.models import LeaveRequest, Notice, Participant, Sitting
from tests.meetings.helpers import session_meeting

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def test_r02_late_notice_r01_register_check_in_and_leave_approved_by_the_delegation(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    meeting, _people = session_meeting(members=2, opens_in_days=5)
    detail = f"{url}/meetings/{meeting.pk}/"

    office = signed_in("secretariat")
    office.goto(detail)
    notice = f"form[action$='/{meeting.pk}/notice/']"
    office.fill(f"{notice} textarea[name=body]", "会期五天，预备会议审议通过大会议程。")
    send(office, f"{notice} button[type=submit]")
    # R02: less than 15 days ahead — the text is kept and a reason is asked for.
    assert "至少提前15天" in office.content()
    assert office.input_value(f"{notice} textarea[name=body]").startswith("会期五天")
    assert not Notice.objects.filter(meeting=meeting).exists()
    office.fill(f"{notice} input[name=late_reason]", "会期经主任会议临时调整")
    send(office, f"{notice} button[type=submit]")
    assert "迟发（例外）" in office.content()
    recorded = Notice.objects.get(meeting=meeting)
    assert recorded.is_late and recorded.late_reason == "会期经主任会议临时调整"

    sitting_form = f"form[action$='/{meeting.pk}/sitting/']"
    office.fill(f"{sitting_form} input[name=title]", "第一次全体会议")
    now = clock.now().astimezone(timezone.get_current_timezone())
    office.fill(f"{sitting_form} input[name=starts_at]", f"{now:%Y-%m-%dT%H:%M}")
    send(office, f"{sitting_form} button[type=submit]")
    assert Sitting.objects.filter(meeting=meeting, title="第一次全体会议").exists()

    deputy = signed_in("deputy", viewport=(360, 740))
    deputy.goto(detail)
    send(deputy, f"form[action$='/{meeting.pk}/register/'] button")
    assert Participant.objects.get(meeting=meeting, deputy__user__username="deputy").registered_at
    send(deputy, "form[action*='/sittings/'][action$='/check-in/'] button")
    assert "已签到" in deputy.inner_text("main")
    assert Sitting.objects.get(meeting=meeting).checkins.filter(method="phone").count() == 1

    leave = f"form[action$='/{meeting.pk}/leave/']"
    send(deputy, f"{leave} button[type=submit]")
    assert not LeaveRequest.objects.filter(meeting=meeting).exists()
    deputy.fill(f"{leave} [name=reason]", "赴乌鲁木齐参加自治区培训")
    send(deputy, f"{leave} button[type=submit]")
    request = LeaveRequest.objects.get(meeting=meeting)
    assert request.status == "pending"

    delegation = signed_in("yining")
    delegation.goto(url + "/meetings/leaves/")
    assert "赴乌鲁木齐参加自治区培训" in delegation.content()
    send(delegation, f"form[action$='/leaves/{request.pk}/approve/'] button")
    request.refresh_from_db()
    assert request.status == "approved"

    deputy.goto(detail)
    assert "赴乌鲁木齐参加自治区培训" in deputy.inner_text("main")
