"""Browser journey (issue 9, "done means"): a citizen, on a phone with JavaScript turned off,
finds their deputy by choosing their township and opens a public suggestion's reply."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core.models import Division
from lvzhi.registry.models import Membership
from lvzhi.suggestions.models import Suggestion

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _public_suggestion_and_township() -> tuple[Suggestion, Division, Any]:
    """A public, replied suggestion whose proposer is a serving prefecture deputy, and a
    township of the county that elected them."""
    for s in Suggestion.objects.filter(
        is_public=True, status__in=["replied", "closed"]
    ).select_related("proposer"):
        seat = (
            Membership.objects.filter(
                deputy=s.proposer, status="serving", term__is_current=True, level="prefecture"
            )
            .select_related("electoral_unit__division")
            .first()
        )
        if seat is None or seat.electoral_unit.division is None:
            continue
        town = Division.objects.filter(
            parent__code=seat.electoral_unit.division.code, level="township"
        ).first()
        if town is not None:
            return s, town, seat
    raise AssertionError("the demo data holds no public suggestion of a serving deputy")


def test_citizen_finds_their_deputy_and_reads_a_reply_without_javascript(
    live_server: Any, browser: Any, seeded_transactional: None
) -> None:
    s, town, seat = _public_suggestion_and_township()
    reply = s.replies.select_related("unit").first()
    assert reply is not None
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/portal/")
    assert "找我的代表" in page.content()
    page.select_option("#home-township", town.code)
    send(page, ".find-box button[type=submit]")
    assert town.name in page.title()
    assert page.locator("h2", has_text=seat.electoral_unit.division.name).count() == 1
    send(page, f"a[href='/portal/deputies/{s.proposer_id}/']")
    assert s.proposer.name in page.title()
    assert page.locator("h2", has_text="履职情况").count() == 1
    send(page, f"a[href='/suggestions/public/{s.pk}/']")
    assert page.locator("h1").inner_text() == s.title
    body = page.locator("main").inner_text()
    assert reply.unit.name in body and reply.body[:20] in body
    # Nothing on the way needed a script, and the page fits a 360-px screen.
    box = page.locator("main").bounding_box()
    assert box is not None and box["width"] <= 360
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/portal/", "/portal/deputies/", "/portal/find/", "/portal/news/", "/portal/sitemap.xml"],
)
def test_public_pages_render_with_javascript_disabled(
    live_server: Any, browser: Any, seeded_transactional: None, path: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    if path.endswith(".xml"):
        assert "urlset" in page.content()
    else:
        assert page.locator("h1").count() == 1 and page.locator("nav.portal-nav a").count() >= 6
    context.close()


def test_deputy_sees_what_waits_at_a_glance_on_a_360px_phone(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    page = signed_in("deputy", viewport=(360, 740))
    panel = page.locator("#panel-portal_waiting")
    assert panel.count() == 1
    tiles = panel.locator(".waiting-tile")
    assert tiles.count() == 5
    box = panel.bounding_box()
    assert box is not None and box["y"] < 740  # visible without scrolling
    for i in range(tiles.count()):
        tile = tiles.nth(i).bounding_box()
        assert tile is not None and tile["height"] >= 44 and tile["x"] + tile["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest == "/portal/manifest.webmanifest"
