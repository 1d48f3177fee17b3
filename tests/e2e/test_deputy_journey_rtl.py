"""Issue 24, item 6: the deputy's main journey on a phone (360 px) in Uyghur and in Kazakh.

The deputy has chosen the language on their own settings page (stored on the account), so
signing in brings it: every page of the journey is written right to left, its chrome (menus,
headings, labels, buttons, messages) has no Chinese character — Chinese may appear only in the
data (names, titles, units: inside <bdi>, table cells, definition values, text bodies, form
values, links to records) — and nothing overflows the 360 px screen sideways.

With ``LVZHI_DOC_SCREENSHOTS=1`` the screenshots go to docs/img/ (docs/user-guide.md shows
them); otherwise to the test's temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry.demo.seed import DEMO_PASSWORD
from lvzhi.registry.models import Level, Membership

pytestmark = pytest.mark.e2e

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs/img"

# Text that is data, not chrome: the deputy's and others' names, titles, units, dates, bodies.
CHROME_TEXT_JS = """
() => {
  const DATA = 'bdi, dd, td, textarea, option, select, input, code, time, .body-text, .data,'
    + ' [aria-hidden="true"], script, style, noscript, main li > a, main td a';
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const el = node.parentElement;
    if (!el || el.closest(DATA)) continue;
    if (el.closest('main h1, main h2') && el.closest('main h1, main h2').querySelector('bdi')) {
      continue;
    }
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const text = node.textContent.trim();
    if (/[\\u4e00-\\u9fff]/.test(text)) out.push(text);
  }
  return out;
}
"""


def _journey(seat: Membership) -> list[tuple[str, str]]:
    year = clock.today().year
    return [
        ("desk", "/desk/"),
        ("suggestions", "/suggestions/"),
        ("new-suggestion", "/suggestions/new/"),
        ("proposals", "/proposals/"),
        ("votes", "/voting/"),
        ("meetings", "/meetings/"),
        ("activities", "/activities/"),
        ("archive", f"/records/{seat.pk}/{year}/"),
        ("notifications", "/notifications/"),
        ("language", "/account/notifications/"),
    ]


@pytest.mark.parametrize("language", ["ug", "kk"])
def test_the_deputys_phone_journey_is_right_to_left_translated_and_fits_360px(
    live_server: Any, browser: Any, seeded_transactional: None, language: str, tmp_path: Path
) -> None:
    user = User.objects.get(username="deputy")
    user.language = language  # chosen on their own settings page (tests/core/test_i18n_person)
    user.save(update_fields=["language"])
    seat = Membership.objects.get(deputy__user=user, term__congress__level=Level.PREFECTURE)

    context = browser.new_context(viewport={"width": 360, "height": 760}, device_scale_factor=1)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "deputy")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")

    shots = DOCS_IMG if os.environ.get("LVZHI_DOC_SCREENSHOTS") else tmp_path
    problems: list[str] = []
    for n, (name, path) in enumerate(_journey(seat), start=1):
        response = page.goto(live_server.url + path)
        if response is None or response.status != 200:
            problems.append(f"{path}: status {response.status if response else None}")
            continue
        html = page.locator("html")
        if html.get_attribute("dir") != "rtl" or html.get_attribute("lang") != language:
            problems.append(f"{path}: not right to left in {language}")
        if page.evaluate("getComputedStyle(document.body).direction") != "rtl":
            problems.append(f"{path}: computed direction is not rtl")
        han = page.evaluate(CHROME_TEXT_JS)
        if han:
            problems.append(f"{path}: Chinese in the chrome: {han[:5]}")
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            problems.append(f"{path}: {overflow}px wider than the screen")
        if name in {"desk", "suggestions", "new-suggestion", "votes", "archive", "language"}:
            page.screenshot(path=str(shots / f"deputy-phone-{language}-{n:02d}-{name}.png"))
    context.close()
    assert problems == [], "\n".join(problems)
