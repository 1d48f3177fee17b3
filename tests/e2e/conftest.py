"""Browser fixtures: Playwright driving Debian's chromium (browsers cannot be downloaded)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lvzhi.registry.demo.seed import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "e2e" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(
                pytest.mark.skip(
                    reason="Debian chromium is not installed (make system-deps installs it)"
                )
            )


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def signed_in(browser: Any, live_server: Any) -> Callable[..., Any]:
    """``signed_in("office")`` → a page of a fresh browser context, signed in."""

    def _open(
        username: str, password: str = DEMO_PASSWORD, viewport: tuple[int, int] = (1280, 900)
    ) -> Any:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url("**/desk/")
        return page

    return _open
