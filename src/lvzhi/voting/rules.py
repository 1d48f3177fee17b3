"""The thresholds of voting (R56, Art 28-30; Local Organic Law), as configurable defaults and
small pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

# R56: a sitting may vote only when at least two thirds of all its deputies are present.
QUORUM = Fraction(2, 3)
# R56: a bill, resolution or report is adopted with MORE than half of ALL deputies (not of
# those present) voting for it.
ADOPTION = Fraction(1, 2)
# R56: a candidate is elected with MORE than half of all deputies' votes.
ELECTION = Fraction(1, 2)


def quorum_met(present: int, members: int, quorum: Fraction = QUORUM) -> bool:
    """R56: present ≥ quorum × all deputies (exact arithmetic, no rounding)."""
    return members > 0 and present * quorum.denominator >= members * quorum.numerator


def more_than(count: int, members: int, share: Fraction = ADOPTION) -> bool:
    """R56: count > share × all deputies (adoption and election)."""
    return members > 0 and count * share.denominator > members * share.numerator


def needed(members: int, share: Fraction = ADOPTION) -> int:
    """The smallest count that is more than ``share`` of ``members`` (for the screen)."""
    return members * share.numerator // share.denominator + 1


def ballot_valid(yes_marks: int, write_ins: int, seats: int) -> bool:
    """R56: a ballot that selects more people than there are seats is invalid."""
    return yes_marks + write_ins <= seats


def election_valid(returned: int, issued: int) -> bool:
    """R56: the election is valid only if no more ballots are returned than were issued."""
    return returned <= issued


@dataclass(frozen=True)
class Outcome:
    name: str
    votes: int
    elected: bool


def elected(
    votes: Iterable[tuple[str, int]], members: int, seats: int, share: Fraction = ELECTION
) -> list[Outcome]:
    """R56: candidates over the threshold, most votes first, up to the seats; a tie at the last
    seat elects none of the tied (a further round decides)."""
    ranked = sorted(votes, key=lambda nv: (-nv[1], nv[0]))
    passing = [(n, v) for n, v in ranked if more_than(v, members, share)]
    winners: set[str] = set()
    if len(passing) <= seats:
        winners = {n for n, _v in passing}
    else:
        cut = passing[seats - 1][1] if seats else None
        above = [n for n, v in passing if cut is not None and v > cut]
        at_cut = [n for n, v in passing if v == cut]
        winners = set(above)
        if len(above) + len(at_cut) <= seats:
            winners |= set(at_cut)
    return [Outcome(n, v, n in winners) for n, v in ranked]


# R56: a secret ballot is judged on what the deputy sent, never on a trimmed form. Each
# ballot is given exactly one of these classes (the first that applies, in this order):
DUPLICATE = "duplicate"  # a candidate marked twice, or one person written in twice: unreadable
LISTED_WRITE_IN = "listed_write_in"  # 另选他人 names a listed candidate: ambiguous, invalid
OVERFILLED = "overfilled"  # more people selected (for + write-ins) than seats: invalid (R56)
BLANK = "blank"  # no for/against mark and no write-in: valid, abstains on every candidate
VALID = "valid"
INVALID_CLASSES = (DUPLICATE, LISTED_WRITE_IN, OVERFILLED)
# The longest name a write-in may have (as the candidate's name); longer is refused, not cut.
WRITE_IN_MAX = 64


def normalise_name(name: str) -> str:
    """Names compare with runs of white space as one space, nothing cut."""
    return " ".join((name or "").replace("\x00", "").split())


def classify_ballot(
    marks: Mapping[int, Sequence[str]],
    write_ins: Sequence[str],
    candidate_names: Mapping[int, str],
    seats: int,
) -> str:
    """R56: the class of a ballot from the raw submission: every value sent for each candidate
    (more than one is a duplicate) and every write-in field (empty fields are unused slots)."""
    names = [normalise_name(w) for w in write_ins]
    names = [n for n in names if n]
    if any(len(v) > 1 for v in marks.values()) or len(set(names)) != len(names):
        return DUPLICATE
    listed = {normalise_name(n) for n in candidate_names.values()}
    if any(n in listed for n in names):
        return LISTED_WRITE_IN
    yes = sum(1 for v in marks.values() if v and v[0] == "yes")
    if not ballot_valid(yes, len(names), seats):
        return OVERFILLED
    if not names and not any(v and v[0] in ("yes", "no") for v in marks.values()):
        return BLANK
    return VALID
