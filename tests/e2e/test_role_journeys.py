"""One browser journey per role, each doing the role's main job in the fewest steps, at 1280 px
and at 360 px (issue 22, "done means").

Every journey starts where the person starts — the desk after signing in, or the portal's home
for a citizen — and reaches its form through the header's menu (on the phone: the "☰" drawer,
then the group, then the entry). On every page it asserts the header's shape: at 1280 px the
menus stand in one line; at 360 px they are folded into the drawer behind one button; and at
either width nothing is wider than the window (``scrollWidth`` ≤ width + 1).

To stay fast, the module seeds once, serves once and launches the browser once: it does not use
pytest-django's ``live_server`` (which flushes and would reseed the database after every test).
With no ``db`` fixture the journeys run after every database test (pytest-django's order), on
the session's seeded database or on the empty one the last flush left (seeded here then); the
module flushes it at its end, as a transactional test would. The first test of the module (which
roles have a journey) uses ``db``, so the test database is set up when the module runs alone.
Each journey makes its own data with distinct titles, so the tests do not depend on one
another's order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.core.models import Division, User
from lvzhi.registry.demo.seed import DEMO_PASSWORD, seed
from lvzhi.registry.models import Congress, Deputy, Membership, Organisation, Term

from .conftest import ARGS, CHROMIUM
from .layout import fits
from .pickers import pick

WIDE, PHONE = 1280, 360
HEIGHT = {WIDE: 900, PHONE: 740}
# One line: the brand mark with the menus beside it (tests/e2e/test_navigation.py measures the
# same header for every role's full menu).
WIDE_HEADER_MAX = 64
PHONE_HEADER_MAX = 80

pytestmark = pytest.mark.e2e
both_widths = pytest.mark.parametrize("width", [WIDE, PHONE], ids=str)


# Each role of the regulation's platform (registry.models.Role) and the citizen without an
# account: the demo account that plays it and the journey of its main job.
ROLE_JOURNEYS = {
    "admin": ("admin", "test_administrator_opens_an_account"),
    "office": ("office", "test_office_assigns_a_submitted_suggestion_to_a_unit"),
    "secretariat": ("secretariat", "test_secretariat_records_its_recommendation_on_a_proposal"),
    "decision_recorder": ("recorder", "test_recorder_enters_the_presidiums_decision_on_a_proposal"),
    "committee": ("committee", "test_committee_opens_a_legislation_project"),
    "unit_staff": ("yining", "test_county_staff_confirm_a_deputys_duty_entry"),
    "sc_member": ("scmember", "test_standing_committee_member_logs_a_contact_with_a_deputy"),
    "handling_unit": ("handling", "test_handling_unit_answers_an_assigned_suggestion"),
    "station_staff": ("station", "test_station_keeper_records_an_opinion_and_forwards_it"),
    "group_leader": ("groupleader", "test_group_leader_records_the_groups_activity"),
    "deputy": ("deputy", "test_deputy_submits_a_suggestion_and_sees_it_in_their_list"),
    "citizen": ("", "test_citizen_leaves_an_opinion_on_the_portal"),
}


def test_every_role_has_a_journey_signed_in_as_that_role(db: None) -> None:
    """Every role of the platform has its journey here, and each journey's demo account holds
    the role it stands for (the seeded database of the session)."""
    from lvzhi.registry.models import Role, RoleAssignment

    assert set(ROLE_JOURNEYS) == {*Role.values, "citizen"}
    for role, (username, test) in ROLE_JOURNEYS.items():
        assert callable(globals().get(test)), f"{role}: no {test}"
        if role == "deputy":
            assert Deputy.objects.filter(user__username=username).exists()
        elif username:
            held = RoleAssignment.objects.filter(user__username=username)
            assert set(held.values_list("role", flat=True)) >= {role}, username


# --- one database, one server, one browser for the module -------------------------------------


@pytest.fixture(scope="module")
def journeys_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from django.core.management import call_command

    with django_db_blocker.unblock():
        if not Division.objects.exists():
            from lvzhi.core.divisions import load

            load(Division)
        if not Congress.objects.exists():
            seed("small", progress=lambda *a: None)
        yield
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(scope="module")
def server(journeys_db: None) -> Iterator[str]:
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost")
    live._live_server_modified_settings.enable()
    yield live.url
    live._live_server_modified_settings.disable()
    live.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def window(chromium: Any, server: str, width: int) -> Iterator[Callable[..., Any]]:
    """``window()`` → a page of a fresh browser context at the test's width; ``window("office")``
    signs it in first and lands on the desk. The contexts close at the end of the test."""
    contexts: list[Any] = []

    def _open(username: str | None = None) -> Any:
        context = chromium.new_context(viewport={"width": width, "height": HEIGHT[width]})
        contexts.append(context)
        page = context.new_page()
        if username is None:
            return page
        page.goto(server + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert page.url.endswith("/desk/"), f"{username} did not reach the desk: {page.url}"
        header(page, width)
        return page

    yield _open
    for context in contexts:
        context.close()


# --- what every page of every journey shows --------------------------------------------------


def header(page: Any, width: int) -> None:
    """At 1280 px the menus stand in one line; at 360 px they are folded into a drawer."""
    height = page.locator("header.topbar").bounding_box()["height"]
    toggle = page.locator("[data-nav-toggle]")
    if width == WIDE:
        assert height <= WIDE_HEADER_MAX, f"{page.url}: header {height} px high at {width} px"
        assert page.locator("#mainnav").is_visible()
        assert not toggle.is_visible()
        groups = page.locator("details.navgroup[data-navgroup]")
        tops = {round(groups.nth(i).bounding_box()["y"]) for i in range(groups.count())}
        assert len(tops) <= 1, f"{page.url}: the menus stand on {len(tops)} lines"
    else:
        assert height <= PHONE_HEADER_MAX, f"{page.url}: header {height} px high at {width} px"
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator("#mainnav").is_visible(), "the menus are not in a drawer"
    fits(page, width)


def menu(page: Any, width: int, entry: str) -> None:
    """Opens the entry ``entry`` through the header: on the phone the drawer first, then its
    group's menu, then the entry."""
    if width == PHONE:
        page.click("[data-nav-toggle]")
        assert page.locator("#mainnav").is_visible()
    group = page.locator(f"details.navgroup:has(a[data-nav-entry='{entry}'])")
    page.click(f"#{group.get_attribute('id')} > summary")
    link = group.locator(f"a[data-nav-entry='{entry}']")
    assert link.is_visible()
    send(page, link)
    header(page, width)


