"""申请退回: a unit returns a misassigned item within the working-day window; the office
approves and reassigns, and the three months start again."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock
from lvzhi.core.errors import ValidationFailed
from lvzhi.suggestions import services
from lvzhi.suggestions.models import Status

from .helpers import assigned, plan, u, unit

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH)


def test_return_within_five_working_days_then_reassignment_restarts_the_clock() -> None:
    s = assigned(on=dt.date(2026, 9, 28))
    # 28 Sep + the National Day holidays: 9 Oct is still within five working days.
    with clock.frozen(at(dt.date(2026, 10, 9))):
        r = services.return_request(
            actor=u("handling"),
            suggestion=s,
            reason="属于交通部门职责",
            suggested_unit="自治州交通运输局",
        )
        services.return_decide(actor=u("office"), request=r, approve=True)
    s.refresh_from_db()
    assert (s.status, s.due_on) == (Status.SUBMITTED, None)
    with clock.frozen(at(dt.date(2026, 10, 12))):
        s = services.assign(
            actor=u("office"),
            suggestion=s,
            lead=unit("自治州交通运输局"),
            plan=plan(),
            assigned_on=dt.date(2026, 10, 12),
        )
    assert s.due_on == dt.date(2027, 1, 12)


def test_return_after_the_window_is_refused_with_the_reason() -> None:
    s = assigned(on=dt.date(2026, 9, 1))
    with clock.frozen(at(dt.date(2026, 9, 15))), pytest.raises(ValidationFailed) as exc:
        services.return_request(actor=u("handling"), suggestion=s, reason="不属于本单位")
    assert "5 个工作日" in exc.value.message


def test_a_refused_return_leaves_the_unit_handling_it() -> None:
    s = assigned(on=dt.date(2026, 9, 1))
    with clock.frozen(at(dt.date(2026, 9, 2))):
        r = services.return_request(actor=u("handling"), suggestion=s, reason="不属于本单位")
        services.return_decide(actor=u("office"), request=r, approve=False)
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED and s.assignments.count() == 1
