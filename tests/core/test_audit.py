"""The audit log is append-only: the application cannot change it and neither can SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lvzhi.core import audit
from lvzhi.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def test_audit_event_records_who_what_and_where() -> None:
    actor = User.objects.get(username="admin")
    from lvzhi.core.context import RequestInfo, current_request

    token = current_request.set(RequestInfo(ip="10.0.0.7", user_agent="pytest"))
    try:
        event = audit.record(
            actor=actor, action="test.done", obj=actor, before={"a": 1}, after={"a": 2}
        )
    finally:
        current_request.reset(token)
    assert (event.actor, event.ip, event.user_agent, event.object_type) == (
        actor,
        "10.0.0.7",
        "pytest",
        "core.user",
    )


def test_saving_an_existing_audit_event_again_is_refused() -> None:
    event = audit.record(actor=None, action="test.done")
    event.action = "test.changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_database_refuses_to_update_an_audit_event() -> None:
    event = audit.record(actor=None, action="test.done")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.done"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger on PostgreSQL only")
def test_the_database_refuses_to_delete_an_audit_event_on_postgresql() -> None:
    event = audit.record(actor=None, action="test.done")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_retention_purge_keeps_six_months_and_records_itself() -> None:
    import datetime as dt

    from django.core.management import CommandError, call_command

    from lvzhi.core import clock
    from lvzhi.core.errors import ValidationFailed
    from lvzhi.core.models import AuditEvent
    from lvzhi.core.services import audit_purge

    with clock.frozen(clock.now() - dt.timedelta(days=400)):
        old = audit.record(actor=None, action="calendar.changed", object_type="test")
    recent = audit.record(actor=None, action="calendar.changed", object_type="test")
    with pytest.raises(ValidationFailed):
        audit_purge(older_than_days=90)
    with pytest.raises(CommandError):
        call_command("audit_purge", "--days", "30")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    assert audit_purge(older_than_days=365, dry_run=True) >= 1
    assert audit_purge(older_than_days=365) >= 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(action="audit.purged").exists()


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers and the purge function: PostgreSQL"
)


@needs_postgres
def test_setting_the_purge_flag_by_hand_no_longer_deletes_a_recent_event() -> None:
    """Issue 18.6: any session could SET LOCAL lvzhi.audit_purge='on' and delete events."""
    event = audit.record(actor=None, action="test.done")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lvzhi.audit_purge = 'on'")
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@needs_postgres
def test_truncate_is_refused_to_an_application_role() -> None:
    event = audit.record(actor=None, action="test.done")
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE lvzhi_audit_probe NOLOGIN")  # rolled back with the test
        cursor.execute("GRANT ALL ON core_auditevent TO lvzhi_audit_probe")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE lvzhi_audit_probe")
        cursor.execute("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@needs_postgres
def test_the_one_purge_function_removes_only_events_past_the_retention() -> None:
    import datetime as dt

    from lvzhi.core import clock

    with clock.frozen(clock.now() - dt.timedelta(days=400)):
        old = audit.record(actor=None, action="calendar.changed", object_type="test")
    recent = audit.record(actor=None, action="calendar.changed", object_type="test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT lvzhi_audit_purge(30)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT lvzhi_audit_purge(365)")
        assert cursor.fetchone()[0] >= 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_opening_and_closing_a_poll_are_audited() -> None:
    """Issue 18.6: opening and closing polls wrote no audit event."""
    from lvzhi.voting import services

    from ..meetings.helpers import u
    from ..voting.helpers import named_poll

    poll, _people = named_poll(members=3, present=3)
    services.poll_open(actor=u("office"), poll=poll)
    services.poll_close(actor=u("office"), poll=poll)
    events = AuditEvent.objects.filter(object_id=str(poll.pk), action__startswith="voting.poll_")
    assert {"voting.poll_closed", "voting.poll_opened"} <= set(
        events.values_list("action", flat=True)
    )
    assert all(e.actor == u("office") for e in events)


def test_signing_in_and_out_are_audited(client, password: str) -> None:  # type: ignore[no-untyped-def]
    client.post("/login/", {"username": "yining", "password": password})
    client.post("/logout/")
    user = User.objects.get(username="yining")
    actions = set(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"account.signed_in", "account.signed_out"} <= actions
