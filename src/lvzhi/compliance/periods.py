"""The period the compliance view evaluates: a year, a half-year or a quarter. A rule per
quarter or per half-year is checked in each of its periods inside the chosen one (a quarter
chosen for a half-year rule checks the half-year that holds it); a yearly rule is checked
for the year; a rule per event checks the events inside the chosen period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

PARTS = ("Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4")
YEAR, HALF, QUARTER, EVENT = "year", "half", "quarter", "event"


def _end_of_month(year: int, month: int) -> dt.date:
    return (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) - (
        dt.timedelta(days=1)
    )


@dataclass(frozen=True)
class Period:
    year: int
    part: str = "Y"

    @property
    def months(self) -> tuple[int, int]:
        if self.part.startswith("H"):
            h = int(self.part[1])
            return 6 * h - 5, 6 * h
        if self.part.startswith("Q"):
            q = int(self.part[1])
            return 3 * q - 2, 3 * q
        return 1, 12

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        return _end_of_month(self.year, self.months[1])

    @property
    def label(self) -> str:
        if self.part == "Y":
            return _("%(year)s (year)") % {"year": self.year}
        if self.part.startswith("H"):
            return _("%(year)s half-year %(n)s") % {"year": self.year, "n": self.part[1]}
        return _("%(year)s Q%(n)s") % {"year": self.year, "n": self.part[1]}

    def windows(self, kind: str) -> list[Period]:
        """The periods of a rule of ``kind`` that the chosen period covers."""
        if kind == QUARTER:
            first, last = self.months
            return [Period(self.year, f"Q{q}") for q in range((first + 2) // 3, last // 3 + 1)]
        if kind == HALF:
            first, last = self.months
            return [
                Period(self.year, f"H{h}") for h in range((first + 5) // 6, (last + 5) // 6 + 1)
            ]
        if kind == YEAR:
            return [Period(self.year)]
        return [self]

    def running(self, today: dt.date) -> bool:
        return today <= self.end


def parse(year: int | None, part: str, today: dt.date) -> Period:
    if year is None or not 2000 <= year <= today.year + 1:
        year = today.year
    return Period(year, part if part in PARTS else "Y")


def quarters(year: int) -> list[Period]:
    return [Period(year, f"Q{q}") for q in range(1, 5)]
