"""Issue 22, point 8: on a phone a table turned into cards keeps each figure's column name
("1 1 1 0" told nothing), and the dashboard's chart labels keep a readable size (they shrank
to about 4 px with the drawing)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES = (
    "/compliance/dashboard/",
    "/records/handbooks/",
    "/registry/sessions/",
    "/suggestions/queue/",
)

UNLABELLED_CARDS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table.list')) {
    const head = table.querySelector('thead');
    if (!head || getComputedStyle(head).display !== 'none') continue;  // headers shown
    for (const td of table.querySelectorAll('tbody td')) {
      if (td.classList.contains('empty') || !td.textContent.trim()) continue;
      const before = getComputedStyle(td, '::before').content;
      if (!before || before === 'none' || before === 'normal') out.push(td.textContent.trim());
    }
  }
  return out;
}"""


def test_phone_cards_name_every_figure_and_chart_labels_stay_readable(
    seeded_transactional: None, signed_in: Any, live_server: Any
) -> None:
    page = signed_in("office", viewport=(360, 740))
    cards = 0
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate(UNLABELLED_CARDS) == [], path
        cards += page.evaluate(
            "() => [...document.querySelectorAll('table.list thead')]"
            ".filter(h => getComputedStyle(h).display === 'none').length"
        )
    assert cards > 0  # some tables did become cards
    # The dashboard's chart labels keep the page's text size at both widths (one seeding for
    # both checks: the browser tests seed their own data).
    for width in (360, 1280):
        page = signed_in("office", viewport=(width, 800))
        page.goto(live_server.url + "/compliance/dashboard/")
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.hchart-label')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize) * "
            "(e.getBoundingClientRect().height > 0 ? 1 : 0))"
        )
        assert sizes and min(sizes) >= 12, (width, sizes[:5])
