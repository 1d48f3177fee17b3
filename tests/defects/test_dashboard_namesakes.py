"""Issue 28, point 6: namesakes on the leaders' dashboard are told apart."""

from __future__ import annotations

import pytest

from lvzhi.compliance import dashboards
from lvzhi.core import clock
from lvzhi.registry.models import Congress

from ..contacts.helpers import new_member

pytestmark = pytest.mark.django_db


def test_two_members_of_one_name_get_distinct_labels_on_the_contacts_chart() -> None:
    new_member("何玉兰", code="654022")
    new_member("何玉兰", code="654002")
    congress = Congress.objects.get(level="prefecture")
    data = dashboards.contacts(congress, clock.today().year)
    labels = [str(r[0]) for r in data["rows"] if str(r[0]).startswith("何玉兰")]
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert all("（" in label for label in labels)


def test_a_unique_name_stays_as_it_is() -> None:
    assert dashboards.distinct_labels([("甲", "A"), ("乙", "B"), ("甲", "C")]) == [
        "甲（A）",
        "乙",
        "甲（C）",
    ]
    assert dashboards.distinct_labels([("甲", "A"), ("甲", "A")]) == ["甲（A）", "甲（A）2"]
