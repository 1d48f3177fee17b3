"""Browser journey: a county's staff member signs in on a 360-px phone and opens the
directory (Playwright driving Debian's chromium)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make system-deps)"
    ),
]


@pytest.fixture
def page(live_server: Any, seeded_transactional: None) -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        yield context.new_page()
        context.close()
        browser.close()


def test_county_staff_sign_in_on_a_phone_and_open_the_directory(
    page: Any, live_server: Any, password: str, tmp_path: Path
) -> None:
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "yining")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    assert "我的工作台" in page.content()
    # The menu folds into a button on a phone.
    page.click("[data-nav-toggle]")
    page.click("text=代表名册")
    page.wait_for_url("**/registry/deputies/**")
    rows = page.locator("table.deputies tbody tr")
    assert rows.count() > 0
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Type-ahead search by pinyin initials updates the list in place.
    first_name = rows.first.locator("td").first.inner_text().split()[0]
    page.fill("#id_q", first_name)
    page.wait_for_timeout(900)
    assert first_name in page.locator("#results").inner_text()
    page.screenshot(path=str(tmp_path / "directory-360.png"), full_page=False)
