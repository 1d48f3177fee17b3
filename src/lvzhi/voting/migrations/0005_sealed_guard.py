"""R56 with sealed ballots: what the database itself refuses.

- A closed poll changes only by its count (result, outcome and ``counted_at``, once) and its
  publication (``published_at``, once, after the count); nothing else of it ever changes.
- A counted ballot (``voting_ballot``, ``voting_ballotmark``) and a tracker are written only
  by the count: while their poll is closed and not yet counted; never changed afterwards.
- A sealed ballot is written only while its poll is open, never changed, and removed only once
  the result is published. A poll's key is written and replaced only before it opens, and
  removed only with the publication.

Polls closed before this migration count as counted and published then.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION lvzhi_voting_poll_frozen() RETURNS trigger AS $$
DECLARE
    fixed text[] := ARRAY['result', 'adopted', 'counted_at', 'published_at'];
BEGIN
    IF OLD.status <> 'closed' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE'
        OR (to_jsonb(NEW) - fixed) IS DISTINCT FROM (to_jsonb(OLD) - fixed)
        OR (OLD.counted_at IS NOT NULL AND (NEW.result IS DISTINCT FROM OLD.result
            OR NEW.adopted IS DISTINCT FROM OLD.adopted
            OR NEW.counted_at IS DISTINCT FROM OLD.counted_at))
        OR (OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at)
        OR (NEW.published_at IS NOT NULL AND NEW.counted_at IS NULL)
    THEN
        RAISE EXCEPTION 'a closed poll cannot change';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION lvzhi_voting_written_by_count() RETURNS trigger AS $$
DECLARE
    pid bigint;
    ok boolean;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'counted ballots never change';
    END IF;
    IF TG_TABLE_NAME = 'voting_ballotmark' THEN
        SELECT poll_id INTO pid FROM voting_ballot WHERE id = NEW.ballot_id;
    ELSE
        pid := NEW.poll_id;
    END IF;
    SELECT status = 'closed' AND counted_at IS NULL INTO ok FROM voting_poll WHERE id = pid;
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'ballots are written only by the count of a closed poll';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION lvzhi_voting_sealed_guard() RETURNS trigger AS $$
DECLARE
    st text;
    pub timestamptz;
BEGIN
    SELECT status, published_at INTO st, pub FROM voting_poll
        WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.poll_id ELSE NEW.poll_id END);
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'a sealed ballot or a key never changes';
    END IF;
    IF TG_TABLE_NAME = 'voting_sealedballot' THEN
        IF TG_OP = 'INSERT' AND st IS DISTINCT FROM 'open' THEN
            RAISE EXCEPTION 'ballots are cast only while the poll is open';
        END IF;
    ELSIF TG_OP = 'INSERT' AND st IS DISTINCT FROM 'draft' THEN
        RAISE EXCEPTION 'the key of an opened poll cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF st IS DISTINCT FROM 'draft' AND pub IS NULL THEN
            RAISE EXCEPTION 'sealed ballots and keys are removed only after publication';
        END IF;
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS voting_ballot_open ON voting_ballot;
DROP TRIGGER IF EXISTS voting_ballotmark_open ON voting_ballotmark;
CREATE TRIGGER voting_ballot_count BEFORE INSERT OR UPDATE OR DELETE ON voting_ballot
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_written_by_count();
CREATE TRIGGER voting_ballotmark_count BEFORE INSERT OR UPDATE OR DELETE ON voting_ballotmark
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_written_by_count();
CREATE TRIGGER voting_tracker_count BEFORE INSERT OR UPDATE OR DELETE ON voting_tracker
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_written_by_count();
CREATE TRIGGER voting_sealedballot_guard BEFORE INSERT OR UPDATE OR DELETE
    ON voting_sealedballot FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_sealed_guard();
CREATE TRIGGER voting_pollkey_guard BEFORE INSERT OR UPDATE OR DELETE
    ON voting_pollkey FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_sealed_guard();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS voting_pollkey_guard ON voting_pollkey;
DROP TRIGGER IF EXISTS voting_sealedballot_guard ON voting_sealedballot;
DROP TRIGGER IF EXISTS voting_tracker_count ON voting_tracker;
DROP TRIGGER IF EXISTS voting_ballotmark_count ON voting_ballotmark;
DROP TRIGGER IF EXISTS voting_ballot_count ON voting_ballot;
DROP FUNCTION IF EXISTS lvzhi_voting_sealed_guard();
DROP FUNCTION IF EXISTS lvzhi_voting_written_by_count();
CREATE OR REPLACE FUNCTION lvzhi_voting_poll_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION 'a closed poll cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voting_ballot_open BEFORE INSERT OR UPDATE OR DELETE ON voting_ballot
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_only_while_open();
CREATE TRIGGER voting_ballotmark_open BEFORE INSERT OR UPDATE OR DELETE ON voting_ballotmark
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_mark_only_while_open();
"""

