"""The benchmark regression check (bench/regress.py, issue 26.5): a figure more than 30 %
worse than the one recorded on the same machine flags; other machines are not compared. Runs
no benchmark."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


regress = _load("regress")


def _run(machine: str, **values: float | None) -> dict:
    return {
        "machine": machine,
        "cores": 2,
        "scale": "prefecture",
        "db": "PostgreSQL 15",
        "load": "1.00 1.00 1.00",
        "at": "2026-12-06 23:00 UTC",
        "rows": [
            {"bench": "voting", "measure": m, "value": v, "unit": "ms"} for m, v in values.items()
        ],
    }


def test_a_figure_more_than_30_percent_worse_flags_and_one_within_does_not() -> None:
    rows = regress.compare(
        _run("vm", a=100.0, b=100.0, c=100.0), _run("vm", a=131.0, b=129.0, c=50.0)
    )
    flagged = {name: f for name, _old, _new, _change, f in rows}
    assert flagged == {"voting: a": True, "voting: b": False, "voting: c": False}


def test_check_exits_1_on_a_regression_of_the_same_machine_and_compares_no_other(tmp_path) -> None:
    recorded, now = tmp_path / "recorded.json", tmp_path / "now.json"
    now.write_text(json.dumps(_run("vm", a=100.0)))
    assert regress.main(["record", str(now), "--recorded", str(recorded)]) == 0
    now.write_text(json.dumps(_run("vm", a=140.0, b=None)))
    assert regress.main(["check", str(now), "--recorded", str(recorded)]) == 1
    now.write_text(json.dumps(_run("other-machine", a=500.0)))
    assert regress.main(["check", str(now), "--recorded", str(recorded)]) == 0
