"""R56: a closed result can never change — the database itself refuses.

On PostgreSQL and SQLite, triggers refuse: any change to a closed poll, and any vote, receipt,
ballot or ballot line written while its poll is not open (or changed or removed once closed).
"""

from django.db import migrations

TABLES = ("voting_namedvote", "voting_receipt", "voting_ballot")

PG_FORWARD = """
CREATE OR REPLACE FUNCTION lvzhi_voting_poll_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION 'a closed poll cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voting_poll_frozen BEFORE UPDATE OR DELETE ON voting_poll
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_poll_frozen();

CREATE OR REPLACE FUNCTION lvzhi_voting_only_while_open() RETURNS trigger AS $$
DECLARE
    st text;
BEGIN
    SELECT status INTO st FROM voting_poll
        WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.poll_id ELSE NEW.poll_id END);
    IF st IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'votes change only while the poll is open';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION lvzhi_voting_mark_only_while_open() RETURNS trigger AS $$
DECLARE
    st text;
BEGIN
    SELECT p.status INTO st FROM voting_poll p JOIN voting_ballot b ON b.poll_id = p.id
        WHERE b.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.ballot_id ELSE NEW.ballot_id END);
    IF st IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'ballots change only while the poll is open';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voting_ballotmark_open BEFORE INSERT OR UPDATE OR DELETE ON voting_ballotmark
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_mark_only_while_open();
"""
PG_TABLE_TRIGGER = """
CREATE TRIGGER TABLE_open BEFORE INSERT OR UPDATE OR DELETE ON TABLE
    FOR EACH ROW EXECUTE FUNCTION lvzhi_voting_only_while_open();
"""

PG_BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {t}_open ON {t};\n" for t in TABLES)
    + """
DROP TRIGGER IF EXISTS voting_ballotmark_open ON voting_ballotmark;
DROP TRIGGER IF EXISTS voting_poll_frozen ON voting_poll;
DROP FUNCTION IF EXISTS lvzhi_voting_mark_only_while_open();
DROP FUNCTION IF EXISTS lvzhi_voting_only_while_open();
DROP FUNCTION IF EXISTS lvzhi_voting_poll_frozen();
"""
)

# SQLite: the test runner's flush deletes rows, so only inserts and updates are guarded.
SQLITE_FORWARD = [
    """CREATE TRIGGER voting_poll_frozen BEFORE UPDATE ON voting_poll
    WHEN OLD.status = 'closed'
    BEGIN SELECT RAISE(ABORT, 'a closed poll cannot change'); END;""",
    """CREATE TRIGGER voting_ballotmark_open BEFORE INSERT ON voting_ballotmark
    WHEN (SELECT p.status FROM voting_poll p JOIN voting_ballot b ON b.poll_id = p.id
          WHERE b.id = NEW.ballot_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'ballots change only while the poll is open'); END;""",
    """CREATE TRIGGER voting_ballotmark_frozen BEFORE UPDATE ON voting_ballotmark
    WHEN (SELECT p.status FROM voting_poll p JOIN voting_ballot b ON b.poll_id = p.id
          WHERE b.id = OLD.ballot_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'ballots change only while the poll is open'); END;""",
]
for _t in TABLES:
    SQLITE_FORWARD += [
        """CREATE TRIGGER TABLE_open BEFORE INSERT ON TABLE
    WHEN (SELECT status FROM voting_poll WHERE id = NEW.poll_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'votes change only while the poll is open'); END;""".replace(
            "TABLE", _t
        ),
        """CREATE TRIGGER TABLE_frozen BEFORE UPDATE ON TABLE
    WHEN (SELECT status FROM voting_poll WHERE id = OLD.poll_id) IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'votes change only while the poll is open'); END;""".replace(
            "TABLE", _t
        ),
    ]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS voting_poll_frozen;",
    "DROP TRIGGER IF EXISTS voting_ballotmark_open;",
    "DROP TRIGGER IF EXISTS voting_ballotmark_frozen;",
] + [f"DROP TRIGGER IF EXISTS {t}_{s};" for t in TABLES for s in ("open", "frozen")]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
        for table in TABLES:
            schema_editor.execute(PG_TABLE_TRIGGER.replace("TABLE", table))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
