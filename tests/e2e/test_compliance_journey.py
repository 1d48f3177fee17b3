"""Browser journey (issue 10, "done means"): the office opens the compliance view from the
menu, drills down to what is behind, opens the dashboards and exports a table."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_office_drills_down_and_exports(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    office = signed_in("office")
    office.goto(url + "/desk/")
    # The menu groups the work (issue 22.1): open the group, then the entry.
    office.click("#mainnav summary >> text=履职档案与评价")
    send(office, "#mainnav >> text=合规视图")
    table = office.inner_text("table.compliance")
    assert "R20" in table and "第三十八条" in table
    # The deputy groups' rule (R20): drill down to the groups and quarters behind it.
    send(office, "table.compliance >> text=R20")
    assert "代表小组每季度至少开展一次集体活动" in office.content()
    rows = office.locator("table.drill tbody tr")
    assert rows.count() >= 1
    with office.expect_download() as download:
        office.click("text=导出 xlsx")
    assert download.value.suggested_filename == "合规-r20.xlsx"  # Chinese names (issue 23.2)
    send(office, "text=返回合规视图")
    send(office, ".actions >> text=领导看板")
    assert office.locator(".hchart").count() == 5  # charts drawn row by row (issue 22.8)
    with office.expect_download() as download:
        office.click("#rates >> text=导出 xlsx")
    assert download.value.suggested_filename == "合规看板-rates.xlsx"
    office.set_viewport_size({"width": 360, "height": 740})
    office.goto(url + "/compliance/")
    width = office.evaluate("document.documentElement.scrollWidth")
    assert width <= 380
