"""Voting pages: the deputy's phone page, the presiding page, the projector screen."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.voting.models import NamedVote, Poll, PollStatus

from ..meetings.helpers import u
from .helpers import election, named_poll

pytestmark = pytest.mark.django_db


def test_r56_deputy_votes_from_the_phone_page_and_checks_the_vote(login) -> None:
    poll, _people = named_poll(members=3, present=3)
    office = login("office")
    assert office.post(f"/voting/{poll.pk}/open/").status_code == 302
    deputy = login("deputy")
    page = deputy.get(f"/voting/{poll.pk}/")
    text = page.content.decode()
    assert 'type="radio"' in text and "赞成" in text and "反对" in text and "弃权" in text
    assert deputy.post(f"/voting/{poll.pk}/vote/", {"choice": "no"}).status_code == 303
    assert NamedVote.objects.get(poll=poll).choice == "no"
    assert "您的记名表决：反对" in deputy.get(f"/voting/{poll.pk}/").content.decode()


def test_r56_bad_vote_input_answers_with_a_message(login) -> None:
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    page = deputy.post(f"/voting/{poll.pk}/vote/", {"choice": "maybe\x00"})
    assert page.status_code == 400
    assert deputy.post("/voting/999999/vote/", {"choice": "yes"}).status_code == 404
    assert not NamedVote.objects.filter(poll=poll).exists()


def test_r56_opening_without_quorum_shows_the_reason(login) -> None:
    poll, _people = named_poll(members=6, present=2)
    office = login("office")
    page = office.post(f"/voting/{poll.pk}/open/", follow=True)
    assert "法定人数" in page.content.decode() or "不足" in page.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_r56_deputy_cannot_open_close_or_see_the_screen(login) -> None:
    poll, _people = named_poll(members=3, present=3)
    deputy = login("deputy")
    deputy.post(f"/voting/{poll.pk}/open/")
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT
    assert deputy.get(f"/voting/{poll.pk}/screen/").status_code == 404
    assert login("station").get(f"/voting/{poll.pk}/").status_code == 404


def test_r56_secret_ballot_from_the_page(login) -> None:
    poll, _people = election(members=3, present=3, seats=1)
    login("office").post(f"/voting/{poll.pk}/open/")
    a, b, _c = list(poll.candidates.all())
    deputy = login("deputy")
    data = {f"c{a.pk}": "yes", f"c{b.pk}": "no", "write_in": ["", ""]}
    assert deputy.post(f"/voting/{poll.pk}/vote/", data).status_code == 303
    page = deputy.post(f"/voting/{poll.pk}/vote/", data, follow=True)
    assert poll.sealed_ballots.count() == 1
    assert "只计一次" in page.content.decode()


def test_poll_created_by_staff_and_screen_renders(login) -> None:
    poll, _people = named_poll()
    client = login("office")
    page = client.post(
        f"/voting/meeting/{poll.meeting_id}/",
        {
            "sitting": poll.sitting_id,
            "kind": "election",
            "subject": "election",
            "title": "选举",
            "seats": "1",
            "candidates": "甲\n乙",
        },
    )
    assert page.status_code == 302
    created = Poll.objects.get(title="选举")
    assert list(created.candidates.values_list("name", flat=True)) == ["甲", "乙"]
    bad = client.post(
        f"/voting/meeting/{poll.meeting_id}/",
        {
            "sitting": poll.sitting_id,
            "kind": "election",
            "subject": "election",
            "title": "再选",
            "seats": "0",
            "candidates": "",
        },
    )
    assert bad.status_code == 400 and not Poll.objects.filter(title="再选").exists()
    screen = client.get(f"/voting/{poll.pk}/screen/")
    assert screen.status_code == 200 and "voting/screen" in screen.content.decode()


def test_deputy_desk_shows_open_polls(login) -> None:
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    desk = login("deputy").get("/desk/")
    assert poll.title in desk.content.decode()
    assert u("deputy")


def test_r56_paper_count_from_the_page_and_bad_numbers_refused(login) -> None:
    poll, _people = named_poll(members=6, present=5)
    office = login("office")
    office.post(f"/voting/{poll.pk}/open/")
    assert "纸质计票" in office.get(f"/voting/{poll.pk}/").content.decode()
    page = office.post(
        f"/voting/{poll.pk}/paper/", {"yes": "-1", "no": "x\x00", "abstain": ""}, follow=True
    )
    assert "整数" in page.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    office.post(f"/voting/{poll.pk}/paper/", {"yes": "4", "no": "1", "abstain": "0"})
    poll.refresh_from_db()
    assert (poll.status, poll.adopted, poll.result["paper"]) == (PollStatus.CLOSED, True, True)
    assert login("deputy").post(f"/voting/{poll.pk}/paper/", {"yes": "1"}).status_code == 404


def test_meeting_polls_page_query_count_does_not_grow(login, django_assert_max_num_queries) -> None:
    """Measured at two sizes: one poll on the meeting's page, then six."""
    poll, _people = named_poll()
    client = login("office")
    url = f"/voting/meeting/{poll.meeting_id}/"
    client.get(url)  # warm: session, grants
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    for i in range(5):
        services_create(poll, f"第{i}项")
    assert Poll.objects.filter(meeting=poll.meeting_id).count() == 6
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small.captured_queries)