# SQLite (tests): only inserts and updates are guarded (the test runner's flush deletes rows).
_COUNTING = "(SELECT status = 'closed' AND counted_at IS NULL FROM voting_poll WHERE id = PID)"
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS voting_poll_frozen;",
    """CREATE TRIGGER voting_poll_frozen BEFORE UPDATE ON voting_poll
    WHEN OLD.status = 'closed' AND (
        NEW.status IS NOT OLD.status OR NEW.closed_at IS NOT OLD.closed_at
        OR NEW.ballots_issued IS NOT OLD.ballots_issued OR NEW.present IS NOT OLD.present
        OR (OLD.counted_at IS NOT NULL AND (NEW.result IS NOT OLD.result
            OR NEW.adopted IS NOT OLD.adopted OR NEW.counted_at IS NOT OLD.counted_at))
        OR (OLD.published_at IS NOT NULL AND NEW.published_at IS NOT OLD.published_at)
        OR (NEW.published_at IS NOT NULL AND NEW.counted_at IS NULL))
    BEGIN SELECT RAISE(ABORT, 'a closed poll cannot change'); END;""",
    "DROP TRIGGER IF EXISTS voting_ballot_open;",
    "DROP TRIGGER IF EXISTS voting_ballot_frozen;",
    "DROP TRIGGER IF EXISTS voting_ballotmark_open;",
    "DROP TRIGGER IF EXISTS voting_ballotmark_frozen;",
    """CREATE TRIGGER voting_ballot_count BEFORE INSERT ON voting_ballot
    WHEN COUNTING IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'ballots are written only by the count'); END;""".replace(
        "COUNTING", _COUNTING.replace("PID", "NEW.poll_id")
    ),
    """CREATE TRIGGER voting_tracker_count BEFORE INSERT ON voting_tracker
    WHEN COUNTING IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'ballots are written only by the count'); END;""".replace(
        "COUNTING", _COUNTING.replace("PID", "NEW.poll_id")
    ),
    """CREATE TRIGGER voting_ballotmark_count BEFORE INSERT ON voting_ballotmark
    WHEN COUNTING IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'ballots are written only by the count'); END;""".replace(
        "COUNTING",
        _COUNTING.replace("PID", "(SELECT poll_id FROM voting_ballot WHERE id = NEW.ballot_id)"),
    ),
    """CREATE TRIGGER voting_ballot_frozen BEFORE UPDATE ON voting_ballot
    BEGIN SELECT RAISE(ABORT, 'counted ballots never change'); END;""",
    """CREATE TRIGGER voting_ballotmark_frozen BEFORE UPDATE ON voting_ballotmark
    BEGIN SELECT RAISE(ABORT, 'counted ballots never change'); END;""",
    """CREATE TRIGGER voting_sealedballot_open BEFORE INSERT ON voting_sealedballot
    WHEN (SELECT status FROM voting_poll WHERE id = NEW.poll_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'ballots are cast only while the poll is open'); END;""",
    """CREATE TRIGGER voting_sealedballot_frozen BEFORE UPDATE ON voting_sealedballot
    BEGIN SELECT RAISE(ABORT, 'a sealed ballot never changes'); END;""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "voting_ballot_count",
        "voting_tracker_count",
        "voting_ballotmark_count",
        "voting_ballot_frozen",
        "voting_ballotmark_frozen",
        "voting_sealedballot_open",
        "voting_sealedballot_frozen",
    )
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    Poll = apps.get_model("voting", "Poll")
    for poll in Poll.objects.filter(status="closed", counted_at__isnull=True):
        Poll.objects.filter(pk=poll.pk).update(counted_at=poll.closed_at)
        Poll.objects.filter(pk=poll.pk).update(published_at=poll.closed_at)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_sealed_ballots")]
    operations = [migrations.RunPython(forward, backward)]
