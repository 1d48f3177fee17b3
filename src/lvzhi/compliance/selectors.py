"""Reads of the compliance view and the dashboards. The table runs every rule of
``rule_registry.RULES``; each rule's check has a fixed number of queries, so the table's
count does not grow with the data (tests/compliance/test_queries.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lvzhi.core import clock, versions
from lvzhi.core.errors import NotFound
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Term

from . import policies, rules
from .outcomes import AMBER, GREEN, NA, NOT_RECORDED, RED, STATUS_LABELS, Context, Outcome
from .periods import Period, quarters
from .rule_registry import BY_KEY, PERIOD_LABELS, RULES, Rule, query_text, threshold_text


@dataclass
class Row:
    rule: Rule
    outcome: Outcome
    status: str
    query: str = ""  # the query that reproduces the figure (the drill-down shows it)

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def period_label(self) -> Any:
        return PERIOD_LABELS[self.rule.period]

    @property
    def threshold(self) -> str:
        return threshold_text(self.rule)


def congresses_for(user: Any) -> QuerySet[Congress]:
    """The congresses whose Standing Committee lies in the user's scope, prefecture first
    (a query: a large prefecture office has 17,000 of them)."""
    if not policies.can_view(user):
        return Congress.objects.none()
    qs = Congress.objects.select_related("division").order_by("division__code")
    ids = registry_selectors.congress_ids_in_scope(user, policies.VIEW_ROLES)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs


def get_congress(user: Any, pk: int | None) -> Congress:
    """The congress asked for, if in the scope; without one the first (the prefecture's)."""
    congresses = congresses_for(user)
    found = congresses.first() if pk is None else congresses.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def context(congress: Congress, period: Period) -> Context:
    term = Term.objects.filter(congress=congress, is_current=True).first()
    return Context(congress=congress, term=term, period=period, today=clock.today())


def evaluate(rule: Rule, ctx: Context) -> Row:
    outcome = rule.check(ctx)
    return Row(rule=rule, outcome=outcome, status=outcome.status(), query=query_text(rule, ctx))


def cache_key(kind: str, *parts: Any) -> str:
    """The key of a cached compliance read: the version of the data (``core.versions``),
    today (states turn from open to behind with the date), the language of the texts, and
    ``parts`` (congress, period …)."""
    return ":".join(
        str(p)
        for p in (
            CACHE_PREFIX,
            kind,
            versions.current(rules.CACHE_VERSION),
            clock.today().isoformat(),
            get_language() or "",
            *parts,
        )
    )


# The layout of what is stored changed with issue 28.6b (a value with the time it was
# computed): a new prefix, so no entry of the earlier layout is read.
CACHE_PREFIX = "lvzhi:compliance:2"


def _latest_key(kind: str, *parts: Any) -> str:
    """The last value computed for ``parts``, whatever the version and day."""
    return ":".join(str(p) for p in (CACHE_PREFIX, "latest", kind, get_language() or "", *parts))


@dataclass(frozen=True)
class Computed:
    """A cached compliance read and when it was computed. ``current`` is False while an
    earlier version's value is shown and the current one is computed in the background."""

    value: Any
    at: dt.datetime
    current: bool = True


def store(kind: str, parts: tuple[Any, ...], value: Any) -> Computed:
    """Keep ``value`` as the current one for ``parts`` and as the latest."""
    entry = {"value": value, "at": clock.now()}
    cache.set(cache_key(kind, *parts), entry, timeout=rules.CACHE_TIMEOUT_S)
    cache.set(_latest_key(kind, *parts), entry, timeout=rules.LATEST_TIMEOUT_S)
    return Computed(value, entry["at"])


def cached(
    kind: str,
    parts: tuple[Any, ...],
    compute: Callable[[], Any],
    refresh: Callable[[], None] | None = None,
) -> Computed:
    """Issue 28.6b, stale while revalidate: the current value if it is cached; else, given a
    ``refresh`` and an earlier value, that one at once (marked not current) while ``refresh``
    queues the computation in the background (once per version: a cache key guards it); else
    the request computes. So after a change the next visitor of a page does not wait for every
    rule to run again. Without ``refresh`` (what other figures are computed from: the trend,
    the API, the reports, the drill-down) the value is always current."""
    key = cache_key(kind, *parts)
    hit = cache.get(key)
    if hit is not None:
        return Computed(hit["value"], hit["at"])
    latest = cache.get(_latest_key(kind, *parts)) if refresh is not None else None
    if refresh is not None and latest is not None:
        if cache.add(key + ":queued", 1, timeout=rules.REFRESH_GUARD_S):
            refresh()
        hit = cache.get(key)  # an immediate task backend has computed it already
        if hit is not None:
            return Computed(hit["value"], hit["at"])
        return Computed(latest["value"], latest["at"], current=False)
    return store(kind, parts, compute())


def _table_parts(congress_pk: int, period: Period) -> tuple[Any, ...]:
    return (congress_pk, period.year, period.part)


def compute_table(congress: Congress, period: Period) -> list[Row]:
    ctx = context(congress, period)
    return [evaluate(rule, ctx) for rule in RULES]


def _packed(rows: list[Row]) -> list[tuple[str, Outcome, str, str]]:
    return [(r.rule.key, r.outcome, r.status, r.query) for r in rows]


def refresh_table(congress: Congress, period: Period) -> None:
    """Compute the table now and keep it (the background task of ``cached``)."""
    store("table", _table_parts(congress.pk, period), _packed(compute_table(congress, period)))


def table_computed(congress: Congress, period: Period, *, page: bool = False) -> Computed:
    """Every rule's row for the congress and period, with when it was computed. Cached per
    congress, period, day and language until an event of the apps the rules read retires it
    (issue 26.3): a warm table costs the cache look-ups, whatever the data. For a ``page``,
    after a change the last table is shown while the new one is computed in the background
    (``cached``); otherwise the rows are current."""
    from .tasks import refresh_table as task

    def refresh() -> None:
        task.enqueue(congress.pk, period.year, period.part, get_language() or "")

    found = cached(
        "table",
        _table_parts(congress.pk, period),
        lambda: _packed(compute_table(congress, period)),
        refresh if page else None,
    )
    rows = [
        Row(rule=BY_KEY[k], outcome=outcome, status=status, query=query)
        for k, outcome, status, query in found.value
    ]
    return Computed(rows, found.at, found.current)


def table(congress: Congress, period: Period) -> list[Row]:
    """The current rows of ``table_computed``."""
    rows: list[Row] = table_computed(congress, period).value
    return rows


def row(congress: Congress, period: Period, key: str) -> Row:
    """One rule's row (the drill-down), from the cached table."""
    rule = BY_KEY.get(key.lower())
    if rule is None:
        raise NotFound(_("Not found."))
    return next(r for r in table(congress, period) if r.rule is rule)


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