def send(page: Any, target: Any) -> None:
    """Clicks (a selector or a locator) and waits for the page the click leads to."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def done(page: Any, width: int, message: str) -> None:
    """The page after the action says it was done, and still fits the screen."""
    assert message in page.inner_text("main"), f"{page.url}: no “{message}”"
    header(page, width)


# --- data the journeys start from ------------------------------------------------------------


def _term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def _submitted_suggestion(title: str) -> Any:
    from lvzhi.suggestions import services
    from lvzhi.suggestions.models import Category

    author = User.objects.get(username="deputy")
    s = services.draft_create(
        actor=author,
        term=_term(),
        session=None,
        title=title,
        body="社区老年人就餐难，建议在每个社区设立老年食堂，由街道统筹场地、民政部门给予补贴。",
        category=Category.SOCIAL,
    )
    return services.submit(actor=author, suggestion=s)


def _assigned_suggestion(title: str, unit: Organisation) -> Any:
    from lvzhi.suggestions import services
    from lvzhi.suggestions.models import AssignmentPlan, Category

    office = User.objects.get(username="office")
    s = _submitted_suggestion(title)
    s = services.classify(
        actor=office, suggestion=s, category=Category.SOCIAL, key_supervision=False, is_public=True
    )
    plan = AssignmentPlan.objects.order_by("-decided_on").first()
    assert plan is not None
    return services.assign(actor=office, suggestion=s, lead=unit, plan=plan)


def _submitted_proposal(subject: str) -> Any:
    """A proposal with its co-signers, handed in and received by the secretariat (R06-R09);
    the demo's sessions lie in the past, so the latest one is opened for proposals first."""
    from lvzhi.proposals import services
    from lvzhi.registry import selectors as registry_selectors
    from lvzhi.registry.models import Role, Session

    author = User.objects.get(username="deputy")
    seat = Membership.objects.get(deputy__user=author, term__congress__level="prefecture")
    session = Session.objects.filter(term=seat.term).order_by("-number").first()
    assert session is not None
    session.proposal_deadline = clock.now() + dt.timedelta(days=2)
    session.save(update_fields=["proposal_deadline"])
    p = services.draft_create(
        actor=author,
        session=session,
        subject=subject,
        grounds="部分牧区饮水工程老化，水质保障不足，现行规定缺乏管护责任。",
        plan="制定牧区饮水安全保障条例，明确建设、管护和水质监测责任。",
        category="legislation",
        exclusions_confirmed=True,
    )
    others = Membership.objects.filter(term=seat.term, status="serving").exclude(
        deputy_id=seat.deputy_id
    )
    for m in others.select_related("deputy").order_by("pk")[: services.signatories_needed(p)]:
        if m.deputy.user is None:
            m.deputy.user = User.objects.create_user(username=f"signer{m.deputy_id}")
            m.deputy.save(update_fields=["user"])
        services.cosigner_invite(actor=author, proposal=p, deputy=m.deputy)
        services.cosign_respond(actor=m.deputy.user, proposal=p, accept=True)
    p = services.submit(actor=author, proposal=p)
    if p.delegation is not None and p.status != "submitted":
        staff = registry_selectors.users_with_role_over(
            p.delegation, frozenset({Role.UNIT_STAFF})
        ).first()
        if staff is None:
            from lvzhi.registry import services as registry_services

            staff = User.objects.create_user(username="delegation")
            registry_services.role_grant(
                actor=None, user=staff, role=Role.UNIT_STAFF, organisation=p.delegation
            )
        p = services.forward(actor=staff, proposal=p)
    assert p.status == "submitted"
    return p


