"""Issue 28, point 2: the statistics' totals row carries its % signs and years read in order,
each labelled with its year."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _total_row(body: str) -> str:
    found = re.search(r'<tr class="total">(.*?)</tr>', body, re.S)
    assert found is not None
    return found.group(1)


def test_the_totals_row_shows_rates_as_percentages(login: Any) -> None:
    body = login("office").get(reverse("suggestions:statistics"), {"year": ""}).content.decode()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _total_row(body), re.S)
    assert len(cells) == 6
    assert all(c.strip() == "—" or c.strip().endswith("%") for c in cells[3:]), cells


def test_grouped_by_year_each_row_names_its_year_in_order(login: Any) -> None:
    body = (
        login("office")
        .get(reverse("suggestions:statistics"), {"group": "year", "year": ""})
        .content.decode()
    )
    years = re.findall(r"<td data-label=\"分组\">(\d{4})年</td>", body)
    assert len(years) >= 2 and years == sorted(years)
