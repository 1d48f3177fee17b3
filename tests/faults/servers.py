"""Real servers for the high-availability tests (issue 27): PostgreSQL instances (a primary,
a streaming replica), pgBouncer, all on loopback, small (32 MB of shared buffers), run as the
``postgres`` user when the tests run as root. Ports come from ``LVZHI_TEST_PORTS`` ("55400-55499")
when a machine shares its loopback ports out, else from the kernel."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
_taken: set[int] = set()


def free_port() -> int:
    span = os.environ.get("LVZHI_TEST_PORTS", "")
    candidates: list[int] = []
    if span:
        low, high = (int(x) for x in span.split("-"))
        candidates = [p for p in range(low, high + 1) if p not in _taken]
    for port in candidates or [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            found = int(s.getsockname()[1])
            _taken.add(found)
            return found
    raise RuntimeError(f"no free port in {span}")


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")


def as_postgres(cmd: list[str]) -> list[str]:
    """initdb, pg_ctl and pgBouncer refuse to run as root; CI machines run the tests as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def own_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")
    return path


def missing_postgres() -> str:
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        return "PostgreSQL server binaries are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is needed to start PostgreSQL as root"
    return ""


SMALL = {
    "listen_addresses": "127.0.0.1",
    "shared_buffers": "32MB",
    "max_connections": "60",
    "fsync": "off",
    "max_wal_senders": "5",
    "wal_level": "replica",
    "hot_standby": "on",
    "timezone": "UTC",
}


class Postgres:
    """One PostgreSQL instance: ``Postgres.init()`` a new primary, or ``primary.replica()`` a
    streaming standby made by pg_basebackup."""

    def __init__(self, data: Path, port: int, extra: dict[str, str] | None = None) -> None:
        self.data, self.port = data, port
        self.settings = {**SMALL, "port": str(port), **(extra or {})}

    @classmethod
    def init(cls, extra: dict[str, str] | None = None, conf: str = "") -> Postgres:
        """A new primary; ``conf`` goes into its postgresql.auto.conf (settings whose values
        hold spaces, such as an archive_command)."""
        assert PG_BIN is not None
        data = own_dir("lvzhi-pg-")
        subprocess.run(
            as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
            check=True,
            capture_output=True,
        )
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        if conf:
            with (data / "postgresql.auto.conf").open("a") as auto:
                auto.write(conf)
        pg = cls(data, free_port(), extra)
        pg.start()
        return pg

    def start(self) -> None:
        assert PG_BIN is not None
        opts = " ".join(f"-c {k}={v}" for k, v in self.settings.items()) + f" -k {self.data}"
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-w",
                    "-t",
                    "120",
                    "-o",
                    opts,
                    "-l",
                    str(self.data / "log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        assert PG_BIN is not None
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )

    def replica(self) -> Postgres:
        """A streaming standby of this primary (pg_basebackup -R: it follows at once)."""
        assert PG_BIN is not None
        data = own_dir("lvzhi-replica-")
        data.rmdir()
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "-D",
                    str(data),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            check=True,
            capture_output=True,
        )
        standby = Postgres(data, free_port())
        standby.start()
        return standby

    def url(self, db: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def sql(
        self, query: str, db: str = "postgres", params: tuple[object, ...] = ()
    ) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.url(db), autocommit=True) as conn:
            cur = conn.execute(query, params or None)
            return list(cur.fetchall()) if cur.description else []

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)


class PgBouncer:
    """pgBouncer in transaction mode in front of ``host:port``; the admin console is the
    virtual database ``pgbouncer``."""

    def __init__(self, host: str, port: int, pool_size: int = 4) -> None:
        self.dir = own_dir("lvzhi-pgbouncer-")
        self.port = free_port()
        (self.dir / "users.txt").write_text('"postgres" ""\n')
        (self.dir / "pgbouncer.ini").write_text(
            f"""[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {self.dir}/users.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 400
server_reset_query =
stats_period = 1
ignore_startup_parameters = extra_float_digits
logfile = {self.dir}/pgbouncer.log
"""
        )
        if os.geteuid() == 0:
            for f in self.dir.iterdir():
                shutil.chown(f, "postgres")
        self.proc = subprocess.Popen(
            as_postgres([PGBOUNCER, str(self.dir / "pgbouncer.ini")]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def show(self, what: str) -> list[dict[str, object]]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(
            self.url("pgbouncer"), autocommit=True, prepare_threshold=None, row_factory=dict_row
        ) as conn:
            return list(conn.cursor().execute(f"SHOW {what}").fetchall())

    def stats(self, db: str) -> dict[str, object]:
        """The database's line of SHOW STATS (written every second: stats_period = 1)."""
        for _ in range(100):
            for line in self.show("STATS"):
                if line["database"] == db and int(str(line["total_xact_count"])):
                    return line
            time.sleep(0.2)
        raise AssertionError(f"pgBouncer counted no transaction of {db}")

    def stop(self) -> None:
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        if self.proc.poll() is None:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def copy_database(source: dict[str, object], target: Postgres, name: str = "lvzhi") -> None:
    """The database of ``source`` (a Django settings_dict: the seeded test database) copied
    into ``target`` as ``name`` (pg_dump | pg_restore)."""
    assert PG_BIN is not None
    target.sql(f'CREATE DATABASE "{name}"')
    dump = subprocess.run(
        [
            str(PG_BIN / "pg_dump"),
            "-Fc",
            "-h",
            str(source["HOST"] or "127.0.0.1"),
            "-p",
            str(source["PORT"] or 5432),
            "-U",
            str(source["USER"] or "postgres"),
            str(source["NAME"]),
        ],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(
        as_postgres(
            [
                str(PG_BIN / "pg_restore"),
                "-h",
                "127.0.0.1",
                "-p",
                str(target.port),
                "-U",
                "postgres",
                "-d",
                name,
                "--no-owner",
            ]
        ),
        input=dump,
        check=True,
        capture_output=True,
    )
