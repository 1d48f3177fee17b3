"""The rows of the former ``registry.MembershipEvent`` table arrive in the one event log through
the data migration (issue 17). A transactional test (it moves the schema back and forth), alone
in its file so that it runs after the tests that need the seeded data (the flush after it
empties every table)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max

from lvzhi.core import events
from lvzhi.core.models import Event, User
from lvzhi.registry import selectors
from lvzhi.registry.models import Membership

BEFORE = ("registry", "0003_nav_organisation_pinyin")
AFTER = ("registry", "0004_seat_history_to_event_log")


def u(name: str) -> User:
    return User.objects.get(username=name)


def _history(seat: Membership) -> list[selectors.SeatStep]:
    return dict(selectors.seats_with_history(seat.deputy))[seat]


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_old_history_into_the_log(seeded_transactional: None) -> None:
    # The seat and its history as the seed wrote them, read with today's models before the
    # schema goes back (the seat has columns since that the old schema lacks).
    seat = Membership.objects.select_related("deputy", "term__congress__division").filter(
        status="serving"
    )[0]
    known = [(s.on, s.status, s.reason) for s in _history(seat)]
    yining = u("yining")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldEvent = old_apps.get_model("registry", "MembershipEvent")
        at = dt.datetime(2022, 1, 4, 9, tzinfo=dt.UTC)
        OldEvent.objects.bulk_create(
            [
                OldEvent(
                    membership_id=seat.pk,
                    status="serving",
                    on=seat.elected_on,
                    reason="当选",
                    recorded_at=at,
                    recorded_by_id=yining.pk,
                ),
                OldEvent(
                    membership_id=seat.pk,
                    status="suspended",
                    on=dt.date(2024, 6, 1),
                    reason="依法暂停执行代表职务",
                    document_no="伊人常〔2024〕3号",
                    recorded_at=at + dt.timedelta(days=900),
                ),
                OldEvent(
                    membership_id=seat.pk,
                    status="serving",
                    on=dt.date(2024, 9, 1),
                    recorded_at=at + dt.timedelta(days=1000),
                    recorded_by_id=yining.pk,
                ),
            ]
        )
        migration = importlib.import_module("lvzhi.registry.migrations." + AFTER[1])
        last = Event.objects.aggregate(m=Max("id"))["m"] or 0
        assert migration.copy_seat_history(old_apps, None) == 3
        copied = list(Event.objects.filter(id__gt=last).order_by("id"))
        OldEvent.objects.all().delete()  # copied once: the forward migration below finds none
    finally:
        # Forward again through this migration to the latest schema (the tests after it in
        # this worker need every column).
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert [(e.kind, e.occurred_at, e.actor_id, e.actor_label) for e in copied] == [
        ("registry.seat_elected", at, yining.pk, str(yining)),
        ("registry.seat_status_changed", at + dt.timedelta(days=900), None, ""),
        ("registry.seat_status_changed", at + dt.timedelta(days=1000), yining.pk, str(yining)),
    ]
    assert {(e.subject_type, e.subject_id, e.subject_label, e.term_id) for e in copied} == {
        (events.subject_type(Membership), seat.pk, events.subject_label(seat), seat.term_id)
    }
    assert copied[1].data == {
        "status": "suspended",
        "on": "2024-06-01",
        "reason": "依法暂停执行代表职务",
        "document_no": "伊人常〔2024〕3号",
    }
    # Among what the seed wrote of the seat, by the date each took effect (then as recorded).
    copied_steps = [(seat.elected_on, "serving", "当选"), (dt.date(2024, 6, 1), "suspended",
                    "依法暂停执行代表职务"), (dt.date(2024, 9, 1), "serving", "")]  # fmt: skip
    assert [(s.on, s.status, s.reason) for s in _history(seat)] == sorted(
        known + copied_steps, key=lambda step: step[0]
    )
    # The table is gone.
    assert "registry_membershipevent" not in connection.introspection.table_names()
