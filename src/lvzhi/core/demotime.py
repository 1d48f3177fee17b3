"""The demo seeders' times: an hour of a day, in China Standard Time (the seed's stories are
told in Beijing time, whatever the server's zone)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from lvzhi.core import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock of ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def at_past(day: dt.date, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock of ``day``, never later than now: what the seed tells has happened
    (issue 28.8: timelines and inboxes read in order)."""
    return min(at(day, hour), clock.now() - dt.timedelta(minutes=1))
