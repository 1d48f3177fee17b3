"""Point-in-time recovery (issue 27.3) with pgBackRest: a primary the test starts archives its
WAL continuously (archive_command = pgbackrest archive-push), takes a full and an incremental
backup while the platform's data changes, and is restored into a new data directory to a
chosen moment between two writes: everything committed before the moment is back, nothing
after it. The database is a copy of the seeded test database."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from lvzhi.core.divisions import load
from lvzhi.core.models import Division
from lvzhi.registry.demo.seed import seed
from lvzhi.registry.models import Congress

from .servers import (
    PG_BIN,
    Postgres,
    as_postgres,
    copy_database,
    free_port,
    missing_postgres,
    own_dir,
)

PGBACKREST = shutil.which("pgbackrest") or "/usr/bin/pgbackrest"
pytestmark = [
    # The seeded test database (copied into the servers the test starts), never DATABASE_URL's.
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgBackRest backs up PostgreSQL"),
    pytest.mark.skipif(not os.path.exists(PGBACKREST), reason="pgbackrest is not installed"),
]
STANZA = "lvzhi"


class Repo:
    """A pgBackRest repository on local disk and its configuration for one stanza."""

    def __init__(self) -> None:
        self.dir = own_dir("lvzhi-pgbackrest-")
        self.conf = self.dir / "pgbackrest.conf"

    def write(self, pg: Postgres) -> None:
        self.conf.write_text(
            f"""[global]
repo1-path={self.dir}/repo
repo1-retention-full=2
lock-path={self.dir}/lock
log-path={self.dir}/log
spool-path={self.dir}/spool
log-level-console=warn
log-level-file=info
start-fast=y
archive-timeout=120

[{STANZA}]
pg1-path={pg.data}
pg1-port={pg.port}
pg1-socket-path={pg.data}
pg1-user=postgres
"""
        )
        if os.geteuid() == 0:
            shutil.chown(self.conf, "postgres")

    def run(self, *args: str) -> str:
        out = subprocess.run(
            as_postgres([PGBACKREST, f"--config={self.conf}", f"--stanza={STANZA}", *args]),
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode == 0, (args, out.stdout, out.stderr)
        return out.stdout


@pytest.fixture(scope="module")
def archived(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[tuple[Postgres, Repo]]:
    if missing_postgres():
        pytest.skip(missing_postgres())
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if not Division.objects.exists():  # emptied by a transactional test before
            load(Division)
        if not Congress.objects.exists():
            seed("small", progress=lambda *a: None)
    repo = Repo()
    archive = f"pgbackrest --config={repo.conf} --stanza={STANZA} archive-push %p"
    primary = Postgres.init(
        {"archive_mode": "on", "wal_level": "replica"},
        conf=f"archive_command = '{archive}'\n",
    )
    try:
        repo.write(primary)
        repo.run("stanza-create")
        copy_database(connection.settings_dict, primary)
        repo.run("check")
        yield primary, repo
    finally:
        primary.destroy()
        shutil.rmtree(repo.dir, ignore_errors=True)


def _titles(pg: Postgres) -> set[str]:
    rows = pg.sql("SELECT title FROM portal_news WHERE title LIKE 'PITR-%%'", "lvzhi")
    return {str(r[0]) for r in rows}


def _news(pg: Postgres, title: str) -> None:
    pg.sql(
        "INSERT INTO portal_news (title, summary, body, is_published, published_on, created_at, "
        "updated_at, created_by_id) VALUES (%s, '', %s, true, current_date, now(), now(), "
        "(SELECT min(id) FROM core_user))",
        "lvzhi",
        (title, "时间点恢复演练"),
    )


def test_full_and_incremental_backup_then_restore_to_a_chosen_moment(
    archived: tuple[Postgres, Repo],
) -> None:
    primary, repo = archived
    deputies = primary.sql("SELECT count(*) FROM registry_deputy", "lvzhi")[0][0]
    assert int(str(deputies)) > 50
    _news(primary, "PITR-1 before the full backup")
    repo.run("backup", "--type=full")
    _news(primary, "PITR-2 between the backups")
    repo.run("backup", "--type=incr")
    _news(primary, "PITR-3 after the incremental, before the moment")
    time.sleep(1.1)  # the moment must lie strictly between two commits' timestamps
    moment = str(primary.sql("SELECT now()::text")[0][0])
    time.sleep(1.1)
    _news(primary, "PITR-4 after the moment: a mistake to undo")
    primary.sql("DELETE FROM portal_news WHERE title LIKE 'PITR-1%%'", "lvzhi")
    repo.run("check")  # switches WAL and waits until it is in the archive
    info = repo.run("info")
    assert "full backup" in info and "incr backup" in info

    assert PG_BIN is not None
    target = own_dir("lvzhi-pitr-")
    repo.run(
        "restore",
        f"--pg1-path={target}",
        "--type=time",
        f"--target={moment}",
        "--target-action=promote",
    )
    restored = Postgres(target, free_port(), {"archive_mode": "off"})
    restored.start()
    try:
        for _ in range(300):
            if not restored.sql("SELECT pg_is_in_recovery()")[0][0]:
                break
            time.sleep(0.2)
        assert _titles(restored) == {
            "PITR-1 before the full backup",
            "PITR-2 between the backups",
            "PITR-3 after the incremental, before the moment",
        }
        count = restored.sql("SELECT count(*) FROM registry_deputy", "lvzhi")[0][0]
        assert count == deputies
    finally:
        restored.destroy()
    assert "PITR-4 after the moment: a mistake to undo" in _titles(primary)
