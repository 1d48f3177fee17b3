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
    reader = Client()
    reader.force_login(User.objects.get(username="deputy"))
    session = reader.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    page = reader.get("/calendar/?year=2027")
    assert page.status_code == 200 and "Enter an exception" not in page.content.decode()
    refused = reader.post("/calendar/", {"day": "2027-02-07", "is_working_day": "0"})
    assert refused.status_code == 404
    assert is_working_day(dt.date(2027, 2, 8))


def _as(username: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    from lvzhi.core import clock
    from lvzhi.core.models import User

    c = Client()
    c.force_login(User.objects.get(username=username))
    session = c.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return c


def test_the_office_reads_the_year_as_a_calendar_of_holidays_and_make_up_days() -> None:
    """Issue 28.2c: a month grid of the year with the State Council's holidays and make-up
    working days (from the package) and the office's exceptions, linked from suggestions."""
    c = _as("office")
    assert 'href="/calendar/"' in c.get("/suggestions/queue/").content.decode()
    html = c.get("/calendar/?year=2026").content.decode()
    assert 'data-day="2026-10-01" data-kind="holiday"' in html  # National Day
    assert 'data-day="2026-10-10" data-kind="makeup"' in html  # its make-up Saturday
    assert 'data-day="2026-10-11" data-kind="rest"' in html  # an ordinary Sunday
    assert 'data-day="2026-10-12" data-kind="workday"' in html
    assert "国庆节" in html
    assert html.count('class="calendar-month"') == 12


def test_the_office_adds_and_removes_an_exception_from_the_calendar_page() -> None:
    from lvzhi.core.models import WorkdayOverride

    c = _as("office")
    done = c.post("/calendar/", {"day": "2026-10-12", "is_working_day": "0", "note": "本地假日"})
    assert done.status_code == 302
    assert not is_working_day(dt.date(2026, 10, 12))
    html = c.get("/calendar/?year=2026").content.decode()
    assert 'data-day="2026-10-12" data-kind="holiday"' in html
    entry = WorkdayOverride.objects.get(day=dt.date(2026, 10, 12))
    c.post("/calendar/?year=2026", {"delete": str(entry.pk)})
    assert is_working_day(dt.date(2026, 10, 12))
    bad = c.post("/calendar/", {"day": "not a date", "is_working_day": "0", "note": "x"})
    assert bad.status_code == 400 and "not a date" in bad.content.decode()
