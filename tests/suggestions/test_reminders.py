"""R14 reminders and overdue alerts: idempotent, and they follow an approved extension."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from lvzhi.core.models import Notification
from lvzhi.suggestions import reminders, services

from .helpers import assigned, u

pytestmark = pytest.mark.django_db


def _for(username: str, key_part: str) -> int:
    return Notification.objects.filter(user__username=username, key__contains=key_part).count()


def test_r14_reminder_before_the_due_date_is_sent_once_however_often_the_job_runs() -> None:
    s = assigned(on=dt.date(2026, 3, 10))  # due 2026-06-10
    reminders.run(today=dt.date(2026, 5, 20))
    assert _for("handling", "due-soon") == 0  # 21 days ahead: not yet
    first = reminders.run(today=dt.date(2026, 5, 30))
    again = reminders.run(today=dt.date(2026, 5, 31))
    assert first.reminded >= 1 and again.reminded == 0
    assert (
        Notification.objects.filter(
            user__username="handling", key=f"suggestion:{s.pk}:due-soon:2026-06-10"
        ).count()
        == 1
    )


def test_r14_overdue_alert_goes_to_the_unit_per_item_and_to_the_office_once_as_a_digest() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    reminders.run(today=dt.date(2026, 6, 11))
    reminders.run(today=dt.date(2026, 6, 12))
    key = f"suggestion:{s.pk}:overdue:2026-06-10"
    assert Notification.objects.filter(user__username="handling", key=key).count() == 1
    # The office gets one digest per run with the count and the overdue list, not one per item.
    digests = Notification.objects.filter(
        user__username="office", key__startswith="suggestion-overdue-digest:"
    )
    assert digests.count() == 1 and "overdue=on" in digests[0].url


def test_after_an_approved_extension_reminders_follow_the_new_due_date() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    e = services.extension_request(
        actor=u("handling"), suggestion=s, reason="协调资金", requested_due_on=dt.date(2026, 8, 10)
    )
    services.extension_decide(actor=u("office"), extension=e, approve=True)
    reminders.run(today=dt.date(2026, 6, 11))
    assert _for("handling", f"{s.pk}:overdue") == 0
    reminders.run(today=dt.date(2026, 8, 1))
    assert Notification.objects.filter(
        user__username="handling", key=f"suggestion:{s.pk}:due-soon:2026-08-10"
    ).exists()


def test_the_deputy_is_told_of_an_extension_and_of_the_reply() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    e = services.extension_request(
        actor=u("handling"), suggestion=s, reason="协调资金", requested_due_on=dt.date(2026, 8, 10)
    )
    services.extension_decide(actor=u("office"), extension=e, approve=True)
    services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="A",
        body="已采纳并列入计划，年内实施完毕，感谢代表。",
    )
    titles = list(
        Notification.objects.filter(user__username="deputy").values_list("title", flat=True)
    )
    assert any("延长" in t for t in titles) and any("答复" in t for t in titles)


def test_reminder_command_prints_what_it_did() -> None:
    assigned(on=dt.date(2026, 3, 10))
    out = io.StringIO()
    call_command("suggestion_reminders", stdout=out)
    assert "overdue" in out.getvalue()


def test_notification_inbox_page_lists_and_marks_read(client: object) -> None:
    from django.test import Client

    from lvzhi.core import clock

    assigned()
    c = Client()
    c.force_login(u("handling"))
    session = c.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    body = c.get("/notifications/").content.decode()
    assert "交办" in body
    c.post("/notifications/")
    assert not Notification.objects.filter(user__username="handling", read_at=None).exists()


def _copies(s: object, units: list[object]) -> None:
    """More assigned suggestions like ``s``, each led by another unit (rows written directly:
    a bulk load, as an import or a restore brings them)."""
    from lvzhi.suggestions.models import Assignment, Suggestion, UnitRole

    lead = Assignment.objects.get(suggestion=s, role=UnitRole.LEAD)
    for unit in units:
        copy = Suggestion.objects.get(pk=s.pk)  # type: ignore[attr-defined]
        copy.pk = None
        copy.number = None  # the series numbers stay unique
        copy.save()
        Assignment.objects.create(
            suggestion=copy, unit=unit, role=UnitRole.LEAD, assigned_on=lead.assigned_on
        )


def test_the_first_run_after_a_bulk_load_costs_the_same_queries_for_1_unit_or_many() -> None:
    """Issue 26.3: the accounts of every unit and congress are found in a fixed number of
    queries, not one or two per unit (the first run after a bulk load had thousands of them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.registry.models import Organisation, OrgKind

    s = assigned(on=dt.date(2026, 3, 10))  # due 2026-06-10
    with CaptureQueriesContext(connection) as one:
        first = reminders.run(today=dt.date(2026, 6, 11))
    assert first.scanned >= 1 and _for("handling", f"{s.pk}:overdue") == 1
    others = list(
        Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).exclude(
            suggestion_assignments__suggestion=s
        )[:6]
    )
    assert len(others) == 6
    _copies(s, others)
    with CaptureQueriesContext(connection) as many:
        again = reminders.run(today=dt.date(2026, 6, 11))
    assert again.scanned == 6  # those alerted already are not read again
    assert len(many) <= len(one), [q["sql"][:120] for q in many.captured_queries]
    # Each new item's lead unit was alerted (those with accounts), and nothing went twice.
    assert _for("handling", f"{s.pk}:overdue") == 1


