"""The one table of `make bench` (bench/table.py): columns, number format and ratios. Runs no
benchmark."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


table = _load("table")


def test_ratio_is_the_value_over_the_baseline_measured_in_the_same_run() -> None:
    row = table.Row("pages", "directory p95", 30.0, baseline=7.5)
    assert row.ratio == pytest.approx(4.0)
    assert table.Row("x", "y", 30.0).ratio is None  # no baseline, no ratio
    assert table.Row("x", "y", None, baseline=2.0).ratio is None  # not measured
    assert table.Row("x", "y", 3.0, baseline=0.0).ratio is None  # never divides by zero


def test_table_has_the_eight_columns_and_one_line_per_row() -> None:
    ctx = table.Context(scale="large", db="PostgreSQL 15.8")
    rows = [
        ctx.row("run", "directory p95", 24.13, baseline=6.0, target="p95 < 50 ms"),
        ctx.row("voting", "1000 votes cast", 8.04, unit="s", baseline=1.0),
        ctx.row("compliance", "failed", None, note="RuntimeError: boom"),
    ]
    lines = table.format_table(rows).splitlines()
    assert len(lines) == 2 + len(rows)
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == ["bench", "measure", "value", "baseline", "ratio", "target", "scale", "DB"]
    first = [c.strip() for c in lines[2].strip("|").split("|")]
    assert first == [
        "run",
        "directory p95",
        "24.1 ms",
        "6.00 ms",
        "4.0×",
        "p95 < 50 ms",
        "large",
        "PostgreSQL 15.8",
    ]
    second = [c.strip() for c in lines[3].strip("|").split("|")]
    assert second[2:5] == ["8.04 s", "1.00 s", "8.0×"]
    third = [c.strip() for c in lines[4].strip("|").split("|")]
    assert third[2] == "RuntimeError: boom" and third[4] == ""
    # Columns line up: every line is as wide as the header.
    assert len({len(line) for line in lines}) == 1


def test_large_numbers_get_thousands_separators_and_nan_shows_a_dash() -> None:
    assert table.cells(table.Row("a", "b", 12345.6, unit="rows/s"))[2] == "12,346 rows/s"
    assert table.cells(table.Row("a", "b", math.nan))[2] == "—"


def test_percentile_uses_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert table.percentile(values, 95) == 95.0
    assert table.percentile(values, 50) == 50.0
    assert table.percentile([3.0], 99) == 3.0
    assert math.isnan(table.percentile([], 95))


def test_a_page_row_carries_the_page_baseline() -> None:
    calls = []

    def timer(user: str | None, url: str, params: dict[str, str], n: int):  # type: ignore[no-untyped-def]
        calls.append((user, url, params, n))
        return (2.0, 4.0, 3) if url == "/bench-baseline/" else (10.0, 12.0, 9)

    ctx = table.Context(scale="prefecture", db="sqlite", requests=5, page_timer=timer)
    row = ctx.page("pages", "x", "office", "/x/", {"q": "a"}, target="p95 < 50 ms")
    # The baseline view is timed just before the page, as the same user, as often.
    assert calls == [("office", "/bench-baseline/", {}, 5), ("office", "/x/", {"q": "a"}, 5)]
    assert (row.measure, row.value, row.baseline, row.note) == ("x p95", 12.0, 4.0, "9 queries")
    assert row.ratio == pytest.approx(3.0)
