"""The numbers of the regulation for meetings (SPEC section 3, R01-R02; R30-R31)."""

from __future__ import annotations

import datetime as dt

# R02 (Art 4): the notice (time and preliminary agenda) reaches the deputies at least this
# many days before the session opens (configurable).
NOTICE_DAYS_BEFORE = 15


def days_ahead(sent_on: dt.date, opens_on: dt.date) -> int:
    """R02: whole calendar days between the notice reaching the deputies and the opening."""
    return (opens_on - sent_on).days


def notice_is_late(sent_on: dt.date, opens_on: dt.date) -> bool:
    """R02: a notice fewer than 15 days before the opening is late and needs a reason."""
    return days_ahead(sent_on, opens_on) < NOTICE_DAYS_BEFORE
