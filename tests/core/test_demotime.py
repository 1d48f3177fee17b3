"""The demo seeders' times (issue 17: one definition for the seeders)."""

from __future__ import annotations

import datetime as dt

from lvzhi.core import clock
from lvzhi.core.demotime import SHANGHAI, at, at_past


def test_at_is_the_hour_of_the_day_in_beijing_time() -> None:
    moment = at(dt.date(2025, 3, 4), 15)
    assert moment == dt.datetime(2025, 3, 4, 15, tzinfo=SHANGHAI)
    assert at(dt.date(2025, 3, 4)).hour == 10
    assert moment.utcoffset() == dt.timedelta(hours=8)


def test_at_past_is_never_later_than_now() -> None:
    now = dt.datetime(2025, 3, 4, 12, tzinfo=SHANGHAI)
    with clock.frozen(now):
        assert at_past(dt.date(2025, 3, 3), 15) == at(dt.date(2025, 3, 3), 15)
        assert at_past(dt.date(2025, 3, 4), 15) == now - dt.timedelta(minutes=1)
