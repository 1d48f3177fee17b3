"""The numbers and rules of stations and citizens' opinions (R40, R42)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core.models import DivisionLevel
from lvzhi.stations import rules
from lvzhi.stations.models import MatterLevel, Outcome, StationLevel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("division_level", "station_level"),
    [
        (DivisionLevel.PREFECTURE, StationLevel.HOME),
        (DivisionLevel.REGION, StationLevel.HOME),
        (DivisionLevel.COUNTY, StationLevel.STUDIO),
        (DivisionLevel.TOWNSHIP, StationLevel.POST),
    ],
)
def test_r40_station_kind_follows_the_level_of_its_division(
    division_level: str, station_level: str
) -> None:
    assert rules.station_level_for(division_level) == station_level


@pytest.mark.parametrize(
    ("level", "allowed", "refused"),
    [
        (
            MatterLevel.LOCAL,
            {Outcome.ANSWERED, Outcome.TRANSFERRED, Outcome.SUGGESTION, Outcome.NOT_ACCEPTED},
            {Outcome.FORWARDED, Outcome.REDIRECTED},
        ),
        (
            MatterLevel.HIGHER,
            {Outcome.FORWARDED, Outcome.SUGGESTION, Outcome.NOT_ACCEPTED},
            {Outcome.ANSWERED, Outcome.TRANSFERRED, Outcome.REDIRECTED},
        ),
        (
            MatterLevel.PERSONAL,
            {Outcome.REDIRECTED},
            {
                Outcome.ANSWERED,
                Outcome.TRANSFERRED,
                Outcome.FORWARDED,
                Outcome.SUGGESTION,
                Outcome.NOT_ACCEPTED,
            },
        ),
    ],
)
def test_r42_routing_by_level_for_each_kind_of_matter(
    level: str, allowed: set[str], refused: set[str]
) -> None:
    assert {o for o in Outcome.values if rules.outcome_allowed(level, o)} == allowed
    assert not any(rules.outcome_allowed(level, o) for o in refused)


def test_r42_step_deadlines_count_working_days() -> None:
    # Friday 2026-03-06: three working days later is Wednesday 2026-03-11.
    friday = dt.date(2026, 3, 6)
    assert rules.ASSIGN_WITHIN_WORKING_DAYS == 3
    assert rules.assign_due(friday) == dt.date(2026, 3, 11)
    assert rules.HANDLE_WITHIN_WORKING_DAYS == 15
    assert rules.handle_due(friday) == dt.date(2026, 3, 27)
    assert rules.ANSWER_WITHIN_WORKING_DAYS == 5
    assert rules.answer_due(friday) == dt.date(2026, 3, 13)


def test_r42_deadline_skips_the_national_day_holiday() -> None:
    # 2026-09-30 (Wednesday) + 3 working days: the holiday 10-01…10-07 is skipped.
    due = rules.assign_due(dt.date(2026, 9, 30))
    assert due > dt.date(2026, 10, 7)
