"""Benchmark regression check (issue 26.5): a figure more than 30 % worse than the one
recorded on the same machine flags. Runnable by hand; never part of the test suite.

    .venv/bin/python bench/all.py --json var/bench-latest.json          # measure (make bench)
    .venv/bin/python bench/regress.py record var/bench-latest.json      # keep as the reference
    .venv/bin/python bench/regress.py check var/bench-latest.json       # compare; exit 1 on a flag

Figures are compared only with the reference of the same machine (host name and core count),
scale and database; every figure of `make bench` is a time, so "worse" means larger. The
reference lives in ``bench/recorded.json`` (one entry per machine, scale and database, with
the load average it was measured at — a figure measured under a much higher load than its
reference is printed with that load beside it, since on a shared machine it moves with it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).with_name("recorded.json")
THRESHOLD = 0.30  # more than 30 % worse than the recorded figure flags (issue 26.5)


def key(run: dict[str, Any]) -> str:
    return f"{run['machine']}/{run['cores']} cores/{run['scale']}/{run['db']}"


def compare(
    reference: dict[str, Any], current: dict[str, Any], threshold: float = THRESHOLD
) -> list[tuple[str, float, float, float, bool]]:
    """(measure, recorded, now, change, flagged) for every figure present in both runs."""
    before = {f"{r['bench']}: {r['measure']}": r["value"] for r in reference["rows"]}
    out = []
    for row in current["rows"]:
        name = f"{row['bench']}: {row['measure']}"
        old, new = before.get(name), row["value"]
        if old is None or new is None or old <= 0:
            continue
        change = new / old - 1
        out.append((name, old, new, change, change > threshold))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("run", type=Path, help="the JSON written by bench/all.py --json")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--recorded", type=Path, default=RECORDED)
    args = parser.parse_args(argv)
    current = json.loads(args.run.read_text())
    store = json.loads(args.recorded.read_text()) if args.recorded.exists() else {}
    if args.action == "record":
        store[key(current)] = current
        args.recorded.write_text(json.dumps(store, indent=1, ensure_ascii=False) + "\n")
        print(f"recorded {len(current['rows'])} figures as the reference of {key(current)}")
        return 0
    reference = store.get(key(current))
    if reference is None:
        print(f"no reference recorded for {key(current)}: run `bench/regress.py record` first")
        return 0
    rows = compare(reference, current, args.threshold)
    print(
        f"{key(current)}: reference load {reference['load']}, {reference['at']}; "
        f"now load {current['load']}, {current['at']}"
    )
    width = max([len(r[0]) for r in rows] + [10])
    for name, old, new, change, flagged in rows:
        flag = "WORSE" if flagged else ""
        print(f"{name:<{width}}  {old:>10.3g}  {new:>10.3g}  {change:>+7.0%}  {flag}")
    flagged = [r for r in rows if r[4]]
    print(f"{len(flagged)} of {len(rows)} figures more than {args.threshold:.0%} worse")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
