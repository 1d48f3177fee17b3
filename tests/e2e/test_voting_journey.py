"""Browser journey (issue 5, "done means"): staff open a vote, three deputies vote on
phone-sized windows, the projector page shows the counts change without a reload (pushed
through Channels over a real WebSocket), staff close it and the result follows the thresholds.

pytest-django's live server speaks WSGI only, so this journey serves the project's ASGI
application with daphne (the demo's server) in a thread of the test process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from lvzhi.core.models import User
from lvzhi.meetings.models import CheckIn, Meeting, MeetingKind, ParticipantRole
from lvzhi.registry.demo.seed import DEMO_PASSWORD
from lvzhi.voting.models import NamedVote, Poll, PollStatus

pytestmark = pytest.mark.e2e


@pytest.fixture
def asgi_url(transactional_db: Any, seeded_transactional: None) -> Iterator[str]:
    from channels.routing import ProtocolTypeRouter
    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application
    from twisted.internet import reactor

    from lvzhi.asgi import application as project

    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(get_asgi_application()),
            "websocket": project.application_mapping["websocket"],
        }
    )
    server = Server(
        application=app,
        endpoints=build_endpoint_description_strings(host="127.0.0.1", port=0),
        signal_handlers=False,
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()

    def poll_port() -> None:
        if server.listening_addresses:
            ready.set()
        else:
            reactor.callLater(0.05, poll_port)

    reactor.callFromThread(poll_port)
    assert ready.wait(30)
    yield f"http://127.0.0.1:{server.listening_addresses[0][1]}"
    reactor.callFromThread(reactor.stop)
    thread.join(timeout=10)


def _open(browser: Any, url: str, username: str, phone: bool = False) -> Any:
    size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")
    return page


def _send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_staff_open_deputies_vote_on_phones_screen_updates_live(
    asgi_url: str, browser: Any
) -> None:
    meeting = Meeting.objects.get(kind=MeetingKind.STANDING_COMMITTEE)
    poll = Poll.objects.get(meeting=meeting, status=PollStatus.DRAFT, open_at__isnull=True)
    # A third voter: a member already checked in at the desk gets an account.
    third = (
        meeting.participants.filter(role=ParticipantRole.MEMBER, deputy__user__isnull=True)
        .filter(deputy_id__in=CheckIn.objects.filter(sitting=poll.sitting).values("deputy_id"))
        .select_related("deputy")
        .first()
    )
    assert third is not None
    user = User.objects.create_user(username="voter3", password=DEMO_PASSWORD)
    third.deputy.user = user
    third.deputy.save(update_fields=["user"])

    office = _open(browser, asgi_url, "office")
    office.goto(f"{asgi_url}/voting/{poll.pk}/")
    _send(office, "form[action$='/open/'] button")
    assert "表决已开始" in office.content()

    screen = office.context.new_page()
    screen.goto(f"{asgi_url}/voting/{poll.pk}/screen/")
    screen.wait_for_selector("[data-live]:not([hidden])")
    voted = screen.locator('[data-k="voted"]')
    assert voted.inner_text() == "0"

    for username, label, expected in (
        ("deputy", "赞成", "1"),
        ("groupleader", "赞成", "2"),
        ("voter3", "反对", "3"),
    ):
        phone = _open(browser, asgi_url, username, phone=True)
        phone.goto(f"{asgi_url}/voting/")
        _send(phone, f"text={poll.title}")
        if phone.locator("form[action$='/check-in/'] button").count():
            _send(phone, "form[action$='/check-in/'] button")
            phone.goto(f"{asgi_url}/voting/{poll.pk}/")
        if username == "voter3":
            # Keyboard alone (R56: some deputies are elderly or have poor sight): focus the
            # first choice, the arrow key moves to "against", Tab reaches the button, Enter.
            phone.get_by_label("赞成").focus()
            phone.keyboard.press("ArrowDown")
            assert phone.get_by_label(label).is_checked()
            phone.keyboard.press("Tab")
            phone.keyboard.press("Enter")
        else:
            phone.get_by_label(label).check()
            phone.click("form[action$='/vote/'] button")
        # The page's script puts the confirmation in place of the form (no second request)
        # and moves the focus to it, so a screen reader reads it out.
        status = phone.locator("#ballot [role=status]")
        status.wait_for()
        assert "您的表决意见已记录" in status.inner_text()
        # The focus moves just after the swap: expect() waits for it (asserting at once raced).
        expect(status).to_be_focused()
        # The projector page changes without a reload.
        # (A locator, not wait_for_function: the page's CSP forbids the eval that needs.)
        expect(screen.locator('[data-k="voted"]')).to_have_text(expected)
        phone.context.close()
    assert screen.locator('[data-k="yes"]').inner_text() == "2"
    assert screen.locator('[data-k="no"]').inner_text() == "1"

    office.reload()
    _send(office, "form[action$='/close/'] button")
    assert "表决已结束" in office.content() and "未通过" in office.content()
    expect(screen.locator('[data-k="status_label"]')).to_have_text("已结束")
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.adopted is False
    assert NamedVote.objects.filter(poll=poll).count() == 3
