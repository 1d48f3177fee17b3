"""R56, issue 20 item 2: validity judged on what was sent. Hypothesis crafts POSTs to the vote
endpoint of a secret election — a candidate marked several times, marks that are no mark,
more write-ins than seats, write-ins naming a listed candidate, the same name twice in other
spacing, empty and over-long fields, candidates of no poll — each from another deputy. Each
answer is a recorded ballot or a clear refusal, never a server error; after the count the
classes and the tallies equal those of an oracle written here from the rule's text, not from
``rules.classify_ballot``."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lvzhi.voting.models import Receipt

from ..meetings.helpers import u
from .helpers import count, election

pytestmark = pytest.mark.django_db

LISTED = ["阿力木", "巴合提", "陈静"]
SEATS = 2
VOTERS = 60
EXAMPLES = 45
NAMES = st.sampled_from(
    ["", "   ", "丁一", " 丁一 ", "丁  一", "王二", "李三", "阿力木", " 陈静", "x" * 64, "y" * 65]
)
VALUES = st.lists(
    st.sampled_from(["yes", "no", "abstain", "yes", "no", "maybe", ""]), min_size=0, max_size=3
)


def _oracle(values: dict[int, list[str]], write_ins: list[str]) -> str:
    """R56 as the rule reads, on the raw submission: refused when something sent is no mark or
    no name (nothing recorded); otherwise exactly one class."""
    if any(v not in ("yes", "no", "abstain") for vs in values.values() for v in vs):
        return "refused"
    names = [" ".join(w.split()) for w in write_ins]
    if any(len(n) > 64 for n in names):
        return "refused"
    names = [n for n in names if n]
    if any(len(vs) > 1 for vs in values.values()) or len(names) != len(set(names)):
        return "duplicate"
    if any(n in LISTED for n in names):
        return "listed_write_in"
    yes = sum(1 for vs in values.values() if vs == ["yes"])
    if yes + len(names) > SEATS:
        return "overfilled"
    if not names and not any(vs in (["yes"], ["no"]) for vs in values.values()):
        return "blank"
    return "valid"


def test_r56_crafted_ballots_are_classified_by_the_rule_on_what_was_sent() -> None:
    poll, people = election(members=VOTERS, present=VOTERS, seats=SEATS)
    from lvzhi.voting import services

    services.poll_open(actor=u("office"), poll=poll)
    candidates = list(poll.candidates.order_by("position"))
    voters = iter(people)
    expected: Counter[str] = Counter()
    yes_for: Counter[str] = Counter()
    written: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        values=st.lists(VALUES, min_size=len(candidates), max_size=len(candidates)),
        write_ins=st.lists(NAMES, max_size=5),
        stray=st.booleans(),
    )
    def cast(values: list[list[str]], write_ins: list[str], stray: bool) -> None:
        deputy = next(voters)
        data: dict[str, Any] = {f"c{c.pk}": v for c, v in zip(candidates, values, strict=True)}
        data = {k: v for k, v in data.items() if v}
        if stray:
            data["c999999"] = "yes"  # a candidate of no poll: not on this ballot, ignored
        data["write_in"] = write_ins
        client = Client(raise_request_exception=False)
        client.force_login(deputy.user)
        response = client.post(f"/voting/{poll.pk}/vote/", data)
        assert response.status_code == 303
        sent = {c.pk: v for c, v in zip(candidates, values, strict=True) if v}
        kind = _oracle(sent, write_ins)
        recorded = Receipt.objects.filter(poll=poll, deputy=deputy).exists()
        assert recorded == (kind != "refused"), (data, kind)
        if kind == "refused":
            page = client.get(f"/voting/{poll.pk}/").content.decode()
            assert "字" in page or "赞成、反对或弃权" in page
            return
        expected[kind] += 1
        if kind in ("valid", "blank"):
            for c, v in zip(candidates, values, strict=True):
                if v == ["yes"]:
                    yes_for[c.name] += 1
            for n in {" ".join(w.split()) for w in write_ins} - {""}:
                written[n] += 1

    cast()
    poll = count(poll)
    r = poll.result
    assert r["returned"] == sum(expected.values())
    assert (
        r["invalid"] == expected["duplicate"] + expected["listed_write_in"] + expected["overfilled"]
    )
    assert r["classes"] == {
        "duplicate": expected["duplicate"],
        "listed_write_in": expected["listed_write_in"],
        "overfilled": expected["overfilled"],
        "blank": expected["blank"],
    }
    assert {c["name"]: c["yes"] for c in r["candidates"]} == {n: yes_for[n] for n in LISTED}
    assert {w["name"]: w["yes"] for w in r["write_ins"]} == dict(written)
