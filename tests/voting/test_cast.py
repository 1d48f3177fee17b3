"""R56, the phone's short vote path (issue 26.1): ``/voting/<pk>/cast/`` records a named vote
in one statement after the session and the user, and answers everything it does not record
exactly as the general path (``/voting/<pk>/vote/``) does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.voting import services
from lvzhi.voting.models import NamedVote

from ..meetings.helpers import u
from .helpers import election, named_poll

pytestmark = pytest.mark.django_db
CHECK_IN_FIRST = "请先在本场次签到，再进行表决。"


def _hx(client, url: str, data: dict) -> object:
    return client.post(url, data, headers={"HX-Request": "true"})


def test_r56_phone_page_posts_the_named_vote_to_the_short_path(login) -> None:
    """The ballot card's script posts to /cast/; without script the form still goes to
    /vote/ (the 303 and the poll page)."""
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    text = login("deputy").get(f"/voting/{poll.pk}/").content.decode()
    assert f'hx-post="/voting/{poll.pk}/cast/"' in text
    assert f'action="/voting/{poll.pk}/vote/"' in text


def test_r56_short_path_records_the_vote_in_one_statement_after_session_and_user(login) -> None:
    """Session, user, then one statement (PostgreSQL: lock, membership, check-in and insert
    at once); the answer is the confirmed card, no session write."""
    from django.contrib.sessions.models import Session

    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    key = deputy.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).session_data
    with CaptureQueriesContext(connection) as captured:
        page = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "abstain", "_submission": "k1"})
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="ballot"' in text and 'role="status"' in text and "您的记名表决：弃权" in text
    assert "<html" not in text
    assert NamedVote.objects.get(poll=poll).choice == "abstain"
    assert Session.objects.get(session_key=key).session_data == before
    if connection.vendor == "postgresql":
        assert len(statements) == 3, statements
        assert "FOR SHARE" in statements[2] and "INSERT" in statements[2]
        assert "$1" in statements[2]  # bound by the server: a prepared statement


def test_r56_short_path_statement_is_planned_once_per_connection(login) -> None:
    """Issue 26.1: the phone vote's statement is prepared on the connection's first vote and
    only bound and run after that (PostgreSQL); each vote still records exactly one row."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    other = services.poll_create(
        actor=u("office"), sitting=poll.sitting, kind="named", subject="bill", title="第二项"
    )
    services.poll_open(actor=u("office"), poll=other)
    deputy = login("deputy")
    for p in (poll, other):
        page = _hx(deputy, f"/voting/{p.pk}/cast/", {"choice": "yes"})
        assert 'role="status"' in page.content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%INSERT INTO voting_namedvote%"],
        )
        assert cursor.fetchone()[0] == 1
    assert NamedVote.objects.filter(poll__in=[poll, other]).count() == 2


def test_r56_short_path_retry_counts_once_and_a_changed_vote_is_refused(login) -> None:
    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    first = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    again = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    assert 'role="status"' in first.content.decode()
    assert 'role="status"' in again.content.decode()
    changed = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "no"})
    assert 'role="alert"' in changed.content.decode()
    assert list(NamedVote.objects.filter(poll=poll).values_list("choice", flat=True)) == ["yes"]


def test_r56_short_path_tells_why_a_vote_is_refused(login) -> None:
    """Not checked in, a bad choice: the card with the reason, nothing stored."""
    from lvzhi.meetings.models import CheckIn

    poll, people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    CheckIn.objects.filter(sitting_id=poll.sitting_id, deputy=people[0]).delete()
    deputy = login("deputy")
    page = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert CHECK_IN_FIRST in page.content.decode()
    bad = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "maybe\x00"})
    assert 'id="ballot"' in bad.content.decode()
    assert not NamedVote.objects.filter(poll=poll).exists()


def test_r56_short_path_refuses_after_close_and_outsiders(login, client) -> None:
    poll, _people = named_poll(members=3, present=3)
    office = login("office")
    office.post(f"/voting/{poll.pk}/open/")
    office.post(f"/voting/{poll.pk}/close/")
    deputy = login("deputy")
    page = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert "不能再更改" in page.content.decode()
    assert _hx(deputy, "/voting/999999/cast/", {"choice": "yes"}).status_code == 404
    assert not NamedVote.objects.filter(poll=poll).exists()
    client.logout()
    anonymous = _hx(client, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not NamedVote.objects.filter(poll=poll).exists()


def test_r56_short_path_leaves_a_secret_ballot_to_the_general_path(login) -> None:
    """An election sent to /cast/ is judged by the general path on the raw submission
    (sealed on arrival): the ballot is in the box once, with its tracker."""
    poll, _people = election(members=3, present=3, seats=1)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    first = poll.candidates.order_by("position").first()
    page = _hx(deputy, f"/voting/{poll.pk}/cast/", {f"c{first.pk}": "yes"})
    assert page.status_code == 200 and "tracker-code" in page.content.decode()
    assert not NamedVote.objects.filter(poll=poll).exists()
    assert u("deputy")


def test_r56_short_path_announces_the_vote_to_the_screens_after_the_commit(
    login, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The presiding screen learns of the vote as on the general path: one announcement of
    the poll, after the commit (the screen then counts for itself)."""
    from lvzhi.voting import live

    poll, _people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    deputy = login("deputy")
    told: list[int] = []
    monkeypatch.setattr(live, "announce", told.append)
    with django_capture_on_commit_callbacks(execute=True):
        page = _hx(deputy, f"/voting/{poll.pk}/cast/", {"choice": "yes"})
    assert page.status_code == 200 and 'role="status"' in page.content.decode()
    assert told == [poll.pk]


def test_r56_short_path_card_is_the_templates_with_each_votes_own_time_and_language(
    login,
) -> None:
    """The confirmed card is rendered once per (poll, choice, language) and then reused with
    each vote's own time (issue 26.1): every answer is still exactly the card the template
    renders for that vote, in the deputy's language."""
    import datetime as dt

    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils import translation

    from lvzhi.core import clock

    poll, people = named_poll(members=3, present=3)
    login("office").post(f"/voting/{poll.pk}/open/")
    poll.refresh_from_db()
    start = clock.now().replace(microsecond=0)
    for n, (person, language) in enumerate(zip(people, ("zh-hans", "ug", "ug"), strict=True)):
        phone = Client()
        phone.force_login(person.user)
        phone.cookies["django_language"] = language
        with clock.frozen(start + dt.timedelta(seconds=61 * n + 1)):
            session = phone.session
            session["last_seen"] = session["started_at"] = clock.now().timestamp()
            session.save()
            page = _hx(phone, f"/voting/{poll.pk}/cast/", {"choice": "no"})
        vote = NamedVote.objects.get(poll=poll, deputy=person)
        assert vote.cast_at == start + dt.timedelta(seconds=61 * n + 1)
        with translation.override(language):
            card = render_to_string(
                "voting/_ballot.html",
                {
                    "is_voter": True,
                    "has_voted": True,
                    "my_vote": vote,
                    "poll": poll,
                    "notice": translation.gettext("Your vote has been recorded."),
                },
            )
        assert page.content.decode() == card, language