def _title(job: str, width: int) -> str:
    return f"{job}（{width}像素）"


# --- the journeys ----------------------------------------------------------------------------


@both_widths
def test_deputy_submits_a_suggestion_and_sees_it_in_their_list(
    window: Any, server: str, width: int
) -> None:
    title = _title("关于在伊宁市增设城市公共自行车站点的建议", width)
    page = window("deputy")
    menu(page, width, "suggestions_mine")
    send(page, "main a[href$='/suggestions/new/']")
    header(page, width)
    page.select_option("#id_term", index=1)
    page.fill("#id_title", title)
    page.select_option("#id_category", index=1)
    page.fill("#id_body", "市区公共自行车站点少、分布不均，建议在主要街道和学校附近增设站点。")
    send(page, "main form button[type=submit]")
    done(page, width, "草稿已保存")
    send(page, "form[action$='/submit/'] button")
    done(page, width, "建议已提交")
    menu(page, width, "suggestions_mine")
    assert title in page.inner_text("main")


@both_widths
def test_office_assigns_a_submitted_suggestion_to_a_unit(
    window: Any, server: str, width: int
) -> None:
    from lvzhi.suggestions.models import Status, Suggestion

    title = _title("关于在社区设立老年食堂的建议", width)
    s = _submitted_suggestion(title)
    unit = Organisation.objects.get(name="自治州卫生健康委员会")
    page = window("office")
    menu(page, width, "suggestions_queue")
    send(page, page.get_by_role("link", name=title))
    header(page, width)
    page.select_option("#id_plan", index=1)
    pick(page, "id_lead", "卫生健康", str(unit.pk))
    send(page, "form[action$='/assign/'] button")
    done(page, width, "建议已交办")
    s = Suggestion.objects.get(pk=s.pk)
    assert s.status == Status.ASSIGNED
    assert s.assignments.get(role="lead").unit_id == unit.pk


@both_widths
def test_handling_unit_answers_an_assigned_suggestion(window: Any, server: str, width: int) -> None:
    from lvzhi.suggestions.models import Status, Suggestion

    unit = User.objects.get(username="handling").role_assignments.get().organisation
    title = _title("关于改善农村寄宿制学校供暖条件的建议", width)
    s = _assigned_suggestion(title, unit)
    page = window("handling")
    menu(page, width, "suggestions_inbox")
    page.fill("#id_q", "寄宿制学校供暖")
    send(page, "form.filters button[type=submit]")
    send(page, page.get_by_role("link", name=title))
    header(page, width)
    page.select_option("#id_result_class", "B")
    page.fill("#id_body", "已将寄宿制学校供暖改造列入明年计划，今冬先为三所学校更换锅炉。")
    send(page, "form[action$='/reply/'] button")
    done(page, width, "答复已发送给代表")
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED


@both_widths
def test_secretariat_records_its_recommendation_on_a_proposal(
    window: Any, server: str, width: int
) -> None:
    from lvzhi.proposals.models import Proposal

    proposal = _submitted_proposal(_title("关于制定牧区饮水安全保障条例的议案", width))
    page = window("secretariat")
    menu(page, width, "proposals_queue")
    send(page, page.get_by_role("link", name=proposal.subject))
    header(page, width)
    page.fill("#id_text", "建议提请议案审查委员会审议。")
    page.fill("#id_on", clock.today().isoformat())
    page.fill("#id_document_no", f"大会秘书处〔{clock.today().year}〕{width}号")
    send(page, "form[action$='/recommend/'] button")
    done(page, width, "秘书处处理意见已登记")
    assert Proposal.objects.get(pk=proposal.pk).recommendation == "建议提请议案审查委员会审议。"


