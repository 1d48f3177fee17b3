"""Issue 28, point 8: the demo reads as an office's own data would — titles that the places
really give, and nothing dated after "now"."""

from __future__ import annotations

import re

import pytest

from lvzhi.registry.demo.seed import local_titles
from lvzhi.registry.models import Deputy

pytestmark = pytest.mark.django_db

WRONG = re.compile(
    r"乡人民政府镇长|镇人民政府乡长|(市|区)人民政府副县长|县人民政府副市长|街道人民政府|"
    r"街道人大主席|街道党委书记"
)


def test_demo_titles_match_the_kind_of_place() -> None:
    positions = list(Deputy.objects.values_list("position", flat=True))
    assert positions
    wrong = [p for p in positions if WRONG.search(p)]
    assert wrong == []


@pytest.mark.parametrize(
    "place, county, head, deputy",
    [
        ("潘津镇", "伊宁县", "人民政府镇长", "副县长"),
        ("英塔木乡", "伊宁市", "人民政府乡长", "副市长"),
        ("萨依布依街道", "伊宁市", "办事处主任", "副市长"),
        ("察布查尔镇", "察布查尔锡伯自治县", "人民政府镇长", "副县长"),
    ],
)
def test_local_titles(place: str, county: str, head: str, deputy: str) -> None:
    titles = local_titles(place, county)
    assert titles["head"] == head and titles["county_deputy_head"] == deputy
