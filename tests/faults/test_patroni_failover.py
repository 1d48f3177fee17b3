"""Automatic failover with no acknowledged write lost (issue 27.1): three PostgreSQL instances
under Patroni with one etcd, synchronous replication (``synchronous_mode``), the seeded data
copied in, and gunicorn connecting through libpq multi-host (``host=a,b,c`` with
``target_session_attrs=read-write``: libpq keeps the member that accepts writes, so the app
needs no proxy and no restart to follow Patroni's choice).

During a 200-voter secret election, with deputies drafting and submitting suggestions, the
primary's PostgreSQL is killed (SIGKILL, postmaster and backends). Then:

- every ballot acknowledged to a phone (its tracker shown) is in the new primary's box, and
  every deputy's ballot is there exactly once (those whose answer was lost cast again and are
  told it is already in, or it goes in now);
- every acknowledged draft and submission is on the new primary;
- no request took longer than ``HANG_BOUND`` (the client's timeout): none hung;
- during the switch users got the 503 "database unavailable, try again" answer (Retry-After),
  never a 500 or a dropped connection;
- the poll goes on: ballots are acknowledged after the new primary took over.

The figures (time to a new primary, requests answered 503 and retried, ballots lost) are
printed; docs/performance.md records a run."""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection

from lvzhi.suggestions.models import Category
from lvzhi.voting import sealing, services

from ..meetings.helpers import check_in, more_deputies, sc_meeting, sitting_now, term, u
from .appserver import TRACKER, AppServer, sessions
from .patroni import PatroniCluster, missing_patroni
from .servers import copy_database, missing_postgres

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL cluster"),
    pytest.mark.skipif(bool(missing_patroni()), reason=missing_patroni() or "-"),
]
VOTERS = 200
CLIENTS = 12  # phones sending at the same moment
SUBMITTERS = 6
HANG_BOUND = 30.0  # seconds: the client's timeout; a request still unanswered then has hung
RETRY_PAUSE = 0.5  # a deputy taps "again"
GIVE_UP = 240.0  # seconds a voter keeps trying before the test calls the ballot lost
RETRY_TEXT = "无法连接数据库"  # "The database cannot be reached" (503_database.html)
LOCATION = re.compile(r"/suggestions/(\d+)/$")


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acked: dict[str, str] = field(default_factory=dict)  # session → tracker
    already: set[str] = field(default_factory=set)
    ack_times: list[float] = field(default_factory=list)
    retried: int = 0  # answers 503 "try again"
    bad: list[str] = field(default_factory=list)  # anything else: 500, dropped, hung
    longest: float = 0.0
    drafts: dict[int, str] = field(default_factory=dict)  # acknowledged draft pk → title
    submitted: set[int] = field(default_factory=set)  # acknowledged submissions
    submit_times: list[float] = field(default_factory=list)
    not_found: dict[int, float] = field(default_factory=dict)  # draft pk → when its submit got 404

    def answer(self, app: AppServer, method: str, path: str, **kw: object) -> tuple[int, bytes]:
        """One request; a 503 is checked to be the retry answer, anything unexpected logged."""
        started = time.monotonic()
        try:
            status, body = app.request(method, path, timeout=HANG_BOUND, **kw)  # type: ignore[arg-type]
        except TimeoutError:
            status, body = -1, b"hung"
        except (OSError, http.client.HTTPException) as exc:
            status, body = -2, repr(exc).encode()
        took = time.monotonic() - started
        headers = dict(app.last_headers) if status > 0 else {}
        with self.lock:
            self.longest = max(self.longest, took)
            if status == 503 and RETRY_TEXT.encode() in body and headers.get("Retry-After"):
                self.retried += 1
            elif status not in (200, 302):
                self.bad.append(f"{method} {path}: {status} {body[:300].decode(errors='replace')}")
        return status, body


@pytest.fixture
def cluster() -> Iterator[PatroniCluster]:
    if missing_postgres():
        pytest.skip(missing_postgres())
    patroni = PatroniCluster(members=3)
    try:
        yield patroni
    finally:
        patroni.stop()


