"""The congress picker of the compliance and evaluation pages (registry.selectors
.congress_choices): every prefecture and county congress, and the townships of the chosen
one's county only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.core.models import User
from lvzhi.registry import selectors
from lvzhi.registry.models import Congress, Level

pytestmark = pytest.mark.django_db


def _township_of_another_county(county: Congress) -> Congress:
    other = (
        Congress.objects.filter(level=Level.TOWNSHIP)
        .exclude(division__parent_id=county.division_id)
        .first()
    )
    assert other is not None
    return other


def test_choices_hold_prefecture_and_counties_and_the_chosen_countys_townships() -> None:
    township = Congress.objects.filter(level=Level.TOWNSHIP).select_related("division").first()
    assert township is not None
    county = Congress.objects.get(division_id=township.division.parent_id)
    choices = selectors.congress_choices(Congress.objects.all(), county)
    levels = {c.level for c in choices}
    assert {Level.PREFECTURE, Level.COUNTY} <= levels
    townships = [c for c in choices if c.level == Level.TOWNSHIP]
    assert townships and all(t.division.parent_id == county.division_id for t in townships)
    assert _township_of_another_county(county) not in choices


def test_a_chosen_township_brings_its_neighbours_and_stays_chosen() -> None:
    township = Congress.objects.filter(level=Level.TOWNSHIP).select_related("division").first()
    assert township is not None
    choices = selectors.congress_choices(Congress.objects.all(), township)
    assert township in choices
    assert all(
        c.division.parent_id == township.division.parent_id
        for c in choices
        if c.level == Level.TOWNSHIP
    )


def test_choices_never_leave_the_scope_given() -> None:
    county = Congress.objects.filter(level=Level.COUNTY).first()
    assert county is not None
    only = Congress.objects.filter(pk=county.pk)
    assert selectors.congress_choices(only, county) == [county]


def test_compliance_page_picks_a_township_congress_through_its_county() -> None:
    office = Client()
    office.force_login(User.objects.get(username="office"))
    township = Congress.objects.filter(level=Level.TOWNSHIP).select_related("division").first()
    assert township is not None
    page = office.get("/compliance/", {"congress": township.pk}).content.decode()
    assert f'<option value="{township.pk}" selected>' in page
    other = _township_of_another_county(
        Congress.objects.get(division_id=township.division.parent_id)
    )
    assert f'<option value="{other.pk}"' not in page


def test_choices_are_one_query_whatever_is_read_of_them(
    django_assert_num_queries: Any,
) -> None:
    """Issue 26.2: the congress select of a large prefecture's office holds 1,700 congresses;
    writing it reads each one's number, name and level, and nothing more from the database."""
    county = Congress.objects.filter(level=Level.COUNTY).first()
    assert county is not None
    with django_assert_num_queries(1):
        choices = selectors.congress_choices(Congress.objects.select_related("division"), county)
        shown = [(c.pk, str(c), c.level) for c in choices]
    assert (county.pk, county.name, county.level) in shown