def test_r14_a_run_sends_at_most_a_batch_earliest_due_first_and_the_next_run_goes_on() -> None:
    """Issue 26.3: the first run after a bulk load is spread over the day's runs by design;
    nothing is lost and nothing goes twice, and the most urgent items go first."""
    from lvzhi.registry.models import Organisation, OrgKind
    from lvzhi.suggestions.models import ReminderSent, Suggestion

    s = assigned(on=dt.date(2026, 3, 10))  # due 2026-06-10
    others = list(
        Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).exclude(
            suggestion_assignments__suggestion=s
        )[:2]
    )
    _copies(s, others)
    later = Suggestion.objects.exclude(pk=s.pk).order_by("-pk")[0]
    Suggestion.objects.filter(pk=later.pk).update(due_on=dt.date(2026, 6, 9))  # the earliest
    today = dt.date(2026, 6, 11)
    order: list[dt.date] = []
    runs = 0
    while True:
        runs += 1
        before = set(ReminderSent.objects.values_list("pk", flat=True))
        r = reminders.run(today=today, batch=1)
        new = ReminderSent.objects.exclude(pk__in=before)
        assert r.scanned == len(new) <= 1
        order += [n.due_on for n in new]
        if not r.more:
            break
    assert r.scanned in (0, 1) and runs == len(order) + (r.scanned == 0)
    assert order == sorted(order)  # earliest due first
    # Each item once, none lost: the three copies are among them, the earliest before the rest.
    sent = list(ReminderSent.objects.order_by("pk").values_list("suggestion_id", flat=True))
    assert len(sent) == len(set(sent)) and {s.pk, later.pk} <= set(sent)
    assert sent.index(later.pk) < sent.index(s.pk)
    assert reminders.run(today=today, batch=1).scanned == 0


def test_the_command_says_when_the_rest_goes_in_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lvzhi.registry.models import Organisation, OrgKind
    from lvzhi.suggestions import rules

    s = assigned(on=dt.date(2026, 3, 10))
    _copies(s, list(Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT)[:1]))
    monkeypatch.setattr(rules, "REMINDER_BATCH", 1)
    said = []
    for _ in range(50):
        out = io.StringIO()
        call_command("suggestion_reminders", stdout=out)
        said.append("next run" in out.getvalue())
        if not said[-1]:
            break
    assert said[0] and not said[-1]  # it says so while more are left, and then stops


def test_the_timer_runs_often_enough_for_the_largest_backlog_to_clear_in_a_day() -> None:
    """Issue 26.3: the `large` scale's first run after a bulk load finds 127,885 items; with a
    batch per run, the day's runs (deploy/systemd) must cover them."""
    import re
    from pathlib import Path

    from lvzhi.suggestions import rules

    timer = Path(__file__).resolve().parents[2] / "deploy/systemd"
    text = (timer / "lvzhi-job-suggestion_reminders.timer").read_text()
    start, end = map(int, re.search(r"OnCalendar=\*-\*-\* (\d+)\.\.(\d+):00:00", text).groups())  # type: ignore[union-attr]
    assert rules.REMINDER_BATCH * (end - start + 1) >= 127_885