def _vote(app: AppServer, log: Log, poll: int, key: str, candidate: int) -> None:
    deadline = time.monotonic() + GIVE_UP
    while time.monotonic() < deadline:
        status, body = log.answer(
            app,
            "POST",
            f"/voting/{poll}/vote/",
            session=key,
            body=f"c{candidate}=yes&write_in=&write_in=",
        )
        found = TRACKER.search(body) if status == 200 else None
        with log.lock:
            if found:
                log.acked[key] = found.group(1).decode()
                log.ack_times.append(time.monotonic())
                return
            if status == 200 and "只计一次".encode() in body:
                log.already.add(key)
                return
        time.sleep(RETRY_PAUSE)


def _submit(app: AppServer, log: Log, key: str, term_pk: int, stop: threading.Event) -> None:
    """Draft a suggestion, submit it, again, until told to stop; a 503 is tried again."""
    n = 0
    while not stop.is_set():
        n += 1
        title = f"故障切换演练建议 {key[:6]}-{n}"
        form = {"term": term_pk, "title": title, "category": Category.ECONOMY, "body": "演练。"}
        status, _ = log.answer(
            app, "POST", "/suggestions/new/", session=key, body=urlencode(form), htmx=False
        )
        where = dict(app.last_headers).get("Location", "") if status == 302 else ""
        made = LOCATION.search(where)
        if made is None:
            time.sleep(RETRY_PAUSE)
            continue
        pk = int(made.group(1))
        with log.lock:
            log.drafts[pk] = title
        while not stop.is_set():
            status, _ = log.answer(
                app, "POST", f"/suggestions/{pk}/submit/", session=key, htmx=False
            )
            # Acknowledged: the redirect to the suggestion's page (one to the sign-in page
            # would be a lost session, not a submission).
            back = dict(app.last_headers).get("Location", "") if status == 302 else ""
            if back.endswith(f"/suggestions/{pk}/"):
                with log.lock:
                    log.submitted.add(pk)
                    log.submit_times.append(time.monotonic())
                break
            if status == 404:
                with log.lock:
                    log.not_found.setdefault(pk, time.monotonic())
            time.sleep(RETRY_PAUSE)


def _where(patroni: PatroniCluster, pks: list[int]) -> str:
    """For a failure's message: on which member each row is, and each member's state."""
    lines = []
    for node in patroni.nodes:
        try:
            db = patroni.postgres(node)
            state = db.sql(
                "SELECT pg_is_in_recovery(), (SELECT timeline_id FROM pg_control_checkpoint()), "
                "pg_postmaster_start_time()"
            )
            rows = db.sql(
                "SELECT id, status FROM suggestions_suggestion WHERE id = ANY(%s)", "lvzhi", (pks,)
            )
            lines.append(f"{node.name}: recovery, timeline, started = {state[0]}; rows {rows}")
        except psycopg.Error as exc:
            lines.append(f"{node.name}: {exc}")
    return "\n".join(lines)


def _time_to_primary(patroni: PatroniCluster, old_port: int, since: float) -> float:
    """Seconds from the kill until libpq (as the app connects) reaches a new read-write member."""
    url = patroni.url("postgres", connect_timeout="2")
    while time.monotonic() - since < 120:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                row = conn.execute("SELECT inet_server_port()").fetchone()
                if row and row[0] != old_port:
                    return time.monotonic() - since
        except psycopg.OperationalError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"no new primary within 120 s:\n{patroni.logs()}")


