"""Meeting pages: scoped, in Chinese, bad input answered with a message, fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.meetings.models import LeaveRequest, Meeting, Notice, Sitting

from .helpers import sc_meeting, session_meeting, sitting_now

pytestmark = pytest.mark.django_db


def test_meeting_list_shows_the_demo_meetings_in_chinese(login) -> None:
    client = login("office")
    page = client.get("/meetings/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "会议" in text and "自治州十五届人大常委会第三十次会议" in text


def test_meeting_list_query_count_does_not_grow(login, django_assert_max_num_queries) -> None:
    """Measured at two sizes: the same page after three more meetings costs the same queries."""
    client = login("admin")
    client.get("/meetings/?q=会议")  # warm: session, grants, cached roots
    with django_assert_max_num_queries(20) as small:
        assert client.get("/meetings/?q=会议").status_code == 200
    before = Meeting.objects.count()
    for _ in range(3):
        sc_meeting(members=2)
    assert Meeting.objects.count() == before + 3
    with CaptureQueriesContext(connection) as large:
        assert client.get("/meetings/?q=会议").status_code == 200
    assert len(large) == len(small.captured_queries)


def test_deputy_sees_own_meetings_only_and_outsiders_get_404(login) -> None:
    meeting, _people = sc_meeting(members=2)
    assert login("deputy").get(f"/meetings/{meeting.pk}/").status_code == 200
    assert login("station").get(f"/meetings/{meeting.pk}/").status_code == 404
    assert login("handling").get(f"/meetings/{meeting.pk}/attendance/").status_code == 404
    assert login("office").get("/meetings/999999/").status_code == 404


def test_r02_late_notice_form_keeps_the_text_and_asks_for_the_reason(login) -> None:
    meeting, _people = session_meeting(opens_in_days=5)
    client = login("secretariat")
    page = client.post(f"/meetings/{meeting.pk}/notice/", {"body": "会期五天", "late_reason": ""})
    text = page.content.decode()
    assert page.status_code == 400
    assert "至少提前15天" in text and "会期五天" in text
    assert not Notice.objects.filter(meeting=meeting).exists()
    # a pasted NUL is dropped by the one text-cleaning path (core.forms.CleanTextForm), not
    # answered with Django's "null characters" error
    ok = client.post(
        f"/meetings/{meeting.pk}/notice/",
        {"body": "会期\x00五天", "late_reason": "会期临时调整\x00"},
    )
    assert ok.status_code == 302
    notice = Notice.objects.get(meeting=meeting)
    assert (notice.is_late, notice.body, notice.late_reason) == (True, "会期五天", "会期临时调整")


def test_bad_input_on_staff_forms_never_gives_a_500(login) -> None:
    meeting, _people = sc_meeting(members=2)
    client = login("office")
    for action, data in (
        ("agenda", {"kind": "nonsense", "title": ""}),
        ("sitting", {"title": "x" * 300, "starts_at": "not a date"}),
        ("material", {"title": "", "body": ""}),
        ("nonsense", {}),
    ):
        page = client.post(f"/meetings/{meeting.pk}/{action}/", data)
        assert page.status_code in (400, 404)
    assert client.post("/meetings/sittings/999999/check-in/").status_code == 404
    sitting = sitting_now(meeting)
    page = client.post(f"/meetings/sittings/{sitting.pk}/check-in/", {"deputy": "abc"})
    assert page.status_code == 400  # the attendance page again, the error beside the picker
    assert not sitting.checkins.exists()


def test_r01_deputy_checks_in_on_the_phone_and_asks_for_leave(login) -> None:
    meeting, _people = sc_meeting(members=2)
    sitting = sitting_now(meeting)
    client = login("deputy")
    assert client.post(f"/meetings/sittings/{sitting.pk}/check-in/").status_code == 302
    assert sitting.checkins.get().method == "phone"
    page = client.post(f"/meetings/{meeting.pk}/leave/", {"sitting": "", "reason": ""})
    assert page.status_code == 400 and not LeaveRequest.objects.filter(meeting=meeting).exists()
    page = client.post(f"/meetings/{meeting.pk}/leave/", {"sitting": "", "reason": "出差"})
    assert page.status_code == 302
    leave = LeaveRequest.objects.get(meeting=meeting)
    staff = login("yining")
    assert "出差" in staff.get("/meetings/leaves/").content.decode()
    assert staff.post(f"/meetings/leaves/{leave.pk}/approve/").status_code == 302
    leave.refresh_from_db()
    assert leave.status == "approved"


def test_r01_attendance_page_and_csv_list_unexcused_absences(login) -> None:
    meeting, people = sc_meeting(members=3)
    sitting_now(meeting)
    client = login("office")
    page = client.get(f"/meetings/{meeting.pk}/attendance/")
    assert page.status_code == 200 and people[1].name in page.content.decode()
    csv = b"".join(client.get(f"/meetings/{meeting.pk}/attendance/?format=csv").streaming_content)
    assert people[2].name in csv.decode("utf-8-sig")


def test_create_a_standing_committee_meeting_from_the_form(login) -> None:
    client = login("office")
    from .helpers import congress

    page = client.post(
        "/meetings/new/",
        {
            "kind": "standing_committee",
            "congress": congress().pk,
            "title": "第三十一次会议",
            "opens_at": "2027-03-01T09:00",
            "closes_at": "2027-03-01T18:00",
        },
    )
    assert page.status_code == 302
    assert Meeting.objects.filter(title="第三十一次会议").exists()
    bad = client.post("/meetings/new/", {"kind": "session", "congress": "x", "title": ""})
    assert bad.status_code == 400
    assert Sitting.objects.filter(meeting__title="第三十一次会议").count() == 0