@both_widths
def test_recorder_enters_the_presidiums_decision_on_a_proposal(
    window: Any, server: str, width: int
) -> None:
    from lvzhi.proposals import services
    from lvzhi.proposals.models import Proposal

    proposal = _submitted_proposal(_title("关于制定草原生态保护条例的议案", width))
    secretariat = User.objects.get(username="secretariat")
    today, year = clock.today(), clock.today().year
    services.recommend(
        actor=secretariat,
        proposal=proposal,
        text="建议提请议案审查委员会审议。",
        on=today,
        document_no=f"大会秘书处〔{year}〕{width + 1}号",
    )
    services.committee_report(
        actor=secretariat,
        proposal=proposal,
        text="建议列入大会议程。",
        on=today,
        document_no=f"议案审查委员会〔{year}〕{width}号",
    )
    page = window("recorder")
    menu(page, width, "proposals_queue")
    send(page, page.get_by_role("link", name=proposal.subject))
    header(page, width)
    page.check("input[name=placed][value='1']")
    page.fill("#id_on", today.isoformat())
    page.fill("#id_document_no", f"大会主席团〔{year}〕{width}号")
    send(page, "form[action$='/decide/'] button")
    done(page, width, "主席团决定已登记")
    assert Proposal.objects.get(pk=proposal.pk).decided_on == today


@both_widths
def test_station_keeper_records_an_opinion_and_forwards_it(
    window: Any, server: str, width: int
) -> None:
    from lvzhi.stations.models import Opinion, Status

    title = _title("小区门口路灯不亮", width)
    deputy = Deputy.objects.get(user__username="deputy")
    page = window("station")
    send(page, page.get_by_role("link", name="站内登记意见").first)
    header(page, width)
    page.fill("#id_name", "阿依古丽")
    page.fill("#id_phone", "13909991234")
    page.select_option("#id_category", index=1)
    page.fill("#id_title", title)
    page.fill("#id_body", "小区门口的路灯坏了一个多月，晚上老人孩子出行不便，希望尽快修好。")
    send(page, "main form button[type=submit]")
    # The opinion is recorded: its page, with the citizen's tracking code and the forwarding.
    opinion = Opinion.objects.get(title=title)
    assert opinion.tracking_code in page.inner_text("main")
    header(page, width)
    page.select_option("#id_matter_level", "local")
    page.check(f"input[name=deputies][value='{deputy.pk}']")
    send(page, "form[action$='/assign/'] button[type=submit]")
    done(page, width, "代表办理中")
    assert Opinion.objects.get(pk=opinion.pk).status == Status.ASSIGNED


NUMERALS = "零一二三四五六七八九"


def _solve(question: str) -> str:
    """Answers the form's check question as a person reads it: "三 加 5 等于多少？"."""
    m = re.search(r"([零一二三四五六七八九])\s*加\s*(\d)", question)
    assert m, question
    return str(NUMERALS.index(m.group(1)) + int(m.group(2)))


@both_widths
def test_citizen_leaves_an_opinion_on_the_portal(chromium: Any, server: str, width: int) -> None:
    from django.core.cache import cache

    from lvzhi.stations.models import Opinion

    cache.clear()  # the form's per-address limit
    title = _title("希望增加公交车班次", width)
    context = chromium.new_context(viewport={"width": width, "height": HEIGHT[width]})
    try:
        page = context.new_page()
        page.goto(server + "/")
        nav = page.locator("nav.portal-nav")
        box = nav.bounding_box()
        assert box["height"] <= 60, f"the portal's menu is {box['height']} px high at {width} px"
        fits(page, width)
        send(page, nav.locator("a[href='/stations/']"))
        fits(page, width)
        page.fill("#st-q", "萨依布依")
        send(page, "form.filters button[type=submit]")
        send(page, "table.stations a")
        send(page, page.get_by_role("link", name="提交意见"))
        fits(page, width)
        page.fill("#id_name", "马丽娜")
        page.fill("#id_phone", "139 0999 5678")
        page.select_option("#id_category", "urban")
        page.fill("#id_title", title)
        page.fill("#id_body", "早晚高峰公交车太挤，等车时间长，希望增加班次。")
        page.fill("#id_challenge", _solve(page.text_content("label[for=id_challenge]")))
        send(page, "main form button[type=submit]")
        code = page.text_content("#tracking-code").strip()
        fits(page, width)
        assert Opinion.objects.get(tracking_code=code).title == title
    finally:
        context.close()


