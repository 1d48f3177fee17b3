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


@pytest.fixture(scope="module")
def daphne_url() -> Iterator[str]:
    """One daphne for the module: Twisted's reactor cannot be started twice in a process."""
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


@pytest.fixture
def asgi_url(transactional_db: Any, seeded_transactional: None, daphne_url: str) -> str:
    return daphne_url


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
    # The projector says the stage in words and shows the result once it is published.
    expect(screen.locator('[data-k="stage_label"]')).to_have_text("已计票，即将宣布结果")
    _send(office, "form[action$='/publish/'] button")
    expect(screen.locator('[data-k="stage_label"]')).to_have_text("结果已宣布")
    expect(screen.locator(".verdict")).to_have_text("未通过")
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.adopted is False
    assert NamedVote.objects.filter(poll=poll).count() == 3


def test_tellers_projector_and_a_deputys_tracker_in_a_secret_election(
    asgi_url: str, browser: Any
) -> None:
    """Issue 20: the tellers' shares at opening, the projector in the hall (1920×1080 and
    1280×720, no menu, the stage in words, figures for the back of the hall), a deputy's
    ballot and tracker, the count with two of the three shares, the deputy's check."""
    from lvzhi.voting import services

    meeting = Meeting.objects.get(kind=MeetingKind.STANDING_COMMITTEE)
    draft = Poll.objects.get(meeting=meeting, status=PollStatus.DRAFT, open_at__isnull=True)
    poll = services.poll_create(
        actor=User.objects.get(username="office"),
        sitting=draft.sitting,
        kind="election",
        subject="election",
        title="补选常委会委员",
        seats=1,
        candidates=["阿力木", "巴合提"],
    )
    office = _open(browser, asgi_url, "office")
    office.set_viewport_size({"width": 1024, "height": 768})  # a tablet at the presiding desk
    office.goto(f"{asgi_url}/voting/{poll.pk}/")
    assert office.locator("form[action$='/open/']").count() == 0  # no shares, no opening
    _send(office, "form[action$='/keys/'] button")
    shares = office.locator(".share-text").all_inner_texts()
    assert len(shares) == 3 and all(s.startswith("LVZHI-") for s in shares)
    _send(office, "text=三位计票人均已取得份额：返回控制台")
    _send(office, "form[action$='/open/'] button")
    assert "正在表决" in office.content()

    screens = []
    for width, height in ((1920, 1080), (1280, 720)):
        context = office.context.browser.new_context(viewport={"width": width, "height": height})
        screen = context.new_page()
        screen.goto(f"{asgi_url}/login/")
        screen.fill("#id_username", "office")
        screen.fill("#id_password", DEMO_PASSWORD)
        screen.click("main button[type=submit]")
        screen.wait_for_url("**/desk/")
        screen.goto(f"{asgi_url}/voting/{poll.pk}/screen/")
        screen.wait_for_selector("[data-live]:not([hidden])")
        assert screen.locator("nav, header, a[href*='logout']").count() == 0
        expect(screen.locator('[data-k="stage_label"]')).to_have_text("正在表决")
        size = screen.locator('[data-k="voted"]').evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert size >= 0.12 * height  # 13 % of the screen's height
        fits = screen.evaluate(
            "() => document.documentElement.scrollHeight <= window.innerHeight"
            " && document.documentElement.scrollWidth <= window.innerWidth"
        )
        assert fits
        screens.append(screen)

    phone = _open(browser, asgi_url, "deputy", phone=True)
    phone.goto(f"{asgi_url}/voting/{poll.pk}/")
    if phone.locator("form[action$='/check-in/'] button").count():
        _send(phone, "form[action$='/check-in/'] button")
        phone.goto(f"{asgi_url}/voting/{poll.pk}/")
    phone.locator("fieldset", has_text="阿力木").get_by_label("赞成").check()
    phone.click("form[action$='/vote/'] button")
    tracker = phone.locator(".tracker-code")
    tracker.wait_for()
    code = tracker.inner_text()
    assert len(code) == 64
    for screen in screens:
        expect(screen.locator('[data-k="voted"]')).to_have_text("1")

    office.goto(f"{asgi_url}/voting/{poll.pk}/")
    _send(office, "form[action$='/close/'] button")
    for screen in screens:
        expect(screen.locator('[data-k="stage_label"]')).to_have_text("投票已结束，等待计票人计票")
    office.fill("#share-1", shares[0])
    office.fill("#share-2", shares[2])
    _send(office, "form[action$='/count/'] button")
    assert "已计票" in office.content()

    phone.goto(f"{asgi_url}/voting/{poll.pk}/trackers/")
    phone.fill("#tracker", code)
    _send(phone, "form.tracker-check button")
    assert "您的选票在已计票的票箱中" in phone.content()
    assert "阿力木" not in phone.locator("main").inner_text()  # the tracker says nothing

    _send(office, "form[action$='/publish/'] button")
    for screen in screens:
        expect(screen.locator('[data-k="stage_label"]')).to_have_text("结果已宣布")
        expect(screen.locator(".board")).to_contain_text("阿力木")


def test_a_ballot_sent_while_the_database_switches_over_shows_try_again(
    asgi_url: str, browser: Any
) -> None:
    """Issue 27.1: during an automatic failover the cast is answered 503 "the database cannot
    be reached, try again" (tests/faults/test_patroni_failover.py). htmx swaps no error
    answer, so the page's script shows its words above the ballot, which keeps the choice;
    the deputy sends again once the new primary is in and the words give way to the receipt."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from lvzhi.voting import services

    meeting = Meeting.objects.get(kind=MeetingKind.STANDING_COMMITTEE)
    poll = Poll.objects.get(meeting=meeting, status=PollStatus.DRAFT, open_at__isnull=True)
    services.poll_open(actor=User.objects.get(username="office"), poll=poll)
    with translation.override("zh-hans"):
        unavailable = render_to_string("503_database.html")

    phone = _open(browser, asgi_url, "deputy", phone=True)
    phone.goto(f"{asgi_url}/voting/{poll.pk}/")
    if phone.locator("form[action$='/check-in/'] button").count():
        _send(phone, "form[action$='/check-in/'] button")
        phone.goto(f"{asgi_url}/voting/{poll.pk}/")
    # The ballot card may be fetched again once the page's live channel connects; a click
    # before htmx has taken the new card in would post the form itself (to /vote/, not /cast/).
    phone.wait_for_load_state("networkidle")
    cast = f"**/voting/{poll.pk}/cast/"  # the named vote's htmx request
    phone.route(
        cast,
        lambda route: route.fulfill(
            status=503,
            body=unavailable,
            headers={"Content-Type": "text/html; charset=utf-8", "Retry-After": "30"},
        ),
    )
    phone.get_by_label("赞成").check()
    phone.click("form[action$='/vote/'] button")
    note = phone.locator("#ballot [data-retry-note][role=alert]")
    # A bound, not a speed test: on a CI machine busy with the other worker's servers the
    # browser may take more than the default 5 s to run the answer's handler.
    expect(note).to_contain_text("无法连接数据库", timeout=30_000)
    assert phone.get_by_label("赞成").is_checked()  # the ballot is still there, as chosen
    assert NamedVote.objects.filter(poll=poll).count() == 0

    phone.unroute(cast)
    phone.click("form[action$='/vote/'] button")
    status = phone.locator("#ballot [role=status]")
    status.wait_for()
    assert "您的表决意见已记录" in status.inner_text()
    assert phone.locator("[data-retry-note]").count() == 0
    assert NamedVote.objects.filter(poll=poll).count() == 1
