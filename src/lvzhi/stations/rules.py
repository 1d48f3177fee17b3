"""The numbers and rules of the regulation for stations and citizens' opinions
(SPEC section 7, R40-R44; regulation Art 77-83, 85).

The regulation sets no day counts for a citizen's opinion; it requires that every opinion gets
an answer (件件有回音, R42). The step deadlines below are the stations' working practice,
configurable here, and drive the "overdue" list and the reminders.
"""

from __future__ import annotations

import datetime as dt

from lvzhi.core import workdays
from lvzhi.core.models import DivisionLevel

from .models import MatterLevel, Outcome, StandardItem, StationLevel

# R40 (Art 77, 79): the station of each level of division.
STATION_LEVEL_OF_DIVISION: dict[str, str] = {
    DivisionLevel.PREFECTURE: StationLevel.HOME,
    DivisionLevel.REGION: StationLevel.HOME,
    DivisionLevel.COUNTY: StationLevel.STUDIO,
    DivisionLevel.TOWNSHIP: StationLevel.POST,
}

# R42 (Art 83): every opinion gets an answer. Station staff assign a received opinion to
# deputies within this many working days …
ASSIGN_WITHIN_WORKING_DAYS = 3
# … the deputies handle it (answer, transfer, forward, suggestion, refuse with reason) within
# this many working days of the assignment …
HANDLE_WITHIN_WORKING_DAYS = 15
# … and the citizen hears the result within this many working days of the handling.
ANSWER_WITHIN_WORKING_DAYS = 5

# R42 (Art 83): triage by level. Township matters are handled locally (answered, transferred
# to a local unit, or raised as a suggestion); higher-level matters go up through the upper
# Standing Committee (or become a suggestion); personal litigation and petition matters are
# redirected to the petition office or the courts, with an explanation.
ALLOWED_OUTCOMES: dict[str, frozenset[str]] = {
    MatterLevel.LOCAL: frozenset(
        {Outcome.ANSWERED, Outcome.TRANSFERRED, Outcome.SUGGESTION, Outcome.NOT_ACCEPTED}
    ),
    MatterLevel.HIGHER: frozenset({Outcome.FORWARDED, Outcome.SUGGESTION, Outcome.NOT_ACCEPTED}),
    MatterLevel.PERSONAL: frozenset({Outcome.REDIRECTED}),
}
# Outcomes that need a written explanation or answer for the citizen.
EXPLAINED_OUTCOMES = frozenset(
    {Outcome.ANSWERED, Outcome.REDIRECTED, Outcome.NOT_ACCEPTED, Outcome.FORWARDED}
)
# Outcomes that name the unit the matter went to.
UNIT_OUTCOMES = frozenset({Outcome.TRANSFERRED, Outcome.FORWARDED})

# Public form (SPEC section 7: public forms resist abuse): bounded text …
TITLE_MAX = 100
BODY_MIN = 10
BODY_MAX = 2000
NAME_MAX = 40
NOTE_MAX = 2000
# … and at most this many opinions per client address per window.
ONLINE_SUBMISSIONS_PER_WINDOW = 5
ONLINE_WINDOW_SECONDS = 3600
# Look-ups of tracking codes per address per window (against code guessing).
TRACK_LOOKUPS_PER_WINDOW = 30


def outcome_allowed(matter_level: str, outcome: str) -> bool:
    """R42: whether ``outcome`` is a right way to deal with a matter of ``matter_level``."""
    return outcome in ALLOWED_OUTCOMES.get(matter_level, frozenset())


def station_level_for(division_level: str) -> str:
    """R40: 代表之家 for the prefecture, 工作室 for a county, 联络站 for a township."""
    return STATION_LEVEL_OF_DIVISION.get(division_level, StationLevel.POST)


def assign_due(received_on: dt.date) -> dt.date:
    return workdays.add_working_days(received_on, ASSIGN_WITHIN_WORKING_DAYS)


def handle_due(assigned_on: dt.date) -> dt.date:
    return workdays.add_working_days(assigned_on, HANDLE_WITHIN_WORKING_DAYS)


def answer_due(handled_on: dt.date) -> dt.date:
    return workdays.add_working_days(handled_on, ANSWER_WITHIN_WORKING_DAYS)


# R53 (Art 59.4, 60): deputies report to their voters on how they performed their duties
# (向原选区选民述职), at a station or among the voters, and receive them; the ledger line of a
# report records the voters' evaluation. The evaluation reaches the duty archive (records app,
# kind "voter_report") and the evaluation: a report the voters were not satisfied with is
# counted apart ("voter_report_unsatisfied", a deduction the office weighs).
# (``models.ActivityKind.REPORT``, ``models.Evaluation``; the archive reads them there.)


# R41 (Art 80): the "十有" standard, ten items of equal weight; a station's score is the
# share of items met with evidence, out of 100.
STANDARD_ITEMS: tuple[str, ...] = tuple(StandardItem.values)
STANDARD_POINTS_PER_ITEM = 10
# Evidence files of the checklist: PDF, Word, Excel, JPEG or PNG (recognised by content).
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# The opinion list counts at most this many opinions; past it the page says "more than" and
# asks for a filter (not a rule of the regulation: staff over a large prefecture's liaison
# posts see millions of opinions, and counting them costs more than the page itself).
LIST_COUNT_CAP = 10_000

# R41 (Art 80): deputies holding leading Party or government posts hold at least this many
# activities at a station each year.
LEADER_ACTIVITIES_PER_YEAR = 1


def standard_score(met_items: set[str]) -> int:
    """R41: 10 points per item of the 十有 standard met with evidence."""
    return STANDARD_POINTS_PER_ITEM * len(met_items & set(STANDARD_ITEMS))


def standard_gaps(met_items: set[str]) -> list[str]:
    """R41: the items still missing, in the order of the regulation."""
    return [i for i in STANDARD_ITEMS if i not in met_items]
