"""Working days of mainland China: statutory holidays and make-up working days (调休).

The maintained package ``chinesecalendar`` knows the State Council's arrangements year by
year; for a year it does not cover yet, weekends are off and the administrators' table
(``WorkdayOverride``) says which days differ. The table also wins over the package, for local
arrangements. Legal limits counted in calendar months (R14) do not use this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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


# ---- the calendar the office reads and keeps (issue 28.2c) ---------------------------------

# The package names holidays in English; the calendar shows their Chinese names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

WORKDAY, REST, HOLIDAY, MAKEUP = "workday", "rest", "holiday", "makeup"

_keepers: list[Any] = []


def register_keeper(predicate: Any) -> None:
    """The registry says who keeps the calendar (the office), since core knows no roles."""
    _keepers.append(predicate)


def can_keep(user: Any) -> bool:
    """Who adds and removes the calendar's exceptions: administrators, and whoever a
    registered predicate names (the office)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or any(p(user) for p in _keepers)


@dataclass
class Day:
    day: dt.date
    kind: str  # WORKDAY, REST (a weekend), HOLIDAY, MAKEUP (调休: a weekend day worked)
    name: str = ""  # the holiday a day belongs to (or is made up for)
    override: Any = None  # the office's entry for this day, if any

    @property
    def working(self) -> bool:
        return self.kind in (WORKDAY, MAKEUP)


@dataclass
class Month:
    month: int
    weeks: list[list[Day | None]]


def covers(year: int) -> bool:
    """Whether the package has the State Council's arrangements for ``year``."""
    return year in _covered_years()


def year_calendar(year: int) -> list[Month]:
    """Every day of ``year`` as the platform counts it: holidays and make-up working days of
    the State Council's arrangements (the package), the office's exceptions over them, weekends
    off otherwise. Months of weeks, Monday first. One query."""
    entries = {e.day: e for e in WorkdayOverride.objects.filter(day__year=year)}
    covered = covers(year)
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        days = []
        day = first
        while day.month == month:
            days.append(_day(day, entries.get(day), covered))
            day += dt.timedelta(days=1)
        cells: list[Day | None] = [None] * first.weekday() + days
        cells += [None] * (-len(cells) % 7)
        months.append(Month(month, [cells[i : i + 7] for i in range(0, len(cells), 7)]))
    return months


def _day(day: dt.date, entry: Any, covered: bool) -> Day:
    weekend = day.weekday() >= 5
    name = ""
    if covered:
        holiday_name = chinese_calendar.holidays.get(day)
        worked_name = chinese_calendar.workdays.get(day)
        if holiday_name is not None:
            kind, name = HOLIDAY, HOLIDAY_NAMES.get(str(holiday_name), str(holiday_name))
        elif worked_name is not None and weekend:
            kind, name = MAKEUP, HOLIDAY_NAMES.get(str(worked_name), str(worked_name))
        else:
            kind = REST if weekend else WORKDAY
    else:
        kind = REST if weekend else WORKDAY
    if entry is not None:
        if entry.is_working_day:
            kind = MAKEUP if weekend or kind == HOLIDAY else WORKDAY
        else:
            kind = HOLIDAY
        name = entry.note or name
    return Day(day, kind, name, entry)
