"""A Patroni cluster on loopback for the failover test (issue 27.1): one etcd and three
PostgreSQL instances, each managed by its own Patroni, with synchronous replication
(``synchronous_mode``: a commit is acknowledged once a standby has flushed it, and only that
standby may be promoted). Everything runs as ``postgres`` under root, on free ports, in
directories of its own; ``stop()`` ends every process it started."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from .servers import PG_BIN, Postgres, as_postgres, free_port, own_dir, wait_port

PATRONI = shutil.which("patroni") or "/usr/bin/patroni"
ETCD = shutil.which("etcd") or "/usr/bin/etcd"
# Small timings so the test's failover takes seconds: the leader key lives TTL seconds, each
# Patroni looks every LOOP_WAIT seconds; Patroni requires loop_wait + 2 × retry_timeout ≤ ttl.
TTL, LOOP_WAIT, RETRY_TIMEOUT = 10, 2, 4
# LVZHI_KEEP_PATRONI_LOGS=/some/dir: each PostgreSQL also logs its connections and every
# data-changing statement (with the time and the client's port), and stop() copies every
# member's Patroni and PostgreSQL logs there — to read what a failing run did.
KEEP = os.environ.get("LVZHI_KEEP_PATRONI_LOGS", "")


def _debug_logging(home: Path) -> dict[str, str]:
    if not KEEP:
        return {}
    return {
        "logging_collector": "on",
        "log_directory": str(home / "pglog"),
        "log_connections": "on",
        "log_statement": "mod",
        "log_line_prefix": "%m [%p] %d %r ",
    }


def missing_patroni() -> str:
    for path, package in ((PATRONI, "patroni"), (ETCD, "etcd-server")):
        if not os.path.exists(path):
            return f"{package} is not installed (deploy/system-packages.txt)"
    return ""


def _clean_env() -> dict[str, str]:
    """Patroni is the system Python's: none of the test virtualenv's paths."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ")
    return {k: v for k, v in os.environ.items() if k in keep}


@dataclass
class Node:
    name: str
    dir: Path
    pg_port: int
    api_port: int
    proc: subprocess.Popen[bytes]

    @property
    def data(self) -> Path:
        return self.dir / "data"

    def api(self, path: str, timeout: float = 2) -> tuple[int, dict[str, object]]:
        """Patroni's REST API: (status, JSON body); (0, {}) when it does not answer."""
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.api_port}{path}", timeout=timeout
            ) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as exc:
            body = exc.read()
            return exc.code, json.loads(body) if body.startswith(b"{") else {}
        except OSError:
            return 0, {}

    def postgres_pids(self) -> list[int]:
        """The postmaster (first line of postmaster.pid) and every process it started."""
        try:
            master = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        try:  # a stale file after a crash: the number may be another process's by now
            if Path(os.readlink(f"/proc/{master}/cwd")) != self.data:
                return []
        except OSError:
            return []
        pids = [master]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                # pid (comm) state ppid …: comm may hold spaces, so split after the ")".
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                    pids.append(int(stat.parent.name))
        return pids


