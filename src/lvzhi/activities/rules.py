"""The regulation's numbers for work between sessions, each citing its rule id."""

from __future__ import annotations

import datetime as dt

# R20 (Art 38): each group holds at least one collective activity per quarter.
ACTIVITIES_PER_QUARTER = 1
# R22 (Art 41): the centralised inspection is held at year-end (December) or ends at least one
# month before the session it prepares.
YEAR_END_MONTH = 12
MONTHS_BEFORE_SESSION = 1
# R26 (Art 50) and R28 (Art 53): at least two deputies per legislative stage / supervision.
MIN_DEPUTIES_PER_STAGE = 2
MIN_LOCAL_DEPUTIES = 2


def has_relevant_expertise(
    declared: set[str], position: str, project_fields: set[str], committee: str
) -> bool:
    """R26 (Art 50): "具有相关专业知识的代表": the deputy declared one of the project's fields
    (expertise tags), or their occupation (work unit and position) names one of them, or they
    sit on the committee running the project (its name in their position)."""
    return bool(
        declared & project_fields
        or any(f and f in position for f in project_fields)
        or (committee and committee in position)
    )


# R29 (Art 54): expertise tags that make a deputy "familiar with finance, tax and state
# assets" for the finance committee's budget and audit review.
FINANCE_EXPERTISE = ("财政", "审计", "经济", "金融", "税务")
# Photos of group activities: JPEG or PNG, checked by content.
MAX_PHOTO_BYTES = 8 * 2**20
MAX_PHOTOS = 12
MAX_TEXT = 20000


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last_month_end = (
        dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    ) - dt.timedelta(days=1)
    return first, last_month_end


def flagged_quarters(
    activity_days: list[dt.date], year: int, today: dt.date, formed_on: dt.date
) -> list[int]:
    """R20: the quarters of ``year`` that have ended (the flag rises the day after the
    quarter's last day), began after the group was formed and hold no activity."""
    held = {quarter_of(d) for d in activity_days if d.year == year}
    out = []
    for q in range(1, 5):
        _first, last = quarter_bounds(year, q)
        if today <= last or last < formed_on:
            continue
        if q not in held:
            out.append(q)
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def centralised_timing_ok(ends_on: dt.date, session_opens_on: dt.date | None) -> bool:
    """R22: at year-end, or finished at least one month before the session opens."""
    if ends_on.month == YEAR_END_MONTH:
        return True
    return session_opens_on is not None and add_months(ends_on, MONTHS_BEFORE_SESSION) <= (
        session_opens_on
    )


# R32 (Art 63): onboarding training before the first session, duty training in the first year
# of the term, both for every deputy (full coverage).
FIRST_YEAR_DAYS = 365
FULL_COVERAGE = 1.0
# R49: learning materials served by the platform (PDF, Word, MP4 video; checked by content).
MAX_MATERIAL_BYTES = 200 * 2**20


def coverage_rate(attended: int, serving: int) -> float:
    """R32: the share of serving deputies who attended; each deputy counts once."""
    return attended / serving if serving else 0.0


# Lengths of the choice lists and lists on the pages (not the regulation's: how much a page
# holds). A form accepts exactly what it offers, so the same selector feeds both.
BODY_CHOICES_MAX = 200  # bodies a member of staff may organise for
HANDLING_UNIT_CHOICES_MAX = 500  # units an inspection opinion or a research report goes to
GROUPS_LISTED_MAX = 2000  # groups on the groups page (and its CSV)
UNFORMED_GROUPS_LISTED_MAX = 50  # deputy-group organisations still without a profile
GROUP_ACTIVITIES_LISTED_MAX = 40  # latest activities on a group's page


UNIT_INBOX_LISTED_MAX = 100  # opinions and reports on a handling unit's page, newest first


COURSE_MATERIAL_CHOICES_MAX = 200  # library materials offered for a training's reading list
