"""What a compliance check returns: the items behind a figure, each with its state and why,
and the row's colour (docs/user-guide.md, "合规视图").

Colour rule: green when every item meets the rule; red when any item breaks a hard limit
(``severe``, e.g. a reply beyond the 6-month cap) or when the items behind exceed the amber
margin (``rules.amber_margin()``, default 10 % of the items checked); amber when some items
are behind but within the margin, or when nothing is missed yet but items are still open in
a running period. A rule with nothing to check in the period is "n/a"; a rule whose records
the platform does not hold for the period says "not recorded"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.models import Congress, Term

from . import rules
from .periods import Period

OK, BEHIND, OPEN = "ok", "behind", "open"
GREEN, AMBER, RED, NA, NOT_RECORDED = "green", "amber", "red", "na", "not_recorded"

STATUS_LABELS: dict[str, Promise] = {
    GREEN: _("Met"),
    AMBER: _("Watch"),
    RED: _("Behind"),
    NA: _("Nothing to check"),
    NOT_RECORDED: _("Not recorded"),
}
STATE_LABELS: dict[str, Promise] = {
    OK: _("Meets the rule"),
    BEHIND: _("Behind"),
    OPEN: _("Still open"),
}


@dataclass
class Item:
    """One group, member, meeting, station … behind (or meeting) a figure."""

    kind: str
    name: str
    state: str
    why: str
    severe: bool = False
    url: str = ""
    period: str = ""

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]


@dataclass
class Outcome:
    items: list[Item] = field(default_factory=list)
    # Items that meet the rule but are not listed one by one (e.g. trained deputies).
    ok_unlisted: int = 0
    recorded: bool = True
    note: str = ""

    @property
    def ok(self) -> int:
        return self.ok_unlisted + sum(1 for i in self.items if i.state == OK)

    @property
    def behind(self) -> int:
        return sum(1 for i in self.items if i.state == BEHIND)

    @property
    def open(self) -> int:
        return sum(1 for i in self.items if i.state == OPEN)

    @property
    def total(self) -> int:
        return self.ok + self.behind + self.open

    @property
    def share(self) -> float | None:
        checked = self.ok + self.behind
        return self.ok / checked if checked else None

    @property
    def figure(self) -> str:
        return f"{self.ok} / {self.total}" if self.recorded and self.total else "—"

    def status(self, margin: float | None = None) -> str:
        margin = rules.amber_margin() if margin is None else margin
        if not self.recorded:
            return NOT_RECORDED
        if not self.total:
            return NA
        if any(i.severe for i in self.items):
            return RED
        if self.behind == 0:
            return AMBER if self.open else GREEN
        share = self.share or 0.0
        return AMBER if share >= 1 - margin else RED


@dataclass
class Context:
    """What a check needs: the congress, its current term, the period and today. ``cache``
    lets several rules share one read (chapter 4's obligations)."""

    congress: Congress
    term: Term | None
    period: Period
    today: dt.date
    cache: dict[str, Any] = field(default_factory=dict)

    def state(self, met: bool, due: dt.date | None) -> str:
        """OK when met; otherwise still open until ``due`` has passed."""
        if met:
            return OK
        if due is not None and self.today <= due:
            return OPEN
        return BEHIND
