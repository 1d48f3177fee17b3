"""Reads of the compliance view and the dashboards. The table runs every rule of
``rule_registry.RULES``; each rule's check has a fixed number of queries, so the table's
count does not grow with the data (tests/compliance/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import NotFound
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Term

from . import policies
from .outcomes import AMBER, GREEN, NA, NOT_RECORDED, RED, STATUS_LABELS, Context, Outcome
from .periods import Period, quarters
from .rule_registry import BY_KEY, PERIOD_LABELS, RULES, Rule, threshold_text


@dataclass
class Row:
    rule: Rule
    outcome: Outcome
    status: str

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def period_label(self) -> Any:
        return PERIOD_LABELS[self.rule.period]

    @property
    def threshold(self) -> str:
        return threshold_text(self.rule)


def congresses_for(user: Any) -> list[Congress]:
    """The congresses whose Standing Committee lies in the user's scope, prefecture first."""
    if not policies.can_view(user):
        return []
    qs = Congress.objects.select_related("division").order_by("division__code")
    ids = registry_selectors.congress_ids_in_scope(user, policies.VIEW_ROLES)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(qs)


def get_congress(user: Any, pk: int | None) -> Congress:
    congresses = congresses_for(user)
    if not congresses:
        raise NotFound(_("Not found."))
    if pk is None:
        return congresses[0]
    for c in congresses:
        if c.pk == pk:
            return c
    raise NotFound(_("Not found."))


def context(congress: Congress, period: Period) -> Context:
    term = Term.objects.filter(congress=congress, is_current=True).first()
    return Context(congress=congress, term=term, period=period, today=clock.today())


def evaluate(rule: Rule, ctx: Context) -> Row:
    outcome = rule.check(ctx)
    return Row(rule=rule, outcome=outcome, status=outcome.status())


def table(congress: Congress, period: Period) -> list[Row]:
    ctx = context(congress, period)
    return [evaluate(rule, ctx) for rule in RULES]


def row(congress: Congress, period: Period, key: str) -> Row:
    rule = BY_KEY.get(key.lower())
    if rule is None:
        raise NotFound(_("Not found."))
    return evaluate(rule, context(congress, period))


def summary(rows: list[Row]) -> dict[str, int]:
    out = {GREEN: 0, AMBER: 0, RED: 0, NA: 0, NOT_RECORDED: 0}
    for r in rows:
        out[r.status] += 1
    return out


def trend(congress: Congress, year: int) -> list[dict[str, Any]]:
    """The table per quarter of ``year`` (quarters not begun yet are left out): counts of
    green, amber and red rows."""
    today = clock.today()
    out = []
    for p in quarters(year):
        if p.start > today:
            break
        out.append({"period": p, **summary(table(congress, p))})
    return out
