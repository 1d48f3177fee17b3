"""Issue 26.3 benchmarks: the evaluation of every seat and of one congress (R48) with the
counts stored per seat (``records/stored.py``), and the suggestion reminders' first run after
a bulk load. Prints a table; never a pass/fail test.

Builds ``large`` at a size factor (prefecture plus ``factor`` × a million deputies and five
million suggestions and opinions), then bulk-loads ``--records`` duty records as
``bench/records.py`` does (COPY, no service). ``--keep`` measures again on the built
database. The reminder runs are undone (one transaction, rolled back), so every run of the
bench meets the same first run.

    nice -n 10 env DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_eval \\
        .venv/bin/python bench/evaluation.py --size-factor 0.05 --records 200000
"""

from __future__ import annotations

import argparse
import gc
import inspect
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-factor", type=float, default=0.05)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--changes", type=int, default=1_000, help="records added between runs")
    parser.add_argument("--keep", action="store_true", help="reuse the built database")
    args = parser.parse_args()
    from common import migrated, setup_django

    setup_django()

    results: list[tuple[str, str, str]] = []
    if not args.keep:
        migrated()
        from lvzhi.registry.demo.seed import seed

        t0 = time.perf_counter()
        seed("large", size_factor=args.size_factor, progress=lambda *a: None)
        results.append((f"seed large × {args.size_factor}", _s(t0), ""))
        from records import _load

        t0 = time.perf_counter()
        loaded = _load(args.records)
        results.append(("load duty records (COPY)", _s(t0), f"{loaded:,} rows"))
    _measure(args, results)
    width = max(len(x[0]) for x in results)
    print(f"\nlvzhi evaluation and reminders — {os.getloadavg()}")
    for name, value, detail in results:
        print(f"{name:<{width}}  {value:<10}  {detail}")


def _s(t0: float) -> str:
    return f"{time.perf_counter() - t0:.2f} s"


def _ms(t0: float) -> str:
    return f"{(time.perf_counter() - t0) * 1000:.0f} ms"


def _speeches(n: int) -> None:
    from lvzhi.core import clock
    from lvzhi.core.db import insert_rows
    from lvzhi.meetings.models import Meeting, Speech
    from lvzhi.registry.models import Membership

    rng = random.Random(n)
    deputies = list(
        Membership.objects.filter(term__is_current=True).values_list("deputy_id", flat=True)
    )
    meeting = Meeting.objects.order_by("id").values_list("pk", flat=True).first()
    now = clock.now()
    insert_rows(
        Speech,
        ["meeting", "deputy", "text", "recorded_at"],
        [(meeting, rng.choice(deputies), "发言。", now) for _ in range(n)],
    )


