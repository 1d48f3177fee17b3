"""R56, issue 20 "done means" (a): an election of 200 voters on PostgreSQL, half cast one after
another and half from eight connections at once, then every linking attack an operator has —
the storage order of the tables (ctid), the transaction ids (xmin), the random keys, the rows
in ``pg_dump`` output taken during and after the poll, and the logs. Each voter writes in a
name of their own, so a pairing of a receipt with a counted ballot can be scored exactly; the
best attack must pair no more than chance allows (a random pairing of 200 gets one right on
average; ``CHANCE_MARGIN`` or more happens by chance about once in 10^5 runs).

A positive control shows the attacks are real: with the tellers' key, the sealed ballots of a
dump taken during the poll are paired with their voters by storage order — which is why the key
exists only in memory at the count and the sealed ballots are destroyed at publication."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import threading
from collections.abc import Iterable
from typing import Any

import pytest
from django.db import connection, connections

from lvzhi.core.models import User
from lvzhi.voting import sealing, services
from lvzhi.voting.models import Poll

from ..meetings.helpers import check_in, more_deputies, sc_meeting, sitting_now, u

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="attacks PostgreSQL storage"),
]

VOTERS = 200
CHANCE_MARGIN = 8
THREADS = 8


def _token(i: int) -> str:
    return f"另选{i:03d}号"


def _rows(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def _dump() -> str:
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    args = ["pg_dump", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432)]
    args += ["-U", s["USER"] or "postgres", "--data-only", "--table=voting_*", s["NAME"]]
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout


def _copy_block(dump: str, table: str) -> list[dict[str, str]]:
    """The rows of a table in the dump, in the dump's order, by column name."""
    m = re.search(rf"^COPY public\.{table} \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", dump, re.M | re.S)
    if m is None:
        return []
    names = [n.strip() for n in m.group(1).split(",")]
    return [dict(zip(names, line.split("\t"), strict=True)) for line in m.group(2).splitlines()]


def _score(voters: list[int], ballots: list[str], token_of: dict[int, str]) -> int:
    """How many pairs (i-th voter, i-th ballot) are right."""
    return sum(1 for d, b in zip(voters, ballots, strict=False) if token_of[d] == b)


