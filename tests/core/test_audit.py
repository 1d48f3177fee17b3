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