def _measure(args: argparse.Namespace, results: list[tuple[str, str, str]]) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from lvzhi.core import clock
    from lvzhi.records import selectors
    from lvzhi.registry.models import Congress, Level, Membership
    from lvzhi.suggestions import reminders

    year = clock.today().year
    pref = Congress.objects.get(level=Level.PREFECTURE)
    county = (
        Congress.objects.filter(level=Level.COUNTY, terms__is_current=True).order_by("-id").first()
    )
    values = selectors.scheme_values(pref, year)[1]
    seats = Membership.objects.filter(selectors.seats_in_year(year), term__is_current=True)
    results.append(
        ("seats evaluated", "", f"{seats.count():,} in {Congress.objects.count():,} congresses")
    )
    kept = "use_stored" in inspect.signature(selectors.evaluate).parameters

    with transaction.atomic():
        t0 = time.perf_counter()
        first = reminders.run()
        results.append(("reminders, first run after the load", _s(t0), f"{first}"))
        # A run takes at most rules.REMINDER_BATCH items (26.3): the backlog goes on in the
        # day's next runs; the slowest of them and their number, then a later day's run.
        runs, slowest, r = 1, 0.0, first
        while r.more:
            t0 = time.perf_counter()
            r = reminders.run()
            runs, slowest = runs + 1, max(slowest, time.perf_counter() - t0)
        results.append(("reminders, the backlog's next runs", f"{slowest:.2f} s", f"{runs} runs"))
        t0 = time.perf_counter()
        again = reminders.run()
        results.append(("reminders, the run after", _s(t0), f"{again}"))
        transaction.set_rollback(True)

    if not kept:
        t0 = time.perf_counter()
        rows = selectors.evaluate(None, year, values=values)
        results.append(("evaluation, every seat (counting)", _s(t0), f"{len(rows):,} seats"))
        for label, c in (("prefecture", pref), ("a county", county)):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                rows = selectors.evaluate(c, year)
            results.append(
                (f"evaluation, {label}", _ms(t0), f"{len(rows)} seats, {len(q)} queries")
            )
        return

    from lvzhi.records import stored
    from lvzhi.records.models import CountStamp, DutyCount

    DutyCount.objects.all().delete()
    CountStamp.objects.all().delete()
    t0 = time.perf_counter()
    rows = selectors.evaluate(None, year, values=values, use_stored=False)
    results.append(("evaluation, every seat (counting again)", _s(t0), f"{len(rows):,} seats"))
    t0 = time.perf_counter()
    rows = selectors.evaluate(None, year, values=values)
    results.append(("evaluation, every seat (first: storing)", _s(t0), f"{len(rows):,} seats"))
    _speeches(args.changes)
    t0 = time.perf_counter()
    n = stored.refresh()
    results.append(
        (f"refresh after {args.changes:,} new records", _ms(t0), f"{n:,} seats recounted")
    )
    _speeches(args.changes)
    t0 = time.perf_counter()
    counts = stored.seat_counts(year, seats)
    results.append(("stored counts of every seat, read", _s(t0), f"{len(counts):,} seats"))
    _speeches(args.changes)
    t0 = time.perf_counter()
    rows = selectors.evaluate(None, year, values=values)
    results.append(
        (
            f"evaluation, every seat (stored, {args.changes:,} new records)",
            _s(t0),
            f"{len(rows):,} seats",
        )
    )
    if hasattr(selectors, "standings"):
        _standings(args, results, year, values, rows)
    del rows, counts  # freed here, not inside the next timing
    gc.collect()
    for label, c in (("prefecture", pref), ("a county", county)):
        selectors.evaluate(c, year)
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            rows = selectors.evaluate(c, year)
        results.append((f"evaluation, {label} (stored, no change)", _ms(t0), f"{len(q)} queries"))
        _speeches(args.changes)
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            rows = selectors.evaluate(c, year)
        results.append(
            (
                f"evaluation, {label} (stored, {args.changes:,} new records)",
                _ms(t0),
                f"{len(rows)} seats, {len(q)} queries",
            )
        )
        t0 = time.perf_counter()
        rows = selectors.evaluate(c, year, use_stored=False)
        results.append((f"evaluation, {label} (counting again)", _ms(t0), f"{len(rows)} seats"))


def _standings(
    args: argparse.Namespace,
    results: list[tuple[str, str, str]],
    year: int,
    values: object,
    rows: list[object],
) -> None:
    """The evaluation of every seat in SQL over the stored counts (``selectors.standings``),
    checked seat by seat against the Python path's rows of the same moment."""
    from lvzhi.records import evaluation, selectors

    t0 = time.perf_counter()
    same_moment = selectors.standings(None, year, values=values)  # type: ignore[arg-type]
    results.append(("evaluation in SQL, every seat (stored, no change)", _s(t0), ""))
    python = [evaluation.standing(r) for r in rows]  # type: ignore[arg-type]
    identical = same_moment == python
    results.append(
        (
            "  the same as the Python path's, seat by seat",
            "yes" if identical else "NO",
            f"{len(python):,} seats",
        )
    )
    _speeches(args.changes)
    t0, c0 = time.perf_counter(), time.process_time()
    st = selectors.standings(None, year, values=values)  # type: ignore[arg-type]
    results.append(
        (
            f"evaluation in SQL, every seat (stored, {args.changes:,} new records)",
            _s(t0),
            f"{len(st):,} seats, {sum(1 for x in st if x.flag):,} flagged, "
            f"app CPU {time.process_time() - c0:.2f} s",
        )
    )


if __name__ == "__main__":
    main()
