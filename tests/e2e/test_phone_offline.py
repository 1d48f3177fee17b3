"""Browser journey (issue 9, item 2): the deputy's workspace on a 360 × 740 phone — usable
with one hand (every primary action of the desk within the screen's width, tappable, no
horizontal scrolling) and, once visited, showing the offline page without a connection
(the service worker from portal/sw.js, registered by portal/install.js)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 360, 740


def test_desk_primary_actions_reachable_one_handed_at_360px_without_horizontal_scroll(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    page = signed_in("deputy", viewport=(WIDTH, HEIGHT))
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate("document.body.scrollWidth") <= WIDTH
    actions = page.locator("#panel-portal_waiting a.waiting-tile")
    assert actions.count() == 5
    for i in range(actions.count()):
        action = actions.nth(i)
        action.scroll_into_view_if_needed()
        box = action.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        assert box["height"] >= 44  # a thumb's target (WCAG 2.5.5)
        # Nothing covers it: the element at its centre is the action itself (or inside it).
        hit = page.evaluate(
            "([x, y, i]) => { const el = document.elementFromPoint(x, y);"
            " const a = document.querySelectorAll('#panel-portal_waiting a.waiting-tile')[i];"
            " return a.contains(el); }",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, i],
        )
        assert hit, f"action {i} is covered"
    # Following the first one opens its page, still without horizontal scrolling.
    with page.expect_navigation():
        actions.nth(0).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_service_worker_shows_the_offline_page_when_the_phone_has_no_connection(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    page = signed_in("deputy", viewport=(WIDTH, HEIGHT))
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == live_server.url + "/"
    page.reload()  # now controlled by the worker
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(live_server.url + "/desk/")
    assert page.locator("h1").inner_text() == "网络未连接"
    # The shell came from the worker's cache: the page is styled like the platform.
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.context.set_offline(False)
    with page.expect_navigation():
        page.click("text=重试")
    assert page.url.endswith("/desk/")
