"""The one table `make bench` prints, and the interface a bench module plugs in with.

A bench module in ``bench/`` plugs in by exposing::

    def rows(ctx: bench.table.Context) -> list[bench.table.Row]

and by one line in ``BENCHES`` in ``bench/all.py``. It measures against the database the
harness has prepared at ``ctx.scale`` (``prefecture`` or ``large``; never reset it, and undo
what it writes — wrap writes in ``ctx.rolled_back()`` — unless its docstring says what it
leaves behind), and returns one ``Row`` per figure. Helpers on the context:

- ``ctx.page(bench, measure, user, url, params, target=…)`` times a page through the Django
  test client (the full request cycle with middleware, session and template, no network) and
  returns a row of its server time p95 beside the baseline page (a minimal Django view
  served the same way, signed in as the same user, timed just before the page);
- ``ctx.page_baseline_ms`` (the office's baseline at the start) and ``ctx.insert_baseline``
  (bare INSERTs through psycopg, with the vote bench's concurrency) are measured once per
  run, before any bench;
- ``ctx.requests`` is how many requests a page timing makes.

``Row.ratio`` is value / baseline (how many times the baseline a figure costs). The table
prints every row with its bench name, measure, value, baseline, ratio, target, scale and
database.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    bench: str
    measure: str
    value: float | None  # None: not measured (``note`` says why)
    unit: str = "ms"
    baseline: float | None = None
    target: str = ""
    scale: str = ""
    db: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


@dataclass
class Context:
    scale: str
    db: str
    requests: int = 40
    page_baseline_ms: float | None = None
    insert_baseline: dict[str, float] = field(default_factory=dict)
    page_timer: (
        Callable[[str | None, str, dict[str, str], int], tuple[float, float, int]] | None
    ) = None

    def row(self, bench: str, measure: str, value: float | None, **kw: Any) -> Row:
        kw.setdefault("scale", self.scale)
        kw.setdefault("db", self.db)
        return Row(bench, measure, value, **kw)

    def page(
        self,
        bench: str,
        measure: str,
        user: str | None,
        url: str,
        params: dict[str, str] | None = None,
        *,
        target: str = "",
    ) -> Row:
        """Server time p95 of ``url`` as ``user`` (a demo persona, or None for anonymous),
        beside the baseline view timed just before it as the same user, so both see the same
        machine load (on a shared machine the load moves within a run)."""
        assert self.page_timer is not None
        baseline = self.page_timer(user, BASELINE_URL, {}, self.requests)[1]
        _p50, p95, queries = self.page_timer(user, url, params or {}, self.requests)
        return self.row(
            bench,
            f"{measure} p95",
            p95,
            baseline=baseline,
            target=target,
            note=f"{queries} queries",
        )

    @contextlib.contextmanager
    def rolled_back(self) -> Iterator[None]:
        """Run writes whose timing counts, then undo them (the bench database stays as
        seeded, so a second run measures the same data)."""
        from django.db import transaction

        with transaction.atomic():
            yield
            transaction.set_rollback(True)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0 < q ≤ 100) by the nearest-rank method."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


BASELINE_URL = "/bench-baseline/"  # bench/baseline_urls.py
HEADERS = ("bench", "measure", "value", "baseline", "ratio", "target", "scale", "DB")


def _number(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def cells(row: Row) -> tuple[str, ...]:
    ratio = row.ratio
    value = _number(row.value, row.unit)
    if row.value is None and row.note:
        value = row.note
    return (
        row.bench,
        row.measure,
        value,
        _number(row.baseline, row.unit) if row.baseline is not None else "",
        f"{ratio:.1f}×" if ratio is not None else "",
        row.target,
        row.scale,
        row.db,
    )


def format_table(rows: Sequence[Row]) -> str:
    """A fixed-width table (also valid Markdown: pipes between columns)."""
    body = [cells(r) for r in rows]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(HEADERS)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [line(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(b) for b in body]
    return "\n".join(out)
