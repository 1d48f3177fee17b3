"""OpenSlides 3.3, the peer of issue 26.1: the same 1,000 votes through its production layout,
timed with the same client as lvzhi's phone vote in ``bench/voting.py --http``.

OpenSlides 3.3 needs Python 3.8. The bench looks for a ``python3.8`` that really runs:
``$OPENSLIDES_PYTHON``, then ``python3.8`` on the PATH, then pyenv's builds
(``$PYENV_ROOT/versions/3.8*/bin/python3.8``, whose shim may not run while another version is
selected). It installs OpenSlides into its own virtualenv, ``.venv-openslides`` (or
``$OPENSLIDES_VENV``), from PyPI with ``bench/openslides33-requirements.txt`` (every version
pinned, with hashes), and reuses it while that file is unchanged. Where no Python 3.8 runs or
the install fails (no network), it says so and measures nothing.

The measurement: OpenSlides' settings for PostgreSQL (its own database, emptied:
``$OPENSLIDES_DATABASE_URL``, by default ``openslides_bench`` on DATABASE_URL's server) and
Redis as cache, channel layer and session store (its own database number, emptied:
``$OPENSLIDES_REDIS_URL``, by default db 15 on REDIS_URL's server); its migrations; N voters,
present, in the Delegates group (``bench/openslides33_setup.py``, run by its interpreter);
then gunicorn with uvicorn workers (``openslides.asgi:application``). Through its REST API the
admin creates a motion and a named (nominal) Yes/No/Abstain poll for the Delegates and starts
it; every voter signs in (``/apps/users/login/``, before the timed part) and, from the client
threads with one keep-alive connection each, votes ``{"data": "Y"}`` at
``/rest/motions/motion-poll/<id>/vote/``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/openslides33.py --voters 1000 --threads 8 --workers 4
    .venv/bin/python bench/openslides33.py --install-only     # just the virtualenv
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "bench" / "openslides33-requirements.txt"
SETUP = ROOT / "bench" / "openslides33_setup.py"
LABEL = "OpenSlides 3.3 motion vote"
SESSION_COOKIE = "OpenSlidesSessionID"  # its global_settings
CSRF_COOKIE = "OpenSlidesCsrfToken"
CSRF = "c" * 32  # a CSRF secret the client sends as cookie and header alike (as lvzhi's bench)
PASSWORD = "bench-voter"  # noqa: S105  # every voter's, on a throw-away database
DEFAULT_REDIS_DB = 15


# What a request on a keep-alive connection the server has closed meets.
STALE = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)


class Skip(Exception):
    """Why OpenSlides 3.3 is not measured in this run (printed instead of its row)."""


def venv_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("OPENSLIDES_VENV") or ROOT / ".venv-openslides")


# --- Python 3.8 -----------------------------------------------------------------------------


def python38_candidates(
    env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """Where a Python 3.8 may be, in the order tried; each named once."""
    found: list[str] = []
    if env.get("OPENSLIDES_PYTHON"):
        found.append(env["OPENSLIDES_PYTHON"])
    on_path = which("python3.8")
    if on_path:
        found.append(on_path)
    pyenv = env.get("PYENV_ROOT") or os.path.join(env.get("HOME") or "~", ".pyenv")
    pattern = os.path.join(os.path.expanduser(pyenv), "versions", "3.8*", "bin", "python3.8")
    found += sorted(glob.glob(pattern), reverse=True)
    return list(dict.fromkeys(found))


def runs_python38(exe: str) -> bool:
    """True when ``exe`` starts and is CPython 3.8 (a pyenv shim of another version is not)."""
    try:
        done = subprocess.run(
            [exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "3.8"


def find_python38(
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    works: Callable[[str], bool] = runs_python38,
) -> str:
    """The first candidate that runs as Python 3.8; ``Skip`` saying what was tried if none."""
    env = os.environ if env is None else env
    tried = python38_candidates(env, which)
    for exe in tried:
        if works(exe):
            return exe
    where = f"tried {', '.join(tried)}: none runs as 3.8" if tried else "none found"
    raise Skip(
        f"no working Python 3.8 ({where}); OpenSlides 3.3 needs Python 3.8 — "
        "set OPENSLIDES_PYTHON to one"
    )


# --- the virtualenv -------------------------------------------------------------------------


def requirements_stamp(python: str) -> str:
    """What the virtualenv was built from: the pinned file and the interpreter."""
    return hashlib.sha256(REQUIREMENTS.read_bytes() + python.encode()).hexdigest()


def ensure_venv(python: str, env: Mapping[str, str] | None = None, quiet: bool = True) -> Path:
    """OpenSlides 3.3's virtualenv, built (or rebuilt when the pins changed) from PyPI;
    ``Skip`` with pip's last words when that fails."""
    venv = venv_dir(env)
    stamp = venv / "openslides33.stamp"
    want = requirements_stamp(python)
    bin_python = venv / "bin" / "python"
    if bin_python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return venv
    if venv.exists():
        if not (venv / "pyvenv.cfg").exists():
            raise Skip(f"{venv} exists and is not a virtualenv; remove it or set OPENSLIDES_VENV")
        shutil.rmtree(venv)
    print(f"Installing OpenSlides 3.3 into {venv} (Python 3.8, pinned with hashes) …")
    steps = [
        [python, "-m", "venv", str(venv)],
        [
            str(bin_python),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--timeout",
            "30",
            "--require-hashes",
            "--no-deps",
            *(["--quiet"] if quiet else []),
            "-r",
            str(REQUIREMENTS),
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            said = [
                line
                for line in (done.stderr or done.stdout).splitlines()
                if line.strip() and "is ignored: it is neither a file" not in line
            ]
            shutil.rmtree(venv, ignore_errors=True)
            raise Skip(
                f"the install into {venv} failed (no network?): "
                f"{said[-1].strip() if said else 'exit ' + str(done.returncode)}"
            )
    stamp.write_text(want + "\n")
    return venv


# --- settings, database, Redis --------------------------------------------------------------


def derived_url(base: str, *, path: str) -> str:
    """``base`` (DATABASE_URL or REDIS_URL) on the same server, with another path."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def database_url(env: Mapping[str, str]) -> str:
    if env.get("OPENSLIDES_DATABASE_URL"):
        return env["OPENSLIDES_DATABASE_URL"]
    base = env.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise Skip("it needs PostgreSQL: set DATABASE_URL or OPENSLIDES_DATABASE_URL")
    return derived_url(base, path="/openslides_bench")


def redis_url(env: Mapping[str, str]) -> str:
    if env.get("OPENSLIDES_REDIS_URL"):
        return env["OPENSLIDES_REDIS_URL"]
    base = env.get("REDIS_URL", "")
    if not base.startswith("redis://"):
        raise Skip("it needs Redis: set REDIS_URL or OPENSLIDES_REDIS_URL")
    return derived_url(base, path=f"/{DEFAULT_REDIS_DB}")


def settings_text(data_dir: str, db_url: str, cache_url: str) -> str:
    """OpenSlides' settings.py: its template's production choices (PostgreSQL; Redis as
    collection cache, channel layer and session store; electronic voting on), for a bench."""
    db = urlsplit(db_url)
    cache = urlsplit(cache_url)
    redis_db = int((cache.path or "/0").strip("/") or 0)
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db.path.lstrip("/"),
        "USER": db.username or "postgres",
        "PASSWORD": db.password or "",
        "HOST": db.hostname or "127.0.0.1",
        "PORT": str(db.port or 5432),
    }
    session = {
        "host": cache.hostname or "127.0.0.1",
        "port": cache.port or 6379,
        "db": redis_db,
        "prefix": "session",
        "socket_timeout": 2,
    }
    return f'''"""OpenSlides 3.3 settings written by lvzhi's bench/openslides33.py."""
import os
from openslides.global_settings import *  # noqa

OPENSLIDES_USER_DATA_DIR = {data_dir!r}
INSTALLED_PLUGINS += ()
INSTALLED_APPS += INSTALLED_PLUGINS
SECRET_KEY = {"bench-" + "o" * 50!r}
DEBUG = False
DATABASES = {{"default": {database!r}}}
CHANNEL_LAYERS = {{
    "default": {{
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {{"hosts": [{cache_url!r}], "capacity": 100000}},
    }},
}}
REDIS_ADDRESS = {cache_url!r}
AMOUNT_REPLICAS = 1
SESSION_ENGINE = "redis_sessions.session"
SESSION_REDIS = {session!r}
ENABLE_SAML = False
ENABLE_ELECTRONIC_VOTING = True
TIME_ZONE = "Asia/Shanghai"
STATICFILES_DIRS = [os.path.join(OPENSLIDES_USER_DATA_DIR, "static")] + STATICFILES_DIRS
STATIC_ROOT = os.path.join(OPENSLIDES_USER_DATA_DIR, "collected-static")
MEDIA_ROOT = os.path.join(OPENSLIDES_USER_DATA_DIR, "media", "")
# The voters sign in before the timed part; a fast hash keeps 1,000 sign-ins short, as
# LVZHI_FAST_HASHER does on lvzhi's side. No vote checks a password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {{
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {{"console": {{"class": "logging.StreamHandler"}}}},
    "loggers": {{
        "django": {{"handlers": ["console"], "level": "WARNING"}},
        "openslides": {{"handlers": ["console"], "level": "WARNING"}},
    }},
}}
SETTINGS_FILEPATH = __file__
'''


def reset_database(db_url: str) -> None:
    """Drop and create OpenSlides' bench database (never lvzhi's)."""
    import psycopg
    from psycopg import sql

    db = urlsplit(db_url)
    name = db.path.lstrip("/")
    with psycopg.connect(
        dbname="postgres",
        host=db.hostname,
        port=db.port,
        user=db.username,
        password=db.password,
        autocommit=True,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def reset_redis(cache_url: str) -> None:
    import redis

    redis.Redis.from_url(cache_url).flushdb()


# --- the server and the client --------------------------------------------------------------


class Server:
    """gunicorn with uvicorn workers serving ``openslides.asgi:application`` (OpenSlides 3's
    production layout) on a free loopback port."""

    def __init__(self, venv: Path, settings_dir: str, workers: int, cpus: str = "") -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.log = Path(settings_dir) / "gunicorn.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings",
            "PYTHONPATH": settings_dir,
        }
        pin = ["taskset", "-c", cpus] if cpus else []
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [
                    *pin,
                    str(venv / "bin" / "gunicorn"),
                    "openslides.asgi:application",
                    "-k",
                    "uvicorn.workers.UvicornWorker",
                    "-w",
                    str(workers),
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "--keep-alive",
                    "30",
                    "--timeout",
                    "120",
                ],
                env=env,
                cwd=settings_dir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Skip(f"gunicorn exited at start-up: {self.tail()}")
            # Ready when the admin can sign in: a worker answers before the collection cache
            # is whole (the first builds it in two steps, the others see it begun and serve),
            # and signing in reads the user from that cache ("Could not find user 1").
            try:
                conn = self.connect()
                sign_in(conn, "admin", "admin")
                conn.close()
                return
            except (OSError, RuntimeError, http.client.HTTPException):
                pass
            time.sleep(0.5)
        self.stop()
        raise Skip(f"OpenSlides did not answer within 180 s: {self.tail()}")

    def tail(self) -> str:
        lines = self.log.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else "(no output)"

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def cpu_seconds(self) -> float:
        """User + system CPU of gunicorn's worker processes so far (from /proc)."""
        from common import children_cpu_seconds

        # taskset (--server-cpus) execs gunicorn: the same pid
        return children_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        from common import stop_process

        stop_process(self.proc)


def call(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    payload: Any = None,
    session: str | None = None,
) -> tuple[int, bytes, list[str]]:
    """One JSON request as OpenSlides' client sends it (its cookies and CSRF header)."""
    cookie = f"{CSRF_COOKIE}={CSRF}"
    if session:
        cookie += f"; {SESSION_COOKIE}={session}"
    headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Accept": "application/json"}
    body = None
    if payload is not None:
        body = json.dumps(payload)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data, response.msg.get_all("Set-Cookie") or []


def sign_in(conn: http.client.HTTPConnection, username: str, password: str) -> str:
    """POST /apps/users/login/; the session id it sets."""
    status, body, cookies = call(
        conn, "POST", "/apps/users/login/", {"username": username, "password": password}
    )
    if status != 200:
        raise RuntimeError(f"login of {username} answered {status}: {body[:200]!r}")
    for cookie in cookies:
        name, _, rest = cookie.partition("=")
        if name.strip() == SESSION_COOKIE:
            return rest.split(";", 1)[0]
    raise RuntimeError(f"login of {username} set no {SESSION_COOKIE}")


def answer(body: bytes) -> Any:
    """The view's own data: OpenSlides' AutoupdateBundleMiddleware wraps every REST answer
    as ``{"autoupdate": …, "data": …}``."""
    data = json.loads(body)
    return data["data"] if isinstance(data, dict) and "autoupdate" in data else data


def open_poll(conn: http.client.HTTPConnection, delegates: int) -> int:
    """As the admin: a motion, a named Yes/No/Abstain poll for the Delegates, started."""
    admin = sign_in(conn, "admin", "admin")
    status, body, _ = call(
        conn,
        "POST",
        "/rest/motions/motion/",
        {"title": "Bench motion", "text": "<p>One motion, one poll.</p>"},
        admin,
    )
    if status != 201:
        raise RuntimeError(f"creating the motion answered {status}: {body[:300]!r}")
    motion = answer(body)["id"]
    status, body, _ = call(
        conn,
        "POST",
        "/rest/motions/motion-poll/",
        {
            "motion_id": motion,
            "title": "Vote",
            "type": "named",
            "pollmethod": "YNA",
            "onehundred_percent_base": "YNA",
            "majority_method": "simple",
            "groups_id": [delegates],
        },
        admin,
    )
    if status != 201:
        raise RuntimeError(f"creating the poll answered {status}: {body[:300]!r}")
    poll = int(answer(body)["id"])
    status, body, _ = call(conn, "POST", f"/rest/motions/motion-poll/{poll}/start/", None, admin)
    if status != 200:
        raise RuntimeError(f"starting the poll answered {status}: {body[:300]!r}")
    return poll


def vote(conn: http.client.HTTPConnection, poll: int, session: str) -> None:
    status, body, _ = call(
        conn, "POST", f"/rest/motions/motion-poll/{poll}/vote/", {"data": "Y"}, session
    )
    if status != 200:
        raise RuntimeError(f"the vote answered {status}: {body[:200]!r}")


# --- the measurement ------------------------------------------------------------------------


@dataclass
class Result:
    requests: int
    accepted: int
    errors: int
    wall: float
    p50: float  # ms
    p99: float  # ms
    cpu: float  # s, gunicorn's workers during the timed part
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    first_error: str = ""
    recorded: int = -1  # the poll's voters in OpenSlides' database afterwards

    @property
    def rate(self) -> float:
        return self.accepted / self.wall if self.wall > 0 else float("nan")


def row(label: str, result: Result) -> str:
    """One line of ``bench/voting.py``'s side-by-side table."""
    per = result.cpu / result.requests * 1000 if result.requests else float("nan")
    return (
        f"{label:<28} {result.wall:>7.2f} {result.rate:>7.0f} {result.p50:>7.1f} "
        f"{result.p99:>7.1f} {result.cpu:>9.2f} {per:>10.2f}"
    )


def ratio_line(lvzhi_rate: float, peer: Result | Skip) -> str:
    """The figure of issue 26.1: lvzhi's votes/s over OpenSlides 3.3's, same run."""
    if isinstance(peer, Skip):
        return (
            f"OpenSlides 3.3: skipped — {peer}; no ratio is printed rather than an unmeasured one."
        )
    if peer.accepted == 0 or not peer.rate > 0:
        return "lvzhi votes/s ÷ OpenSlides 3.3 votes/s: n/a (OpenSlides accepted no vote)"
    note = f"; OpenSlides: {peer.errors} errors, first: {peer.first_error}" if peer.errors else ""
    return (
        f"lvzhi votes/s ÷ OpenSlides 3.3 votes/s: {lvzhi_rate:.0f} ÷ {peer.rate:.1f} = "
        f"{lvzhi_rate / peer.rate:.1f}× (issue 26.1's target: ≥ 10×){note}"
    )


def measure(
    voters: int,
    threads: int,
    workers: int,
    cpus: str = "",
    env: Mapping[str, str] | None = None,
    log: Callable[[str], None] = print,
) -> Result:
    """Install (or reuse), set up, serve, and time ``voters`` votes from ``threads`` client
    threads; ``Skip`` where it cannot run here."""
    env = os.environ if env is None else env
    db_url, cache_url = database_url(env), redis_url(env)
    python = find_python38(env)
    venv = ensure_venv(python, env)
    data_dir = tempfile.mkdtemp(prefix="openslides33-")
    Path(data_dir, "settings.py").write_text(settings_text(data_dir, db_url, cache_url))
    reset_database(db_url)
    reset_redis(cache_url)  # its cache and sessions, and anything an earlier run left
    name = urlsplit(db_url).path.lstrip("/")
    log(f"OpenSlides 3.3: migrating {name} and adding {voters} voters …")
    done = subprocess.run(
        [str(venv / "bin" / "python"), str(SETUP), str(voters), PASSWORD],
        env={**env, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": data_dir},
        cwd=data_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Skip(f"its set-up failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    made = json.loads(done.stdout.strip().splitlines()[-1])
    # Emptied again: the migrations' signals leave part of a collection cache behind, which
    # the servers would take as built ("Could not find user 1" at sign-in).
    reset_redis(cache_url)
    server = Server(venv, data_dir, workers, cpus)
    try:
        result, poll = _time_votes(server, made["delegates"], voters, threads, log)
    finally:
        server.stop()
    result.recorded = recorded_votes(db_url, poll)
    return result


def recorded_votes(db_url: str, poll: int) -> int:
    """How many voters the poll has in OpenSlides' database (its ``voted`` relation)."""
    import psycopg

    db = urlsplit(db_url)
    with psycopg.connect(
        dbname=db.path.lstrip("/"),
        host=db.hostname,
        port=db.port,
        user=db.username,
        password=db.password,
    ) as conn:
        found = conn.execute(
            "SELECT count(*) FROM motions_motionpoll_voted WHERE motionpoll_id = %s", (poll,)
        ).fetchone()
    return int(found[0]) if found else 0


class _Voter:
    """One client thread: its keep-alive connection to the server, and the sessions of the
    voters it votes for."""

    def __init__(self, server: Server, names: list[str]) -> None:
        self.server = server
        self.conn = server.connect()
        # Signed in before the timed part, as the deputies of lvzhi's rows are.
        self.sessions = {name: sign_in(self.conn, name, PASSWORD) for name in names}

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = self.server.connect()

    def vote(self, poll: int, name: str) -> None:
        session = self.sessions[name]
        try:
            try:
                vote(self.conn, poll, session)
            except STALE:
                # The server closed a keep-alive connection left idle (threads that signed in
                # early wait at the start line longer than uvicorn's 30 s): a new connection
                # and the request once more, as a browser does. The reconnection counts in
                # this vote's time.
                self.reconnect()
                vote(self.conn, poll, session)
        except (RuntimeError, OSError, http.client.HTTPException):
            self.reconnect()  # the error is counted; the next vote on a fresh connection
            raise


def _time_votes(
    server: Server, delegates: int, voters: int, threads: int, log: Callable[[str], None]
) -> tuple[Result, int]:
    from common import percentile99, run_clients

    conn = server.connect()
    poll = open_poll(conn, delegates)
    conn.close()
    log(f"OpenSlides 3.3: poll {poll} started; {voters} voters sign in …")
    names = [f"voter{i:04d}" for i in range(1, voters + 1)]
    cpu_at: dict[str, float] = {}
    load_before = os.getloadavg()

    def finish(voter: _Voter | None) -> None:
        if voter is not None:
            voter.conn.close()

    run = run_clients(
        names,
        threads,
        lambda mine: _Voter(server, mine),
        lambda voter, name, phase: voter.vote(poll, name),
        on_start=lambda phase: cpu_at.update({phase: server.cpu_seconds()}),
        finish=finish,
        tolerated=(RuntimeError, OSError, http.client.HTTPException),
        timeout=900,
    )
    cpu = server.cpu_seconds() - cpu_at.get("timed", float("nan"))
    latencies = [x * 1000 for x in run.latencies["timed"]]
    errors = run.errors
    if "timed" not in run.started or not latencies:
        raise Skip(f"no vote was timed: {errors[0]!r}" if errors else "no vote was timed")
    wall = max(run.done_at["timed"]) - run.started["timed"]
    timed = Result(
        requests=voters,
        accepted=len(latencies),
        errors=len(errors),
        wall=wall,
        p50=statistics.median(latencies),
        p99=percentile99(latencies),
        cpu=cpu,
        load_before=load_before,
        load_after=os.getloadavg(),
        first_error=repr(errors[0]) if errors else "",
    )
    return timed, poll


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8, help="client threads (keep-alive)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's uvicorn workers")
    parser.add_argument("--server-cpus", default="", help="pin gunicorn (taskset list)")
    parser.add_argument("--install-only", action="store_true", help="build the virtualenv only")
    args = parser.parse_args()
    try:
        if args.install_only:
            venv = ensure_venv(find_python38(), quiet=False)
            print(f"OpenSlides 3.3 is installed in {venv}")
            return
        result = measure(args.voters, args.threads, args.workers, args.server_cpus)
    except Skip as why:
        print(f"OpenSlides 3.3: skipped — {why}")
        return
    print(
        f"{args.voters} votes, {args.threads} client threads (keep-alive), gunicorn "
        f"{args.workers} uvicorn workers; load average before "
        f"{' '.join(f'{x:.2f}' for x in result.load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in result.load_after)}"
    )
    print(
        f"{'path':<28} {'wall s':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'srv CPU s':>9} {'CPU ms/req':>10}"
    )
    print(row(LABEL, result))
    print(
        f"answered 200: {result.accepted}/{result.requests}, errors {result.errors}; "
        f"voters recorded in its database: {result.recorded}"
    )
    if result.first_error:
        print("first error:", result.first_error)


if __name__ == "__main__":
    main()
