"""The header at 1280 px and 360 px for every role (issue 22.1): one line on a wide screen,
a drawer on a phone, every entry of the role reachable through its group's menu, none it
cannot open, and the menus work by keyboard.

The citizen, without an account, has the portal's menu: one line at 1280 px, one strip that
scrolls sideways by itself (not the page) at 360 px.

With ``LVZHI_NAV_SCREENSHOTS=1`` (``make screenshots``) the test also writes the screenshots of
docs/user-guide.md (docs/img/nav-<role>-<width>.png, see tests/e2e/shots.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory

from lvzhi.core.models import User
from lvzhi.core.navigation import grouped_menu_for

from . import shots

pytestmark = pytest.mark.e2e

ROLES = (
    "admin",
    "office",
    "secretariat",
    "recorder",
    "committee",
    "yining",
    "scmember",
    "handling",
    "station",
    "deputy",
    "groupleader",
)
# One line: the brand mark (34 px) and a menu button (40 px) with the bar's padding.
WIDE_HEADER_MAX = 64
PHONE_HEADER_MAX = 80


def _expected(username: str) -> dict[str, list[str]]:
    request = RequestFactory().get("/desk/")
    request.user = User.objects.get(username=username)
    menu = grouped_menu_for(request)
    return {g["key"]: [i["url"] for i in g["items"]] for g in menu["groups"]}


def _shot(page: Any, name: str, tmp_path: Path, down_to: Any = None) -> None:
    """The window, down to the open menu (the picture is about the menu)."""
    folder = shots.DOCS_IMG if os.environ.get("LVZHI_NAV_SCREENSHOTS") else tmp_path
    shots.save(page, folder / name, down_to=down_to)


def test_every_role_finds_its_work_in_one_line_and_in_a_drawer(
    browser: Any, live_server: Any, signed_in: Any, seeded_transactional: None, tmp_path: Path
) -> None:
    for username in ROLES:
        expected = _expected(username)
        page = signed_in(username)
        page.goto(live_server.url + "/desk/")
        # Wide: the header is one line, whatever the number of entries.
        height = page.locator("header.topbar").bounding_box()["height"]
        assert height <= WIDE_HEADER_MAX, f"{username}: header {height} px at 1280 px"
        assert page.locator(".desk-link").is_visible()
        overflow = page.evaluate(
            "(() => { const h = document.querySelector('header.topbar');"
            " return h.scrollWidth - h.clientWidth; })()"
        )
        assert overflow <= 0, f"{username}: the header is {overflow} px too wide at 1280 px"
        groups = page.locator("details.navgroup[data-navgroup]:not(.account)")
        assert groups.count() == len(expected)
        for key, urls in expected.items():
            summary = page.locator(f"#nav-{key} > summary")
            summary.click()
            links = page.locator(f"#nav-{key} .navmenu a")
            assert [links.nth(i).get_attribute("href") for i in range(links.count())] == urls
            for i in range(links.count()):
                assert links.nth(i).is_visible(), f"{username}: {urls[i]} hidden in {key}"
            # Opening the menu does not grow the header: the menu lies over the page.
            assert page.locator("header.topbar").bounding_box()["height"] == height
        for urls in expected.values():
            for url in urls:
                status = page.request.get(live_server.url + url).status
                assert status == 200, f"{username} is offered {url} and gets {status}"
        biggest = max(expected, key=lambda k: len(expected[k]))
        page.locator(f"#nav-{biggest} > summary").click()
        if page.locator(f"#nav-{biggest}").get_attribute("open") is None:
            page.locator(f"#nav-{biggest} > summary").click()
        menu = page.locator(f"header.topbar, #nav-{biggest} .navmenu")
        _shot(page, f"nav-{username}-1280.png", tmp_path, down_to=menu)
        # Phone: the menus fold into a drawer behind one button; my desk stays one tap away.
        page.keyboard.press("Escape")
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_server.url + "/desk/")
        header = page.locator("header.topbar").bounding_box()["height"]
        assert header <= PHONE_HEADER_MAX, f"{username}: header {header} px at 360 px"
        assert page.locator(".desk-link").is_visible()
        assert not page.locator("#mainnav").is_visible()
        page.click("[data-nav-toggle]")
        assert page.locator("[data-nav-toggle]").get_attribute("aria-expanded") == "true"
        for key, urls in expected.items():
            page.locator(f"#nav-{key} > summary").click()
            links = page.locator(f"#nav-{key} .navmenu a")
            assert links.count() == len(urls)
            assert all(links.nth(i).is_visible() for i in range(links.count()))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 370, f"{username}: the page is {width} px wide at 360 px"
        if page.locator(f"#nav-{biggest}").get_attribute("open") is None:
            page.locator(f"#nav-{biggest} > summary").click()
        page.evaluate("window.scrollTo(0, 0)")
        _shot(page, f"nav-{username}-360.png", tmp_path, down_to=page.locator("#mainnav"))
        page.context.close()
    # One seeding for the whole module (the flush between browser tests empties the tables).
    _keyboard(live_server, signed_in)
    _without_script(browser, live_server)
    _portal(browser, live_server, tmp_path)


def _keyboard(live_server: Any, signed_in: Any) -> None:
    """The menus open and close by keyboard."""
    page = signed_in("office")
    page.goto(live_server.url + "/desk/")
    summary = page.locator("details.navgroup > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    group = page.locator("details.navgroup").first
    assert group.get_attribute("open") is not None
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('details.navgroup') !== null")
    assert focused, "Tab moves into the open menu"
    page.keyboard.press("Escape")
    assert group.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Opening a second menu closes the first.
    page.locator("details.navgroup > summary").nth(0).click()
    page.locator("details.navgroup > summary").nth(1).click()
    assert page.locator("details.navgroup[open]").count() == 1
    page.context.close()


def _without_script(browser: Any, live_server: Any) -> None:
    """Without script the phone's menus are all there, and each opens."""
    from lvzhi.registry.demo.seed import DEMO_PASSWORD

    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")
    assert page.locator("#mainnav").is_visible()
    page.locator("details.navgroup > summary").first.click()
    assert page.locator("details.navgroup .navmenu a").first.is_visible()
    context.close()


def _portal(browser: Any, live_server: Any, tmp_path: Path) -> None:
    """The citizen's menu on the portal, at both widths."""
    for width, height in ((1280, 900), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + "/")
        nav = page.locator("nav.portal-nav")
        box = nav.bounding_box()
        assert box["height"] <= 60, f"the portal's menu is {box['height']} px high at {width} px"
        links = nav.locator("a")
        assert links.count() >= 6
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert len(tops) == 1, f"the portal's menu stands on {len(tops)} lines at {width} px"
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width + 1, f"the portal is {scroll} px wide at {width} px"
        _shot(page, f"nav-citizen-{width}.png", tmp_path)
        context.close()
