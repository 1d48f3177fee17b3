"""Browser checks of the public pages (issue 9, items 6 and 7):

* Uyghur and Kazakh (Arabic script) pages are written right to left, and the layout really
  flips: the portal menu starts at the right, a form label sits at the right end of its field.
* axe-core (shipped by the ``axe-playwright-python`` package, from PyPI) finds no serious or
  critical WCAG 2.1 A/AA violation on the main public pages, in Chinese and in Uyghur.

axe is injected with ``add_script_tag``: the pages forbid inline script (CSP), so the browser
context of this test alone bypasses CSP; the pages themselves are unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lvzhi.core.models import Division
from lvzhi.registry.models import Membership
from lvzhi.stations.models import Station

pytestmark = pytest.mark.e2e

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_js() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def _public_paths() -> dict[str, str]:
    seat = (
        Membership.objects.filter(status="serving", term__is_current=True)
        .select_related("deputy")
        .first()
    )
    station = Station.objects.order_by("pk").first()
    town = Division.objects.filter(level="township", parent__code="654002").first()
    assert seat is not None and station is not None and town is not None
    return {
        "portal home": reverse("portal:home"),
        "directory": reverse("portal:deputies"),
        "deputy profile": reverse("portal:deputy", args=[seat.deputy_id]),
        "public suggestions": reverse("suggestions:public_list"),
        "public proposals": reverse("proposals:public_list"),
        "find my deputy": reverse("portal:find") + f"?township={town.code}",
        "station page": reverse("stations:detail", args=[station.pk]),
        "opinion form": reverse("stations:opinion_new", args=[station.pk]),
    }


def _context(browser: Any, live_server: Any, language: str, **options: Any) -> Any:
    context = browser.new_context(**options)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


@pytest.mark.parametrize("language", ["ug", "kk"])
def test_public_pages_are_right_to_left_and_the_layout_flips(
    live_server: Any, browser: Any, seeded_transactional: None, language: str
) -> None:
    """Issue 9 item 7: dir="rtl" from the language, computed direction rtl, and the boxes
    really placed from the right."""
    paths = _public_paths()
    page = _context(browser, live_server, language, viewport={"width": 1280, "height": 900})
    page = page.new_page()
    page.goto(live_server.url + paths["portal home"])
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    items = page.locator(".portal-nav li")
    first, last = items.first.bounding_box(), items.last.bounding_box()
    assert first["x"] > last["x"]  # the menu reads from the right
    brand = page.locator(".topbar .brand").bounding_box()
    assert brand["x"] > 640  # the site's name stands at the right end of the top bar

    page.goto(live_server.url + paths["opinion form"])
    assert page.evaluate("getComputedStyle(document.querySelector('form')).direction") == "rtl"
    # Where the label's text stands (the label element itself spans the line).
    label = page.locator("label[for=id_name]").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }"
    )
    field = page.locator("#id_name").bounding_box()
    # The text starts where the field starts: at its right end, and ends well before its left.
    assert abs(label["right"] - (field["x"] + field["width"])) < 3
    assert label["left"] > field["x"] + 20

    page.goto(live_server.url + paths["directory"])
    assert page.locator("html").get_attribute("dir") == "rtl"
    card = page.locator(".deputy-card h3 a").first.bounding_box()
    list_box = page.locator(".deputy-list").first.bounding_box()
    assert card["x"] + card["width"] > list_box["x"] + list_box["width"] / 2


def test_language_switcher_works_without_javascript(
    live_server: Any, browser: Any, seeded_transactional: None
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:deputies"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    with page.expect_navigation():
        page.click(".language-switch a[lang=kk]")
    assert page.url.endswith(reverse("portal:deputies"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".language-switch a[aria-current]").get_attribute("lang") == "kk"
    with page.expect_navigation():
        page.click(".language-switch a[lang=zh-hans]")
    assert page.locator("html").get_attribute("lang") == "zh-hans"


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_main_public_pages_have_no_serious_accessibility_violation(
    live_server: Any, browser: Any, seeded_transactional: None, language: str
) -> None:
    """Issue 9 item 6 (WCAG 2.1 AA, GB/T 37668): axe-core on the portal home, the directory,
    a deputy's profile, the public suggestions and proposals, "find my deputy", a station's
    page and the opinion form, at phone width."""
    context = _context(
        browser, live_server, language, viewport={"width": 360, "height": 740}, bypass_csp=True
    )
    page = context.new_page()
    found = {}
    for name, path in _public_paths().items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        page.add_script_tag(path=str(_axe_js()))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        assert result["passes"]  # axe ran its checks on this page
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[name] = bad
    assert found == {}
