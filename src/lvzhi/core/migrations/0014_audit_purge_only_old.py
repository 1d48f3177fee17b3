"""The audit log is append-only for every role the application connects as (issue 18.6).

Before, any session could ``SET LOCAL lvzhi.audit_purge = 'on'`` and delete recent events,
and TRUNCATE was not blocked. Now:

- one database function, ``lvzhi_audit_purge(days)``, is the way to purge: it refuses fewer
  than 183 days (lvzhi.core.rules.AUDIT_RETENTION_MIN_DAYS) and deletes only older events;
- the row trigger lets a DELETE through only inside that function (a transaction-local flag
  it sets) AND only for an event older than 183 days, so setting the flag by hand still
  cannot delete a recent event;
- a statement trigger refuses TRUNCATE to every role but a superuser (the test suite's flush
  between tests runs as one; the application must not: docs/deployment.md).

SQLite (the demo) keeps its UPDATE trigger only: Django's flush between tests there is a
DELETE, and the demo holds no real events.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION lvzhi_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('lvzhi.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '183 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION lvzhi_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION lvzhi_audit_no_truncate();

CREATE OR REPLACE FUNCTION lvzhi_audit_purge(days integer) RETURNS bigint AS $$
DECLARE
    deleted bigint;
BEGIN
    IF days IS NULL OR days < 183 THEN
        RAISE EXCEPTION 'audit events are kept at least 183 days';
    END IF;
    PERFORM set_config('lvzhi.audit_purge', 'on', true);
    DELETE FROM core_auditevent WHERE at < now() - make_interval(days => days);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('lvzhi.audit_purge', 'off', true);
    RETURN deleted;
END;
$$ LANGUAGE plpgsql;
"""
BACKWARD = """
DROP FUNCTION IF EXISTS lvzhi_audit_purge(integer);
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP FUNCTION IF EXISTS lvzhi_audit_no_truncate();
CREATE OR REPLACE FUNCTION lvzhi_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('lvzhi.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0013_one_time_codes")]
    operations = [migrations.RunPython(forward, backward)]
