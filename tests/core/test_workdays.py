"""Working days follow China's statutory holidays and make-up days (调休), with an
administrators' table for years the package does not know yet."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core.models import WorkdayOverride
from lvzhi.core.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_national_day_is_a_holiday_and_its_make_up_saturday_a_working_day() -> None:
    assert not is_working_day(dt.date(2026, 10, 1))
    assert is_working_day(dt.date(2026, 10, 10))  # Saturday worked in exchange


def test_adding_working_days_skips_the_national_day_week() -> None:
    assert add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)


def test_a_year_the_package_does_not_know_uses_weekends_and_the_table() -> None:
    assert not is_working_day(dt.date(2027, 1, 2))  # a Saturday
    assert is_working_day(dt.date(2027, 1, 1))  # unknown holiday: a plain Friday…
    WorkdayOverride.objects.create(day=dt.date(2027, 1, 1), is_working_day=False, note="元旦")
    assert not is_working_day(dt.date(2027, 1, 1))  # …until the administrators enter it


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    assert working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 24)) == 2


def test_administrators_edit_the_calendar_and_it_is_audited(client: object) -> None:
    from django.test import Client

    from lvzhi.core import clock
    from lvzhi.core.models import AuditEvent, User

    c = Client()
    c.force_login(User.objects.get(username="admin"))
    session = c.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    c.post("/calendar/", {"day": "2027-02-06", "is_working_day": "0", "note": "春节"})
    assert not is_working_day(dt.date(2027, 2, 6))
    assert AuditEvent.objects.filter(action="calendar.changed").exists()
    other = Client()
    other.force_login(User.objects.get(username="office"))
    assert other.get("/calendar/").status_code in (302, 404)