def services_create(poll: Poll, title: str) -> Poll:
    from lvzhi.voting import services

    return services.poll_create(
        actor=u("office"), sitting=poll.sitting, kind="named", subject="bill", title=title
    )


def _hx(client, url: str, data: dict) -> object:
    return client.post(url, data, headers={"HX-Request": "true"})


def test_r56_phone_script_gets_the_confirmation_in_one_request_without_a_session_write(
    login,
) -> None:
    """R56 under a crowd: the phone page's script (htmx) gets the ballot card back in place
    of the form — no redirect, no second request, no flash message, no session write — and
    the vote path's queries stay few whatever the poll's size."""
    from django.contrib.sessions.models import Session

    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    key = deputy.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).session_data
    with CaptureQueriesContext(connection) as captured:
        page = _hx(deputy, f"/voting/{poll.pk}/vote/", {"choice": "abstain"})
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    # Session, user, poll, own deputy id, membership, poll FOR SHARE, check-in, insert.
    assert len(statements) <= 8, statements
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="ballot"' in text and 'role="status"' in text and "autofocus" in text
    assert "您的记名表决：弃权" in text and "<html" not in text
    assert not any("django_session" in q and "UPDATE" in q for q in statements)
    assert Session.objects.get(session_key=key).session_data == before
    assert NamedVote.objects.get(poll=poll).choice == "abstain"


def test_r56_retried_cast_from_the_phone_script_counts_once(login) -> None:
    """R56: a phone that retries after a timeout (same form, same submission key) gets the
    same confirmation; the vote is counted once."""
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    data = {"choice": "yes", "_submission": "retry-key-1"}
    first = _hx(deputy, f"/voting/{poll.pk}/vote/", data)
    again = _hx(deputy, f"/voting/{poll.pk}/vote/", data)
    assert first.status_code == again.status_code == 200
    assert 'role="status"' in again.content.decode()
    assert NamedVote.objects.filter(poll=poll).count() == 1


def test_r56_phone_script_is_told_why_a_vote_is_refused(login) -> None:
    """R56: voting after close answers the card with the reason (role=alert), nothing stored."""
    poll, _people = named_poll(members=3, present=3)
    office = login("office")
    office.post(f"/voting/{poll.pk}/open/")
    office.post(f"/voting/{poll.pk}/close/")
    deputy = login("deputy")
    page = _hx(deputy, f"/voting/{poll.pk}/vote/", {"choice": "yes"})
    text = page.content.decode()
    assert page.status_code == 200 and 'role="alert"' in text and "不能再更改" in text
    bad = _hx(deputy, f"/voting/{poll.pk}/vote/", {"choice": "maybe"})
    assert 'id="ballot"' in bad.content.decode()
    assert not NamedVote.objects.filter(poll=poll).exists()


def test_vote_post_does_not_move_the_idle_timer_but_pages_do(login) -> None:
    """The vote path writes no session for the idle timer (1,000 deputies at once); any other
    page still refreshes it, and an idle session still ends on the vote path."""
    from lvzhi.core import clock

    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    session = deputy.session
    stale = clock.now().timestamp() - 60
    session["last_seen"] = stale
    session.save()
    _hx(deputy, f"/voting/{poll.pk}/vote/", {"choice": "yes"})
    assert deputy.session["last_seen"] == stale
    deputy.get(f"/voting/{poll.pk}/")
    assert deputy.session["last_seen"] > stale
    session = deputy.session
    session["last_seen"] = clock.now().timestamp() - 3 * 3600
    session.save()
    assert _hx(deputy, f"/voting/{poll.pk}/vote/", {"choice": "yes"}).status_code == 302
