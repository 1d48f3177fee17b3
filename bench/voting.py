"""Voting benchmark (issue 5): N deputies vote in one poll at once through the vote service,
each from its own thread and database connection, with the live screen listening on the Redis
channel layer. Prints a table; never a pass/fail test. Needs PostgreSQL and Redis; the database
named in DATABASE_URL is emptied.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_bench REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/voting.py --deputies 1000 --workers 16

By default it measures the service path (permission, shared lock, unique insert, commit,
announcement): every cast is one call of ``voting.services.vote_cast`` by a different deputy.
The screen is the real WebSocket consumer (``voting.consumers``), which counts for itself.

With ``--http`` the votes go through the whole stack instead: the bench starts gunicorn
(``--http-workers`` processes of ``--http-threads`` threads, production settings) and every
deputy has their own signed-in session (created in the session store, as signing in would)
and POSTs the vote form as the phone page's script does (htmx, with the form's submission
key; answered by the ballot card), from ``--workers`` client threads. Before the timed part
every deputy loads the poll page, as phones in the hall have the ballot open before the poll
opens (``--cold`` skips this: the first votes then also pay for warming the server processes).
``--no-js`` posts the
plain form instead and follows the 303 to the poll page, as a browser without script does.
``--server-cpus 0`` pins gunicorn to CPU 0; run the bench itself under ``taskset -c 1``.

After lvzhi's rows, ``--http`` times OpenSlides 3.3 the same way (``bench/openslides33.py``:
its own virtualenv with Python 3.8, gunicorn with uvicorn workers, PostgreSQL and Redis, the
same number of voters, client threads and server processes) and prints its row and the ratio
"lvzhi votes/s ÷ OpenSlides votes/s"; where it cannot run (no Python 3.8, no network for its
install) it prints why instead. ``--no-openslides`` leaves it out.

    DATABASE_URL=… REDIS_URL=… taskset -c 1 .venv/bin/python bench/voting.py --deputies 1000 \
        --http --server-cpus 0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import (  # noqa: E402
    ClientRun,
    children_cpu_seconds,
    listening,
    migrated,
    percentile99,
    run_clients,
    setup_django,
    stop_process,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deputies", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--http", action="store_true", help="vote through gunicorn over HTTP")
    parser.add_argument("--http-workers", type=int, default=4)
    parser.add_argument("--http-threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: any free one)")
    parser.add_argument(
        "--server-cpus",
        default="",
        help="pin gunicorn to these CPUs (taskset list, e.g. 0); pin the bench itself to others",
    )
    parser.add_argument(
        "--no-js",
        action="store_true",
        help="post as a browser without script does (303 to the poll page, and follow it)",
    )
    parser.add_argument(
        "--secret",
        action="store_true",
        help="a secret-ballot election (sealed ballots, counted with two tellers' shares)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="do not load the poll page for every deputy before the vote (cold server processes)",
    )
    parser.add_argument(
        "--endpoint",
        choices=["cast", "vote"],
        default="cast",
        help="the phone script's short path (/cast/, default) or the general one (/vote/)",
    )
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="with --http: skip the bare one-row INSERT view measured beside the votes",
    )
    parser.add_argument(
        "--no-openslides",
        action="store_true",
        help="with --http: skip OpenSlides 3.3, the peer timed after lvzhi's rows "
        "(bench/openslides33.py)",
    )
    args = parser.parse_args()
    if args.http:
        os.environ.setdefault("LVZHI_SECRET_KEY", "bench-" + "s" * 50)
        os.environ.setdefault("LVZHI_FIELD_KEY", "bench-" + "f" * 50)
    setup_django()  # the database it empties may not exist yet (make bench)
    from django.db import connection, connections

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        sys.exit("bench/voting.py needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    migrated()
    from lvzhi.registry.demo.seed import seed

    seed("small", progress=lambda *a: None)
    poll, users = _setup(args.deputies, secret=args.secret)
    listener = _Listener(poll.pk, args.deputies)
    listener.start()

    from lvzhi.core.models import User
    from lvzhi.voting import services
    from lvzhi.voting.models import NamedVote, Poll, Receipt

    candidate = poll.candidates.order_by("position").first() if args.secret else None
    load_before = os.getloadavg()
    server = (
        _Gunicorn(
            args.http_workers,
            args.port,
            args.http_threads,
            args.no_js,
            args.server_cpus,
            candidate=candidate.pk if candidate else None,
            endpoint=args.endpoint,
        )
        if args.http
        else None
    )
    # Phases, each timed from the moment every client thread is ready: with --http the bare
    # one-row INSERT view through the same server first (the floor), then the votes.
    phases = ["bare", "vote"] if server is not None and not args.no_bare else ["vote"]
    if "bare" in phases:
        _bare_table(create=True)
    cpu_at: dict[str, float] = {}
    cookies = _sessions(users) if args.http else {}

    def prepare(ids: list[int]) -> tuple[dict[int, Any], Any, Any]:
        people = {u.pk: u for u in User.objects.filter(pk__in=ids)}
        target = Poll.objects.get(pk=poll.pk)
        conn = server.connect() if server else None
        if conn is not None and server is not None and not args.cold:
            # Every deputy has the ballot open before the poll opens, as in the hall: the
            # page is loaded (and every server process warmed) before timing starts.
            for pk in ids:
                server.open_page(conn, poll.pk, cookies[pk])
        return people, target, conn

    def request(state: tuple[dict[int, Any], Any, Any], pk: int, phase: str) -> None:
        people, target, conn = state
        if phase == "bare" and conn is not None and server is not None:
            server.bare(conn, poll.pk, cookies[pk])
        elif conn is not None and server is not None:
            server.vote(conn, poll.pk, cookies[pk])
        elif candidate is not None:
            services.ballot_cast(actor=people[pk], poll=target, marks={candidate.pk: "yes"})
        else:
            services.vote_cast(actor=people[pk], poll=target, choice="yes")

    def on_start(phase: str) -> None:
        if server is not None:
            cpu_at[phase] = server.cpu_seconds()

    run: ClientRun = run_clients(
        users,
        args.workers,
        prepare,
        request,
        phases=phases,
        on_start=on_start,
        finish=lambda state: connections.close_all(),
    )
    latencies, done_at, started, errors = run.latencies, run.done_at, run.started, run.errors
    phase_cpu: dict[str, float] = {}
    server_cpu = float("nan")
    if server is not None:
        import resource

        end_cpu = server.cpu_seconds()
        for i, phase in enumerate(phases):
            later = cpu_at[phases[i + 1]] if i + 1 < len(phases) else end_cpu
            phase_cpu[phase] = later - cpu_at.get(phase, float("nan"))
        server.stop()
        # gunicorn and its workers, reaped: their CPU time (start-up included).
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_cpu = used.ru_utime + used.ru_stime
    if "bare" in phases:
        _bare_table(create=False)
    last_vote = max(done_at["vote"])
    wall = last_vote - started["vote"]
    accepted = (Receipt if args.secret else NamedVote).objects.filter(poll_id=poll.pk).count()
    listener.wait_for_votes(args.deputies, timeout=10)
    screen_delay = (listener.saw_all_at or float("nan")) - last_vote

    from lvzhi.core.models import User as U

    office = U.objects.get(username="office")
    t0 = time.perf_counter()
    closed = services.poll_close(actor=office, poll=poll)
    close_time = time.perf_counter() - t0
    listener.wait_for_close(timeout=10)
    screen_close = (listener.closed_at or float("nan")) - t0
    listener.stop()
    count_time = publish_time = float("nan")
    if args.secret:
        t1 = time.perf_counter()
        closed = services.poll_count(actor=office, poll=closed, shares=poll.shares[:2])
        count_time = time.perf_counter() - t1
        t1 = time.perf_counter()
        services.poll_publish(actor=office, poll=closed)
        publish_time = time.perf_counter() - t1

    ms = sorted(x * 1000 for x in latencies["vote"])
    rows = [
        ("path", "HTTP (gunicorn)" if args.http else "vote service", ""),
        ("poll", "secret election (sealed)" if args.secret else "named vote", ""),
        ("deputies / workers", f"{args.deputies} / {args.workers}", ""),
        ("accepted votes", str(accepted), f"errors: {len(errors)}"),
        ("all votes cast in", f"{wall:.2f} s", f"{accepted / wall:.0f} votes/s"),
        ("cast latency p50", f"{statistics.median(ms):.1f} ms", ""),
        ("cast latency p99", f"{percentile99(ms):.1f} ms", f"max {ms[-1]:.1f} ms"),
        ("server CPU (gunicorn)", f"{server_cpu:.1f} s", "all workers, start-up included"),
        ("close to final result", f"{close_time * 1000:.0f} ms", f"adopted: {closed.adopted}"),
        (
            "count with two tellers' shares",
            f"{count_time * 1000:.0f} ms",
            f"{closed.result.get('returned', '')} ballots opened" if args.secret else "n/a",
        ),
        ("publish (destroy sealed ballots)", f"{publish_time * 1000:.0f} ms", ""),
        (
            "screen: last vote to full count",
            f"{max(screen_delay, 0.0) * 1000:.0f} ms",
            "shown before the last answer reached its phone" if screen_delay < 0 else "",
        ),
        ("screen: close to result shown", f"{screen_close * 1000:.0f} ms", ""),
        ("screen: counts shown", str(listener.messages), "one per count, not one per vote"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>12}  {note}")
    if errors:
        print("first error:", repr(errors[0]))
    if server is not None:
        peer = openslides_peer(args)
        print()
        print(side_by_side(phases, latencies, started, done_at, phase_cpu, args, load_before, peer))


def side_by_side(
    phases: list[str],
    latencies: dict[str, list[float]],
    started: dict[str, float],
    done_at: dict[str, list[float]],
    cpu: dict[str, float],
    args: Any,
    load_before: tuple[float, float, float],
    peer: Any = None,
) -> str:
    """The vote beside the bare one-row INSERT view, same server, client and run; and, when
    ``peer`` is given, OpenSlides 3.3's vote (an ``openslides33.Result``) or why it was
    skipped (an ``openslides33.Skip``), with the ratio of issue 26.1."""
    import openslides33

    label = {
        "bare": "bare one-row INSERT view",
        "vote": f"phone vote (/{args.endpoint}/)",
    }
    load_after = os.getloadavg()
    lines = [
        f"side by side, one run: {args.deputies} requests per row, {args.workers} client threads "
        f"(keep-alive), gunicorn {args.http_workers} workers; load average before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in load_after)}",
        f"{'path':<28} {'wall s':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'srv CPU s':>9} {'CPU ms/req':>10}",
    ]
    rate: dict[str, float] = {}
    for p in phases:
        ms = sorted(x * 1000 for x in latencies[p])
        wall = max(done_at[p]) - started[p]
        rate[p] = len(ms) / wall
        c = cpu.get(p, float("nan"))
        lines.append(
            f"{label[p]:<28} {wall:>7.2f} {rate[p]:>7.0f} {statistics.median(ms):>7.1f} "
            f"{percentile99(ms):>7.1f} {c:>9.2f} {c / len(ms) * 1000:>10.2f}"
        )
    if isinstance(peer, openslides33.Result):
        lines.append(openslides33.row(openslides33.LABEL, peer))
    if "bare" in rate:
        lines.append(
            f"votes/s as a share of the bare view's requests/s: {rate['vote'] / rate['bare']:.0%}"
        )
    if isinstance(peer, openslides33.Result):
        lines.append(
            "OpenSlides 3.3 (gunicorn, uvicorn workers), timed after lvzhi's rows with the same "
            f"client: load average before {' '.join(f'{x:.2f}' for x in peer.load_before)}, "
            f"after {' '.join(f'{x:.2f}' for x in peer.load_after)}; answered 200: "
            f"{peer.accepted}/{peer.requests}, voters recorded in its database: {peer.recorded}"
        )
    if peer is not None:
        lines.append(openslides33.ratio_line(rate["vote"], peer))
    return "\n".join(lines)


def openslides_peer(args: Any) -> Any:
    """OpenSlides 3.3 measured as the lvzhi rows were (same voters, client threads, server
    processes and CPUs), after them; ``None`` with ``--no-openslides``, otherwise its result or
    why it was skipped (no Python 3.8, no network for the install, …)."""
    if args.no_openslides:
        return None
    import openslides33

    try:
        return openslides33.measure(
            args.deputies, args.workers, args.http_workers, cpus=args.server_cpus
        )
    except openslides33.Skip as why:
        return why
    except Exception as exc:  # lvzhi's rows are measured already: print them all the same
        return openslides33.Skip(f"its run failed: {exc!r}")


def _bare_table(*, create: bool) -> None:
    """The scratch table of the bare INSERT view (``bench/vote_wsgi.py``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_vote")
        if create:
            cursor.execute(
                "CREATE TABLE bench_bare_vote (id bigserial PRIMARY KEY, poll integer NOT NULL, "
                "deputy integer NOT NULL, choice varchar(8) NOT NULL, at timestamptz NOT NULL, "
                "UNIQUE (poll, deputy))"
            )


def _setup(n: int, secret: bool = False) -> tuple[Any, list[int]]:
    """A Standing Committee meeting with ``n`` members, every one with an account and checked
    in, and a named vote (or, ``secret``, an election with its tellers' shares on
    ``poll.shares``) opened by the office."""
    from django.contrib.auth.hashers import make_password

    from lvzhi.core import clock
    from lvzhi.core.models import User
    from lvzhi.registry.models import Deputy

    now = clock.now()
    template = Deputy.objects.order_by("pk").first()
    assert template is not None
    have = list(Deputy.objects.order_by("pk").values_list("pk", flat=True)[:n])
    extra = [
        Deputy(
            name=f"测试代表{i}",
            name_pinyin=f"ceshi{i:05d}",
            name_initials="csdb",
            gender=template.gender,
            ethnicity=template.ethnicity,
            political_status=template.political_status,
            birth_date=template.birth_date,
            occupation_category=template.occupation_category,
            created_at=now,
            updated_at=now,
        )
        for i in range(n - len(have))
    ]
    Deputy.objects.bulk_create(extra, batch_size=500)
    ids = list(Deputy.objects.order_by("pk").values_list("pk", flat=True)[:n])
    Deputy.objects.filter(pk__in=ids, user__isnull=False).update(user=None)
    User.objects.bulk_create(
        [User(username=f"bench{d}", password=make_password(None)) for d in ids], batch_size=500
    )
    by_name = dict(User.objects.filter(username__startswith="bench").values_list("username", "pk"))
    for d in ids:
        Deputy.objects.filter(pk=d).update(user_id=by_name[f"bench{d}"])
    return _open_poll(ids, secret), [by_name[f"bench{d}"] for d in ids]


def _open_poll(ids: list[int], secret: bool = False) -> Any:
    """A Standing Committee meeting of the prefecture congress with the deputies ``ids``, all
    checked in, and a named vote (or, ``secret``, an election with its tellers' shares on
    ``poll.shares``) opened by the office."""
    import datetime as dt

    from lvzhi.core import clock
    from lvzhi.core.models import User
    from lvzhi.meetings import services as meetings
    from lvzhi.meetings.models import CheckIn, CheckInMethod
    from lvzhi.registry.models import Term
    from lvzhi.voting import services

    office = User.objects.get(username="office")
    term = Term.objects.get(congress__level="prefecture", is_current=True)
    now = clock.now()
    meeting = meetings.meeting_create(
        actor=office,
        congress=term.congress,
        kind="standing_committee",
        title="压力测试会议",
        opens_at=now,
        closes_at=now + dt.timedelta(hours=8),
    )
    meetings.participants_add(actor=office, meeting=meeting, deputy_ids=ids)
    sitting = meetings.sitting_add(actor=office, meeting=meeting, title="全体会议", starts_at=now)
    CheckIn.objects.bulk_create(
        [CheckIn(sitting=sitting, deputy_id=d, at=now, method=CheckInMethod.DESK) for d in ids],
        batch_size=500,
    )
    shares: tuple[str, ...] = ()
    if secret:
        poll = services.poll_create(
            actor=office,
            sitting=sitting,
            kind="election",
            subject="election",
            title="压力测试选举",
            seats=1,
            candidates=["甲", "乙"],
        )
        shares = services.poll_generate_keys(actor=office, poll=poll)
    else:
        poll = services.poll_create(
            actor=office, sitting=sitting, kind="named", subject="bill", title="压力测试表决"
        )
    poll = services.poll_open(actor=office, poll=poll)
    poll.shares = shares  # type: ignore[attr-defined]
    return poll


def _sessions(user_ids: list[int]) -> dict[int, str]:
    """One signed-in session per deputy, written to the session store as signing in would."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lvzhi.core import clock
    from lvzhi.core.models import User

    out = {}
    for user in User.objects.filter(pk__in=user_ids):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["last_seen"] = store["started_at"] = clock.now().timestamp()
        store.create()
        out[user.pk] = str(store.session_key)
    return out


class _Gunicorn:
    """gunicorn serving the platform on a free loopback port with production settings."""

    CSRF = "b" * 32  # a CSRF secret the client sends as cookie and header alike

    def __init__(
        self,
        workers: int,
        port: int = 0,
        threads: int = 1,
        no_js: bool = False,
        cpus: str = "",
        candidate: int | None = None,
        endpoint: str = "cast",
    ) -> None:
        self.no_js = no_js
        self.candidate = candidate
        self.endpoint = endpoint
        import socket
        import subprocess

        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
            self.port = int(s.getsockname()[1])
        env = {
            **os.environ,
            "LVZHI_DEBUG": "0",
            "LVZHI_SSL_REDIRECT": "0",
            "LVZHI_STAFF_2FA": "0",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
            "LVZHI_DB_CONN_MAX_AGE": os.environ.get("LVZHI_DB_CONN_MAX_AGE", "60"),
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        pin = ["taskset", "-c", cpus] if cpus else []
        self.proc = subprocess.Popen(
            [
                *pin,
                str(gunicorn),
                "vote_wsgi:application",  # the platform plus the bare INSERT view
                "--pythonpath",
                f"{ROOT / 'src'},{ROOT / 'bench'}",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--threads",
                str(threads),
                "--keep-alive",
                "30",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not listening(self.port):
            raise TimeoutError("gunicorn did not start")

    def connect(self) -> Any:
        import http.client

        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def vote(self, conn: Any, poll_pk: int, session_key: str) -> None:
        """What the phone page sends: the form's fields (with its one-time submission key)
        through htmx, answered by the ballot card. With ``--no-js``: the plain form, answered
        by a 303 that the browser follows to the poll page."""
        import uuid

        cookie = f"sessionid={session_key}; csrftoken={self.CSRF}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-CSRFToken": self.CSRF,
        }
        if not self.no_js:
            headers["HX-Request"] = "true"
        conn.request(
            "POST",
            # The phone page's script posts a named vote to /cast/; the plain form, /vote/.
            f"/voting/{poll_pk}/{'vote' if self.no_js or self.candidate else self.endpoint}/",
            body=(
                f"c{self.candidate}=yes&write_in=&_submission={uuid.uuid4().hex}"
                if self.candidate is not None
                else f"choice=yes&_submission={uuid.uuid4().hex}"
            ),
            headers=headers,
        )
        response = conn.getresponse()
        body = response.read()
        if self.no_js:
            if response.status not in (302, 303):
                raise RuntimeError(f"vote answered {response.status}")
            conn.request("GET", response.getheader("Location"), headers={"Cookie": cookie})
            page = conn.getresponse()
            page.read()
            if page.status != 200:
                raise RuntimeError(f"the poll page answered {page.status}")
        elif response.status != 200 or b'role="status"' not in body:
            raise RuntimeError(f"vote answered {response.status}")

    def bare(self, conn: Any, poll_pk: int, session_key: str) -> None:
        """The bare one-row INSERT view, posted as the vote is (same cookies and CSRF)."""
        conn.request(
            "POST",
            "/bench/insert/",
            body=f"poll={poll_pk}&choice=yes",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session_key}; csrftoken={self.CSRF}",
                "X-CSRFToken": self.CSRF,
                "HX-Request": "true",
            },
        )
        response = conn.getresponse()
        body = response.read()
        if response.status != 200 or b'role="status"' not in body:
            raise RuntimeError(f"bare insert answered {response.status}")

    def cpu_seconds(self) -> float:
        """User + system CPU of gunicorn's worker processes so far (from /proc)."""
        return children_cpu_seconds(self.proc.pid)

    def open_page(self, conn: Any, poll_pk: int, session_key: str) -> None:
        """The deputy's phone loads the poll page (the ballot), before the vote is timed."""
        conn.request("GET", f"/voting/{poll_pk}/", headers={"Cookie": f"sessionid={session_key}"})
        page = conn.getresponse()
        page.read()
        if page.status != 200:
            raise RuntimeError(f"the poll page answered {page.status}")

    def stop(self) -> None:
        stop_process(self.proc)


class _Listener(threading.Thread):
    """The projector screen: the real WebSocket consumer (``voting.consumers``), connected as
    the office, on the configured channel layer; it records when it shows the full count and
    the closed result."""

    def __init__(self, poll_pk: int, n: int) -> None:
        super().__init__(daemon=True)
        self.poll_pk = poll_pk
        self.n = n
        self.saw_all_at: float | None = None
        self.closed_at: float | None = None
        self.messages = 0
        self._halt = threading.Event()
        self._ready = threading.Event()
        self._all = threading.Event()
        self._closed = threading.Event()

    def run(self) -> None:
        asyncio.run(self._listen())

    async def _listen(self) -> None:
        from channels.db import database_sync_to_async
        from channels.routing import URLRouter
        from channels.testing import WebsocketCommunicator

        from lvzhi.core.models import User
        from lvzhi.voting.routing import websocket_urlpatterns

        office = await database_sync_to_async(User.objects.get)(username="office")
        screen = WebsocketCommunicator(
            URLRouter(websocket_urlpatterns), f"/ws/voting/polls/{self.poll_pk}/"
        )
        screen.scope["user"] = office
        # Generous time-outs: on a loaded machine the default (1 s) lost the screen silently.
        connected, _code = await screen.connect(timeout=60)
        if not connected:
            raise RuntimeError("the screen could not connect")
        await screen.receive_json_from(timeout=60)
        self._ready.set()
        while not self._halt.is_set():
            # Read the consumer's output queue directly: the communicator's own timeout
            # cancels the application, which a screen waiting for the next vote must not be.
            try:
                sent = await asyncio.wait_for(screen.output_queue.get(), timeout=0.5)
            except TimeoutError:
                continue
            if sent.get("type") != "websocket.send":
                break
            counts = json.loads(sent["text"])
            self.messages += 1
            if counts.get("voted", 0) >= self.n and self.saw_all_at is None:
                self.saw_all_at = time.perf_counter()
                self._all.set()
            if counts.get("status") == "closed" and self.closed_at is None:
                self.closed_at = time.perf_counter()
                self._closed.set()
        await screen.disconnect()

    def start(self) -> None:
        super().start()
        if not self._ready.wait(60):
            print("the screen did not connect within 60 s: its rows will be empty")

    def wait_for_votes(self, n: int, timeout: float) -> None:
        self._all.wait(timeout)

    def wait_for_close(self, timeout: float) -> None:
        self._closed.wait(timeout)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


if __name__ == "__main__":
    main()


def rows(ctx, deputies: int = 1000, workers: int = 16):  # type: ignore[no-untyped-def]
    """`make bench` (bench/all.py): the vote load test through the vote service on the bench
    database, beside bare INSERTs with the same concurrency (``ctx.insert_baseline``).

    Unlike ``main`` it does not empty the database: ``deputies`` deputies get (or keep, from an
    earlier run) an account named ``vbench…``, and each run leaves one meeting with its closed
    poll behind."""
    from django.db import connections

    from lvzhi.core.models import User
    from lvzhi.voting import services
    from lvzhi.voting.models import NamedVote, Poll

    poll, users = _setup_in_place(deputies)

    def prepare(ids: list[int]) -> tuple[dict[int, Any], Any]:
        return {u.pk: u for u in User.objects.filter(pk__in=ids)}, Poll.objects.get(pk=poll.pk)

    run = run_clients(
        users,
        workers,
        prepare,
        lambda state, pk, phase: services.vote_cast(
            actor=state[0][pk], poll=state[1], choice="yes"
        ),
        finish=lambda state: connections.close_all(),
        timeout=60,
    )
    latencies = [x * 1000 for x in run.latencies["timed"]]
    wall = time.perf_counter() - run.started["timed"] if run.started else float("nan")
    if run.errors:
        raise run.errors[0]
    accepted = NamedVote.objects.filter(poll_id=poll.pk).count()
    office = User.objects.get(username="office")
    t0 = time.perf_counter()
    services.poll_close(actor=office, poll=poll)
    close_ms = (time.perf_counter() - t0) * 1000
    base = ctx.insert_baseline
    note = f"{accepted}/{deputies} accepted, {workers} threads"
    return [
        ctx.row(
            "voting",
            "vote cast p50 (service)",
            statistics.median(latencies),
            baseline=base.get("p50"),
            note=note,
        ),
        ctx.row(
            "voting",
            "vote cast p99 (service)",
            percentile99(latencies),
            baseline=base.get("p99"),
            target="p99 < 300 ms",
            note=note,
        ),
        ctx.row(
            "voting",
            f"{deputies} votes cast",
            wall,
            unit="s",
            baseline=base.get("wall"),
            target="< 10 s",
            note=note,
        ),
        ctx.row("voting", "close to final result", close_ms, target="< 1000 ms"),
    ]


def _setup_in_place(n: int) -> tuple[Any, list[int]]:
    """Like ``_setup`` but keeping the data set: a Standing Committee meeting of the
    prefecture congress with ``n`` deputies who have no account of their own (they get a
    ``vbench…`` account, reused by later runs), all checked in, and a named vote opened."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Q

    from lvzhi.core.models import User
    from lvzhi.registry.models import Deputy

    ids = list(
        # vbench…: made by this function; bench…: by ``main`` (bench/voting.py on its own).
        Deputy.objects.filter(
            Q(user__username__startswith="vbench") | Q(user__username__startswith="bench")
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    if len(ids) < n:
        fresh = list(
            Deputy.objects.filter(user__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: n - len(ids)]
        )
        User.objects.bulk_create(
            [User(username=f"vbench{d}", password=make_password(None)) for d in fresh],
            batch_size=500,
        )
        by_name = dict(
            User.objects.filter(username__in=[f"vbench{d}" for d in fresh]).values_list(
                "username", "pk"
            )
        )
        for d in fresh:
            Deputy.objects.filter(pk=d).update(user_id=by_name[f"vbench{d}"])
        ids += fresh
    poll = _open_poll(ids)
    users = list(Deputy.objects.filter(pk__in=ids).values_list("user_id", flat=True))
    return poll, users
