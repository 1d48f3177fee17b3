"""Working days of mainland China: statutory holidays and make-up working days (调休).

The maintained package ``chinesecalendar`` knows the State Council's arrangements year by
year; for a year it does not cover yet, weekends are off and the administrators' table
(``WorkdayOverride``) says which days differ. The table also wins over the package, for local
arrangements. Legal limits counted in calendar months (R14) do not use this module.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

from .models import WorkdayOverride


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return dict(
        WorkdayOverride.objects.filter(day__range=(start, end)).values_list("day", "is_working_day")
    )


@lru_cache(maxsize=1)
def _covered_years() -> range:
    """The years the installed package has the State Council's arrangements for."""
    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def _package(day: dt.date) -> bool | None:
    if day.year not in _covered_years():
        return None  # a year the package has no data for: the caller falls back
    return bool(chinese_calendar.is_workday(day))


def is_working_day(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    table = overrides if overrides is not None else _overrides(day, day)
    if day in table:
        return table[day]
    known = _package(day)
    return known if known is not None else day.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
    table = _overrides(start, start + dt.timedelta(days=n * 3 + 30))
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, table):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    table = _overrides(start, end)
    return sum(
        1
        for i in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=i), table)
    )
