"""Building blocks for the compliance rule tests: a context for a year the demo data leaves
empty (so each test sees only what it records), and small record makers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lvzhi.compliance.outcomes import Context, Item, Outcome
from lvzhi.compliance.periods import Period
from lvzhi.compliance.rule_registry import BY_KEY
from lvzhi.core.models import User
from lvzhi.registry.models import Congress, Deputy, Membership, Organisation, OrgKind, Term

YEAR = 2016  # no demo record falls in it
AFTER = dt.date(YEAR + 1, 2, 1)  # the year is over


def u(name: str) -> User:
    return User.objects.get(username=name)


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def congress() -> Congress:
    return term().congress


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def ctx(part: str = "Y", today: dt.date = AFTER, c: Congress | None = None) -> Context:
    c = c or congress()
    t = Term.objects.filter(congress=c, is_current=True).first()
    return Context(congress=c, term=t, period=Period(YEAR, part), today=today)


def run(rule: str, part: str = "Y", today: dt.date = AFTER) -> Outcome:
    return BY_KEY[rule.lower()].check(ctx(part, today))


def item(outcome: Outcome, name: str) -> Item:
    found = [i for i in outcome.items if name in i.name]
    assert len(found) == 1, [i.name for i in outcome.items]
    return found[0]


def serving(n: int, offset: int = 0) -> list[Deputy]:
    return [
        m.deputy
        for m in Membership.objects.filter(term=term(), status="serving")
        .select_related("deputy")
        .order_by("id")[offset : offset + n]
    ]


def committee() -> Organisation:
    return Organisation.objects.filter(
        kind=OrgKind.SPECIAL_COMMITTEE, division=congress().division
    ).order_by("path")[0]


def place() -> Any:
    return Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT, congress=congress()).order_by(
        "path"
    )[0]
