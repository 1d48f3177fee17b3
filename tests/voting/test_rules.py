"""R56 thresholds as pure functions."""

from __future__ import annotations

from fractions import Fraction

from lvzhi.voting import rules


def test_r56_quorum_needs_two_thirds_of_all_deputies_present() -> None:
    assert rules.quorum_met(present=6, members=9)
    assert not rules.quorum_met(present=5, members=9)
    assert rules.quorum_met(present=334, members=500)
    assert not rules.quorum_met(present=333, members=500)
    assert not rules.quorum_met(present=0, members=0)


def test_r56_adoption_needs_more_than_half_of_all_not_of_present() -> None:
    assert not rules.more_than(250, 500)
    assert rules.more_than(251, 500)
    assert rules.needed(500) == 251 and rules.needed(9) == 5
    assert rules.more_than(2, 3, Fraction(1, 2))


def test_r56_ballot_selecting_more_people_than_seats_is_invalid() -> None:
    assert rules.ballot_valid(yes_marks=2, write_ins=1, seats=3)
    assert not rules.ballot_valid(yes_marks=3, write_ins=1, seats=3)


def test_r56_election_valid_only_if_returned_not_above_issued() -> None:
    assert rules.election_valid(returned=100, issued=100)
    assert not rules.election_valid(returned=101, issued=100)


def test_r56_elected_over_half_up_to_the_seats_and_a_tie_at_the_last_seat_elects_none() -> None:
    out = rules.elected([("甲", 8), ("乙", 7), ("丙", 4)], members=10, seats=2)
    assert [(o.name, o.elected) for o in out] == [("甲", True), ("乙", True), ("丙", False)]
    tie = rules.elected([("甲", 8), ("乙", 7), ("丙", 7)], members=10, seats=2)
    assert [o.name for o in tie if o.elected] == ["甲"]
