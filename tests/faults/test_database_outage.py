"""Faults (issue 11, item 5): when PostgreSQL goes away mid-work the user gets a clear message in
Chinese (503, "try again"), nothing half-written remains, and the platform recovers by itself
when the database comes back. The test starts, stops and restarts its own PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root; on CI machines the tests do run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture
def own_postgres() -> Iterator[tuple[str, str, str]]:
    if BIN is None or not (BIN / "initdb").exists():
        pytest.skip("PostgreSQL server binaries are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to start PostgreSQL as root")
    data = Path(tempfile.mkdtemp(prefix="lvzhi-outage-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(BIN / "pg_ctl"), "-D", str(data), "-w"]
    start = _as_postgres([*pg_ctl, "-o", opts, "-l", str(data / "log"), "start"])
    stop = _as_postgres([*pg_ctl, "-m", "fast", "stop"])
    subprocess.run(start, check=True, capture_output=True)
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres", json.dumps(stop), json.dumps(start)
    finally:
        subprocess.run(stop, capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.slow
def test_database_outage_gives_a_clear_message_and_nothing_half_written(
    own_postgres: tuple[str, str, str], tmp_path: Path
) -> None:
    url, stop, start = own_postgres
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "LVZHI_VAR_DIR": str(tmp_path),
        "LVZHI_FAST_HASHER": "1",
        "REDIS_URL": "",
        # Production behaviour: no debug page, the platform's own error pages.
        "LVZHI_DEBUG": "0",
        "LVZHI_SSL_REDIRECT": "0",
        "LVZHI_SECRET_KEY": "outage-test-" + "s" * 50,
        "LVZHI_FIELD_KEY": "outage-test-" + "f" * 50,
        "LVZHI_STAFF_2FA": "0",
    }
    script = Path(__file__).with_name("outage_journey.py")
    result = subprocess.run(
        [sys.executable, str(script), stop, start],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["saved"] == 302
    assert found["down_get"] == 503 and found["down_post"] == 503
    assert "无法连接数据库" in found["down_text"] and found["retry_after"] == "30"
    assert found["back"] == 200
    assert found["days"] == ["2027-02-06"]  # the first saved; the second not half-written
