"""Issue 28: defects that are visual, proved in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _indents(page: Any) -> dict[int, float]:
    cells = page.locator("table.list td.indent")
    found: dict[int, float] = {}
    for i in range(min(cells.count(), 60)):
        cell = cells.nth(i)
        depth = int(cell.evaluate("c => getComputedStyle(c).getPropertyValue('--depth')") or 0)
        pad = float(cell.evaluate("c => parseFloat(getComputedStyle(c).paddingInlineStart)"))
        found.setdefault(depth, pad)
    return found


@pytest.mark.parametrize("width", [1280, 360])
def test_the_organisation_tree_is_indented_by_depth(
    seeded_transactional: None, signed_in: Any, live_server: Any, width: int
) -> None:
    page = signed_in("office", viewport=(width, 900))
    page.goto(live_server.url + "/registry/organisations/")
    indents = _indents(page)
    depths = sorted(indents)
    assert len(depths) >= 3, indents
    pads = [indents[d] for d in depths]
    assert pads == sorted(pads) and pads[0] < pads[-1], indents
