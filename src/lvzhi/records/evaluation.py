"""R48 (Art 94, 95): scores, rankings within an electoral unit, and the two flags, each with
the figures and the threshold that raised it. Pure functions over counts; ``selectors``
gathers the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from . import rules

TALK = "talk"
COMMEND = "commend"


@dataclass
class SchemeValues:
    weights: dict[str, Decimal]
    talk_below: Decimal
    commend_from: Decimal
    talk_absences: int


@dataclass
class Flag:
    kind: str  # TALK or COMMEND
    reasons: list[str]


@dataclass
class Row:
    membership: Any
    counts: dict[str, int | None]
    score: Decimal = Decimal(0)
    rank: int = 0
    of: int = 0
    flags: list[Flag] = field(default_factory=list)

    @property
    def talk(self) -> Flag | None:
        return next((f for f in self.flags if f.kind == TALK), None)

    @property
    def commend(self) -> Flag | None:
        return next((f for f in self.flags if f.kind == COMMEND), None)


class Standing(NamedTuple):
    """One seat's place in the evaluation without its counts and reasons: what the evaluation
    of every seat returns (``selectors.standings``, computed in SQL over the stored counts)."""

    seat_id: int
    deputy_id: int
    electoral_unit_id: int | None
    score: Decimal
    rank: int
    of: int
    flag: str  # TALK, COMMEND or ""


def standing(row: Row) -> Standing:
    """The standing of a row the Python path scored (``selectors.evaluate``)."""
    m = row.membership
    kind = row.flags[0].kind if row.flags else ""
    return Standing(m.pk, m.deputy_id, m.electoral_unit_id, row.score, row.rank, row.of, kind)


def score(counts: dict[str, int | None], weights: dict[str, Decimal]) -> Decimal:
    """Weighted sum of the recorded kinds; a kind not yet recorded adds nothing."""
    total = Decimal(0)
    for kind in rules.KIND_KEYS:
        n = counts.get(kind)
        if n:
            total += weights.get(kind, Decimal(0)) * n
    return total.quantize(Decimal("0.01"))


def _figures(counts: dict[str, int | None], weights: dict[str, Decimal], positive: bool) -> str:
    """The figures that moved the score most in the flag's direction, largest first, then
    every deduction (R48: the stated reasons leave none out)."""
    parts = []
    deductions = []
    for kind in rules.KIND_KEYS:
        n = counts.get(kind)
        w = weights.get(kind, Decimal(0))
        if n and w and (w > 0) == positive:
            parts.append((abs(w * n), f"{rules.KIND_LABELS[kind]} {n} × {w}"))
        elif n and w < 0:
            deductions.append((abs(w * n), f"{rules.KIND_LABELS[kind]} {n} × {w}"))
    parts.sort(key=lambda p: -p[0])
    deductions.sort(key=lambda p: -p[0])
    text = "；".join(p[1] for p in parts[:4]) or _("no weighted duty recorded")
    if deductions:
        text += "；" + _("deductions: %(figures)s") % {
            "figures": "、".join(d[1] for d in deductions)
        }
    return text


def flags(row: Row, scheme: SchemeValues) -> list[Flag]:
    out = []
    talk: list[str] = []
    if row.score < scheme.talk_below:
        talk.append(
            _("Score %(score)s is below the threshold %(limit)s (%(figures)s).")
            % {
                "score": row.score,
                "limit": scheme.talk_below,
                "figures": _figures(row.counts, scheme.weights, positive=True),
            }
        )
    absences = row.counts.get("absence")
    if scheme.talk_absences and absences is not None and absences >= scheme.talk_absences:
        talk.append(
            _("Missed %(n)d sittings without leave; the threshold is %(limit)d (R01, Art 3).")
            % {"n": absences, "limit": scheme.talk_absences}
        )
    if talk:
        out.append(Flag(TALK, talk))
    elif row.score >= scheme.commend_from:
        out.append(
            Flag(
                COMMEND,
                [
                    _("Score %(score)s reaches the threshold %(limit)s (%(figures)s).")
                    % {
                        "score": row.score,
                        "limit": scheme.commend_from,
                        "figures": _figures(row.counts, scheme.weights, positive=True),
                    }
                ],
            )
        )
    return out


def rank(rows: list[Row], key: Any) -> None:
    """Competition ranking (1, 2, 2, 4) by score within each group ``key(row)``."""
    groups: dict[Any, list[Row]] = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    for members in groups.values():
        members.sort(key=lambda r: -r.score)
        previous: Decimal | None = None
        place = 0
        for i, r in enumerate(members, start=1):
            if r.score != previous:
                place = i
                previous = r.score
            r.rank = place
            r.of = len(members)