class PatroniCluster:
    def __init__(self, members: int = 3) -> None:
        assert PG_BIN is not None
        self.scope = f"lvzhi-{uuid.uuid4().hex[:8]}"
        self.nodes: list[Node] = []
        self.etcd_dir = own_dir("lvzhi-etcd-")
        self.etcd_port, peer = free_port(), free_port()
        self.etcd = subprocess.Popen(
            as_postgres(
                [
                    ETCD,
                    "--name=lvzhi",
                    f"--data-dir={self.etcd_dir}/data",
                    f"--listen-client-urls=http://127.0.0.1:{self.etcd_port}",
                    f"--advertise-client-urls=http://127.0.0.1:{self.etcd_port}",
                    f"--listen-peer-urls=http://127.0.0.1:{peer}",
                    f"--initial-advertise-peer-urls=http://127.0.0.1:{peer}",
                    f"--initial-cluster=lvzhi=http://127.0.0.1:{peer}",
                    "--log-outputs=stderr",
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=(self.etcd_dir / "etcd.log").open("wb"),
            env=_clean_env(),
            start_new_session=True,
        )
        try:
            wait_port(self.etcd_port)
            for i in range(members):
                self.nodes.append(self._start_node(f"pg{i}"))
        except BaseException:
            self.stop()
            raise

    def _config(self, name: str, home: Path, pg_port: int, api_port: int) -> dict[str, object]:
        assert PG_BIN is not None
        trust = [
            "local all all trust",
            "host all all 127.0.0.1/32 trust",
            "host replication all 127.0.0.1/32 trust",
        ]
        return {
            "scope": self.scope,
            "namespace": "/lvzhi/",
            "name": name,
            "log": {"level": "INFO", "dir": str(home)},
            "restapi": {
                "listen": f"127.0.0.1:{api_port}",
                "connect_address": f"127.0.0.1:{api_port}",
            },
            "etcd3": {"hosts": f"127.0.0.1:{self.etcd_port}"},
            "bootstrap": {
                "dcs": {
                    "ttl": TTL,
                    "loop_wait": LOOP_WAIT,
                    "retry_timeout": RETRY_TIMEOUT,
                    "maximum_lag_on_failover": 1048576,
                    # A crashed primary is failed over at once instead of restarted in place.
                    "primary_start_timeout": 0,
                    "synchronous_mode": True,
                    "postgresql": {
                        "use_pg_rewind": True,
                        "use_slots": True,
                        "parameters": {
                            "max_connections": 60,
                            "shared_buffers": "32MB",
                            "max_wal_senders": 6,
                            "max_replication_slots": 6,
                            "wal_keep_size": "64MB",
                            "timezone": "UTC",
                            "synchronous_commit": "on",
                            # The test kills processes, not machines: the page cache
                            # survives, so fsync costs time and proves nothing here.
                            "fsync": "off",
                        },
                    },
                },
                "initdb": [{"encoding": "UTF8"}, {"username": "postgres"}],
                "pg_hba": trust,
            },
            "postgresql": {
                "listen": f"127.0.0.1:{pg_port}",
                "connect_address": f"127.0.0.1:{pg_port}",
                "data_dir": str(home / "data"),
                "bin_dir": str(PG_BIN),
                "pgpass": str(home / "pgpass"),
                "authentication": {
                    "superuser": {"username": "postgres"},
                    "replication": {"username": "postgres"},
                    "rewind": {"username": "postgres"},
                },
                "parameters": {"unix_socket_directories": str(home), **_debug_logging(home)},
                "pg_hba": trust,
            },
            "tags": {"nofailover": False, "noloadbalance": False, "clonefrom": False},
        }

    def _start_node(self, name: str) -> Node:
        home = own_dir(f"lvzhi-patroni-{name}-")
        pg_port, api_port = free_port(), free_port()
        config = home / "patroni.yml"  # JSON is YAML
        config.write_text(json.dumps(self._config(name, home, pg_port, api_port), indent=1))
        if os.geteuid() == 0:
            shutil.chown(config, "postgres")
        proc = subprocess.Popen(
            as_postgres([PATRONI, str(config)]),
            stdout=subprocess.DEVNULL,
            stderr=(home / "patroni.stderr").open("wb"),
            env=_clean_env(),
            cwd=home,
            start_new_session=True,
        )
        return Node(name, home, pg_port, api_port, proc)

    # ---- state -----------------------------------------------------------------------------

    def leader(self, exclude: Node | None = None) -> Node | None:
        """The node whose Patroni says it is the running primary (GET /primary → 200)."""
        for node in self.nodes:
            if node is not exclude and node.api("/primary")[0] == 200:
                return node
        return None

    def wait_healthy(self, seconds: float = 240) -> Node:
        """A leader and a synchronous standby streaming, and every member running."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            leader = self.leader()
            if leader is not None:
                members = leader.api("/cluster")[1].get("members", [])
                assert isinstance(members, list)
                roles = {m["name"]: (m["role"], m["state"]) for m in members}
                if (
                    len(roles) == len(self.nodes)
                    and any(r == "sync_standby" for r, _ in roles.values())
                    and all(s in ("running", "streaming") for _, s in roles.values())
                ):
                    return leader
            time.sleep(0.5)
        raise TimeoutError(f"the cluster did not become healthy: {self.logs()}")

    def postgres(self, node: Node) -> Postgres:
        """A handle for SQL on one member (the Postgres helper's ``sql`` and ``url``)."""
        return Postgres(node.data, node.pg_port)

    def url(self, db: str, **params: str) -> str:
        """libpq multi-host: every member, and the session must be read-write (the primary)."""
        hosts = ",".join(f"127.0.0.1:{n.pg_port}" for n in self.nodes)
        params = {"target_session_attrs": "read-write", **params}
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgres://postgres@{hosts}/{db}?{query}"

    def kill_postgres(self, node: Node) -> int:
        """SIGKILL to the member's postmaster and every backend: PostgreSQL crashes there
        (its Patroni lives on, sees it, and hands the leader key over)."""
        pids = node.postgres_pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)

    def logs(self) -> str:
        out = []
        for node in self.nodes:
            for f in (node.dir / "patroni.log", node.dir / "patroni.stderr"):
                with contextlib.suppress(OSError):
                    out.append(f"--- {node.name} {f.name}\n" + f.read_text()[-1500:])
        return "\n".join(out)

    def stop(self) -> None:
        for node in self.nodes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.proc.pid, signal.SIGTERM)  # Patroni stops its PostgreSQL
        for node in self.nodes:
            try:
                node.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(node.proc.pid, signal.SIGKILL)
                node.proc.wait(timeout=10)
            for pid in node.postgres_pids():  # a PostgreSQL its Patroni left behind
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.etcd.pid, signal.SIGKILL)
        self.etcd.wait(timeout=10)
        for node in self.nodes:
            if KEEP:  # the logs, for reading after the run (not the data directory)
                shutil.copytree(
                    node.dir,
                    Path(KEEP) / node.name,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("data", ".s.PGSQL*"),
                )
            shutil.rmtree(node.dir, ignore_errors=True)
        shutil.rmtree(self.etcd_dir, ignore_errors=True)
