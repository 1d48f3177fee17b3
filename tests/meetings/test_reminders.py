"""R02 (Art 4) and R31 (Art 57) by the periodic job: the staff hear before the last day for a
notice, the participants before the opening; never twice, and through each account's outbound
channels (issue 9 item 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from lvzhi.core import clock
from lvzhi.core.models import Notification, User
from lvzhi.meetings import reminders, services

from .helpers import sc_meeting, session_meeting, u

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Ili's official time


def test_r31_staff_reminded_of_a_notice_due_once_however_often_the_job_runs() -> None:
    with clock.frozen(T0):
        meeting, _people = sc_meeting(opens_in_days=10)  # R31: notice by day 3
        first = reminders.run()
        again = reminders.run()
    assert first.notice_due >= 1 and again.notice_due == 0
    key = f"meeting-notice-due:{meeting.pk}:2026-04-11"
    assert Notification.objects.filter(user=u("office"), key=key).count() == 1


def test_r02_session_notice_reminder_waits_until_three_days_before_the_last_day() -> None:
    with clock.frozen(T0):
        meeting, _people = session_meeting(opens_in_days=30)  # R02: notice by day 15
        assert reminders.run().notice_due == 0
        clock.advance(dt.timedelta(days=12))
        assert reminders.run().notice_due >= 1
    assert Notification.objects.filter(key__startswith=f"meeting-notice-due:{meeting.pk}:").exists()


def test_participants_reminded_before_the_opening_once_and_by_email(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with clock.frozen(T0):
        meeting, people = sc_meeting(members=3, opens_in_days=10)
        services.notice_send(actor=u("office"), meeting=meeting, body="会议通知正文")
        User.objects.filter(pk__in=[d.user_id for d in people]).update(email="d@example.org")
        assert reminders.run().opening == 0  # ten days ahead: not yet
        clock.advance(dt.timedelta(days=8))
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.run().opening >= 3
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.run().opening == 0
    key = f"meeting-opens:{meeting.pk}:2026-04-11"
    assert Notification.objects.filter(key=key).count() == 3
    assert len([m for m in mail.outbox if meeting.title in m.subject]) == 3
    # A notice went out: the staff are not reminded of it.
    assert not Notification.objects.filter(key__startswith="meeting-notice-due:").exists()