def test_r56_no_linking_attack_pairs_a_voter_with_a_ballot_better_than_chance(
    seeded_transactional: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    meeting, people = sc_meeting(members=VOTERS)
    people += more_deputies(meeting, VOTERS - len(people), "secrecy")
    assert len(people) == VOTERS
    sitting = sitting_now(meeting)
    check_in(sitting, people)
    poll = services.poll_create(
        actor=u("office"),
        sitting=sitting,
        kind="election",
        subject="election",
        title="补选",
        seats=2,
        candidates=["阿力木", "巴合提", "陈静"],
    )
    shares = services.poll_generate_keys(actor=u("office"), poll=poll)
    services.poll_open(actor=u("office"), poll=poll)
    a = poll.candidates.order_by("position").first()
    token_of = {d.pk: _token(i) for i, d in enumerate(people)}
    uid_of = {d.pk: d.user.pk for d in people}
    trackers: dict[int, str] = {}

    def cast(deputy_id: int) -> None:
        t = services.ballot_cast(
            actor=User.objects.get(pk=uid_of[deputy_id]),
            poll=Poll.objects.get(pk=poll.pk),
            marks={a.pk: "yes"},
            write_ins=[token_of[deputy_id]],
        )
        assert t is not None
        trackers[deputy_id] = t

    half = VOTERS // 2
    for d in people[:half]:  # one after another
        cast(d.pk)

    def worker(ids: list[int]) -> None:
        try:
            for d in ids:
                cast(d)
        finally:
            connections.close_all()

    rest = [d.pk for d in people[half:]]
    threads = [threading.Thread(target=worker, args=(rest[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(trackers) == VOTERS

    # ---- during the poll: a dump holds receipts and sealed ballots, no plaintext ----------
    during = _dump()
    assert not any(_token(i) in during for i in range(VOTERS))
    sealed_rows = _copy_block(during, "voting_sealedballot")
    receipt_rows = _copy_block(during, "voting_receipt")
    assert len(sealed_rows) == len(receipt_rows) == VOTERS
    # Positive control: whoever also gets the key (two tellers' shares) pairs the dump's
    # receipts and sealed ballots by storage order — the attack works on what it can read.
    key = sealing.combine(
        [sealing.parse_share(s) for s in shares[:2]], bytes(poll.sealing_key.public_key)
    )
    context = f"lvzhi-poll:{poll.pk}".encode()
    opened = [
        json.loads(sealing.open_sealed(key, bytes.fromhex(r["sealed"].lstrip("\\")[1:]), context))[
            "w"
        ][0]
        for r in sealed_rows
    ]
    control = _score([int(r["deputy_id"]) for r in receipt_rows], opened, token_of)
    assert control > VOTERS // 2

    # ---- the count and the publication ------------------------------------------------------
    services.poll_close(actor=u("office"), poll=poll)
    counted = services.poll_count(actor=u("office"), poll=poll, shares=[shares[2], shares[1]])
    assert counted.result["returned"] == VOTERS
    assert {w["name"] for w in counted.result["write_ins"]} == set(token_of.values())
    published = services.poll_publish(actor=u("office"), poll=counted)

    # ---- after: the attacks on the live tables ---------------------------------------------
    receipts = _rows(
        "SELECT deputy_id, xmin::text::bigint, ctid::text, id::text FROM voting_receipt "
        "WHERE poll_id = %s",
        [poll.pk],
    )
    ballots = _rows(
        "SELECT m.write_in, b.xmin::text::bigint, b.ctid::text, b.id::text, m.ctid::text "
        "FROM voting_ballot b JOIN voting_ballotmark m ON m.ballot_id = b.id "
        "WHERE b.poll_id = %s AND m.mark = 'write_in'",
        [poll.pk],
    )
    assert len(receipts) == len(ballots) == VOTERS

    def ctid(value: str) -> tuple[int, int]:
        page, item = value.strip("()").split(",")
        return int(page), int(item)

    scores: dict[str, int] = {}
    by = {
        "storage order (ctid)": (lambda r: ctid(r[2]), lambda b: ctid(b[2])),
        "storage order of ballot lines": (lambda r: ctid(r[2]), lambda b: ctid(b[4])),
        "transaction id (xmin, then ctid)": (
            lambda r: (r[1], ctid(r[2])),
            lambda b: (b[1], ctid(b[2])),
        ),
        "random keys (uuid order)": (lambda r: r[3], lambda b: b[3]),
    }
    for name, (rkey, bkey) in by.items():
        voters = [r[0] for r in sorted(receipts, key=rkey)]
        for reverse in (False, True):
            written = [b[0] for b in sorted(ballots, key=bkey, reverse=reverse)]
            scores[f"{name}{' reversed' if reverse else ''}"] = _score(voters, written, token_of)
    # xmin: the counted ballots share one transaction, none of the receipts'.
    assert len({b[1] for b in ballots}) == 1
    assert {b[1] for b in ballots}.isdisjoint({r[1] for r in receipts})

    # ---- after: the dump ---------------------------------------------------------------------
    after = _dump()
    assert _copy_block(after, "voting_sealedballot") == []
    assert _copy_block(after, "voting_pollkey") == []
    dump_voters = [
        int(r["deputy_id"])
        for r in _copy_block(after, "voting_receipt")
        if r["poll_id"] == str(poll.pk)
    ]
    dump_ballots = [
        r["write_in"] for r in _copy_block(after, "voting_ballotmark") if r["mark"] == "write_in"
    ]
    scores["pg_dump row order"] = _score(dump_voters, dump_ballots, token_of)
    # A tracker is in the published box for every voter, and says nothing: sorted, no plaintext.
    published_trackers = [r["tracker"] for r in _copy_block(after, "voting_tracker")]
    assert sorted(trackers.values()) == published_trackers == sorted(published_trackers)

    # ---- the logs ------------------------------------------------------------------------------
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(_token(i) in logged for i in range(VOTERS))

    assert published.published_at is not None
    print("correct pairs per attack:", scores, "positive control:", control)
    assert max(scores.values()) < CHANCE_MARGIN, scores
