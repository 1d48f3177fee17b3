"""Voting pages: the deputy's phone page, the presiding page, the projector screen."""

from __future__ import annotations

import pytest

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
    assert deputy.post(f"/voting/{poll.pk}/vote/", {"choice": "no"}).status_code == 302
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
    assert deputy.post(f"/voting/{poll.pk}/vote/", data).status_code == 302
    page = deputy.post(f"/voting/{poll.pk}/vote/", data, follow=True)
    assert poll.ballots.count() == 1
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
    poll, _people = named_poll()
    for i in range(5):
        services_create(poll, f"第{i}项")
    client = login("office")
    with django_assert_max_num_queries(25):
        assert client.get(f"/voting/meeting/{poll.meeting_id}/").status_code == 200


def services_create(poll: Poll, title: str) -> Poll:
    from lvzhi.voting import services

    return services.poll_create(
        actor=u("office"), sitting=poll.sitting, kind="named", subject="bill", title=title
    )
