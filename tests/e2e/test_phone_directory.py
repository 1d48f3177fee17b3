"""Browser journey: a county's staff member signs in on a 360-px phone and opens the
directory (Playwright driving Debian's chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(live_server: Any, seeded_transactional: None, browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


def test_county_staff_sign_in_on_a_phone_and_open_the_directory(
    page: Any, live_server: Any, password: str, tmp_path: Path
) -> None:
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "yining")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    assert "我的工作台" in page.content()
    # The menu folds into a button on a phone; its groups open in the drawer (issue 22.1).
    page.click("[data-nav-toggle]")
    page.click("#mainnav summary >> text=履职档案与评价")
    page.click("#mainnav >> text=代表名册")
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


def test_on_a_phone_the_directory_is_filtered_by_a_delegation_chosen_by_type_ahead(
    page: Any, live_server: Any, password: str
) -> None:
    """The delegation filter is a picker (issue 22.2): typed, chosen from the list, searched;
    the address keeps ``?delegation=<id>``."""
    from lvzhi.core.models import User
    from lvzhi.registry import selectors
    from tests.e2e.pickers import pick

    delegation = (
        selectors.directory_delegations(User.objects.get(username="yining"))
        .filter(delegation_memberships__status="serving")
        .distinct()
        .order_by("path")
        .first()
    )
    assert delegation is not None
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "yining")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    page.goto(live_server.url + "/registry/deputies/")
    page.click("details.more-filters summary")
    pick(page, "id_delegation", delegation.name, str(delegation.pk))
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**delegation={delegation.pk}**")
    page.wait_for_timeout(500)
    rows = page.locator("table.deputies tbody tr")
    assert rows.count() > 0
    assert all(delegation.name in rows.nth(i).inner_text() for i in range(rows.count()))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