@both_widths
def test_administrator_opens_an_account(window: Any, server: str, width: int) -> None:
    username = f"jiaoyu{width}"
    unit = Organisation.objects.get(name="自治州教育局")
    page = window("admin")
    menu(page, width, "accounts")
    send(page, "main a[href$='/accounts/new/']")
    header(page, width)
    page.fill("#id_username", username)
    page.fill("#id_display_name", "自治州教育局 承办人 王磊")
    page.fill("#id_password", "Qz7!lvzhi-Kaihu")
    page.select_option("#id_role", "handling_unit")
    pick(page, "id_organisation", "自治州教育局", str(unit.pk))
    send(page, "main form button[type=submit]")
    done(page, width, "账号已开通")
    user = User.objects.get(username=username)
    assert user.role_assignments.get().organisation_id == unit.pk
    assert page.url.endswith(f"/accounts/{user.pk}/")


@both_widths
def test_standing_committee_member_logs_a_contact_with_a_deputy(
    window: Any, server: str, width: int
) -> None:
    from lvzhi.contacts.models import Contact, Holder

    holder = Holder.objects.get(user__username="scmember")
    before = Contact.objects.filter(holder=holder).count()
    deputy = Deputy.objects.get(user__username="deputy")
    page = window("scmember")
    menu(page, width, "contacts_mine")
    send(page, page.get_by_role("link", name="登记联系").first)
    header(page, width)
    page.click(f"label:has-text('{deputy.name}')")
    page.click("label:has-text('电话')")
    send(page, "main form button[type=submit]")
    done(page, width, f"已登记与{deputy.name}的联系")
    assert Contact.objects.filter(holder=holder).count() == before + 1


@both_widths
def test_group_leader_records_the_groups_activity(window: Any, server: str, width: int) -> None:
    from lvzhi.activities.models import DeputyGroup, GroupActivity

    org_id = User.objects.get(username="groupleader").role_assignments.get().organisation_id
    group = DeputyGroup.objects.get(organisation_id=org_id)
    title = _title("走访选民", width)
    page = window("groupleader")
    menu(page, width, "activities_groups")
    send(page, page.get_by_role("link", name=group.organisation.name).first)
    header(page, width)
    send(page, "main .page-head a.btn.primary")
    header(page, width)
    page.select_option("#id_kind", "visit_voters")
    page.fill("#id_title", title)
    page.fill("#id_place", "萨依布依街道联络站")
    page.fill("#id_content", "走访社区居民，听取冬季供暖方面的意见。")
    send(page, "main form button[type=submit]")
    done(page, width, "活动已登记")
    assert GroupActivity.objects.filter(group=group, title=title).exists()


@both_widths
def test_committee_opens_a_legislation_project(window: Any, server: str, width: int) -> None:
    title = _title("伊犁哈萨克自治州城乡供水条例", width)
    page = window("committee")
    menu(page, width, "activities_legislation")
    page.fill("#id_title", title)
    send(page, "main form[method=post] button[type=submit]")
    done(page, width, "立法项目已创建")
    assert title in page.inner_text("main")


@both_widths
def test_county_staff_confirm_a_deputys_duty_entry(window: Any, server: str, width: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvzhi.records import services
    from lvzhi.records.demo import PDF
    from lvzhi.records.models import DutyEntry, EntryStatus

    seat = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level="prefecture"
    )
    title = _title("走访社区听取供暖意见", width)
    entry = services.entry_add(
        actor=User.objects.get(username="deputy"),
        seat=seat,
        kind="reception",
        on=clock.today() - dt.timedelta(days=1),
        title=title,
        description="走访居民 20 户，记录意见 4 条。",
        upload=SimpleUploadedFile("接待记录.pdf", PDF, content_type="application/pdf"),
    )
    page = window("yining")
    menu(page, width, "records")
    send(page, page.get_by_role("link", name=re.compile(re.escape(title))))
    header(page, width)
    send(page, f"form[action='/records/entries/{entry.pk}/confirm/'] button")
    done(page, width, "履职记录已确认")
    assert DutyEntry.objects.get(pk=entry.pk).status == EntryStatus.CONFIRMED