def test_primary_killed_mid_poll_loses_no_acknowledged_ballot_or_submission(
    cluster: PatroniCluster, seeded_transactional: None
) -> None:
    started = time.monotonic()
    meeting, people = sc_meeting(members=VOTERS)
    people += more_deputies(meeting, VOTERS - len(people), "failover")
    sitting = sitting_now(meeting)
    check_in(sitting, people)
    poll = services.poll_create(
        actor=u("office"),
        sitting=sitting,
        kind="election",
        subject="election",
        title="补选",
        seats=1,
        candidates=["阿力木", "巴合提"],
    )
    services.poll_generate_keys(actor=u("office"), poll=poll)
    services.poll_open(actor=u("office"), poll=poll)
    candidate = poll.candidates.order_by("position").first().pk
    keys = sessions([d.user for d in people])
    voters = [keys[d.user.pk] for d in people]
    submitters = [keys[d.user.pk] for d in people[:SUBMITTERS]]  # serving prefecture deputies

    leader = cluster.wait_healthy()
    copy_database(connection.settings_dict, cluster.postgres(leader))
    app = AppServer(cluster.url("lvzhi"), threads=8, LVZHI_DB_CONN_MAX_AGE="60", REDIS_URL="")
    ready = time.monotonic()
    log = Log()
    stop = threading.Event()
    try:
        writers = [
            threading.Thread(target=_submit, args=(app, log, k, term().pk, stop))
            for k in submitters
        ]
        for t in writers:
            t.start()
        with ThreadPoolExecutor(CLIENTS) as pool:
            votes = [pool.submit(_vote, app, log, poll.pk, k, candidate) for k in voters]
            while len(log.acked) < VOTERS // 3 and time.monotonic() - ready < 300:
                time.sleep(0.05)
            assert len(log.acked) < VOTERS, "every ballot was in before the kill"
            killed_at = time.monotonic()
            acked_before = len(log.acked)
            assert cluster.kill_postgres(leader) > 1
            to_primary = _time_to_primary(cluster, leader.pg_port, killed_at)
            for v in votes:
                v.result(timeout=GIVE_UP + HANG_BOUND)
        # Deputies go on submitting a little after the switch.
        while time.monotonic() - killed_at < to_primary + 5:
            time.sleep(0.2)
        stop.set()
        for t in writers:
            t.join(timeout=2 * HANG_BOUND)
    finally:
        stop.set()
        app.stop()

    new = cluster.leader(exclude=leader)
    assert new is not None, cluster.logs()
    db = cluster.postgres(new)
    of_poll = "FROM {} WHERE poll_id = %s"
    sealed = db.sql("SELECT sealed " + of_poll.format("voting_sealedballot"), "lvzhi", (poll.pk,))
    box = [sealing.tracker(bytes(row[0])) for row in sealed]  # type: ignore[arg-type]
    receipts = db.sql("SELECT count(*) " + of_poll.format("voting_receipt"), "lvzhi", (poll.pk,))
    drafts = dict(
        db.sql(  # type: ignore[arg-type]
            "SELECT id, title FROM suggestions_suggestion WHERE id = ANY(%s)",
            "lvzhi",
            (list(log.drafts),),
        )
    )
    submitted = {
        row[0]
        for row in db.sql(
            "SELECT id FROM suggestions_suggestion WHERE id = ANY(%s) AND status = 'submitted' "
            "AND number IS NOT NULL",
            "lvzhi",
            (list(log.submitted),),
        )
    }
    after = [t for t in log.ack_times if t > killed_at + to_primary]
    lost = set(log.acked.values()) - set(box)
    print(
        f"\nfailover: {to_primary:.1f} s from the kill to a new read-write primary "
        f"({leader.name} → {new.name}); cluster and app ready in {ready - started:.0f} s; "
        f"ballots: {len(log.acked)} acknowledged ({acked_before} before the kill, "
        f"{len(after)} after the new primary), {len(log.already)} told 'already in'; "
        f"requests answered 503 and retried: {log.retried}; longest request {log.longest:.1f} s; "
        f"suggestions: {len(log.drafts)} drafts, {len(log.submitted)} submissions acknowledged; "
        f"acknowledged ballots lost: {len(lost)}; in the box: {len(box)} of {VOTERS}"
    )
    if log.not_found:
        since = {pk: round(t - killed_at - to_primary, 1) for pk, t in log.not_found.items()}
        print(f"submits answered 404 (s after the new primary): {since}")
        print(_where(cluster, list(log.not_found)))
        print(cluster.logs())
    assert not log.bad, log.bad[:10]  # no 500, no dropped connection, nothing hung
    assert log.longest < HANG_BOUND
    assert log.retried > 0, "no request met the switch: nothing was tested"
    assert not lost
    assert len(log.acked) + len(log.already) == VOTERS  # every deputy got an answer in the end
    assert len(box) == len(set(box)) == VOTERS == receipts[0][0]  # each ballot exactly once
    assert after, "no ballot was acknowledged after the failover"
    assert drafts == log.drafts
    assert submitted == log.submitted
    assert [t for t in log.submit_times if t > killed_at + to_primary]
