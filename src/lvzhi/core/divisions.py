"""Loading the prefecture's administrative divisions (GB/T 2260 and statistical codes).

The list in ``data/divisions.csv`` is the National Bureau of Statistics' 2023 division codes
for the 25 counties and cities of the prefecture and their townships and streets.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.csv"
# Uyghur and Kazakh (Arabic script) names of the counties, cities and regions.
NAMES_FILE = Path(__file__).resolve().parent / "data" / "division_names.csv"


def rows() -> list[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load(division_model: Any) -> int:
    """Create or update every division; parents before children. Returns the row count."""
    data = sorted(rows(), key=lambda r: (len(r["code"]), r["code"]))
    # A region or county code is 6 digits; the order above puts 654000 before 654200.
    level_rank = {"prefecture": 0, "region": 1, "county": 2, "township": 3}
    data.sort(key=lambda r: (level_rank[r["level"]], r["code"]))
    by_code: dict[str, Any] = {d.code: d for d in division_model.objects.all()}
    for row in data:
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        obj = by_code.get(row["code"])
        if obj is None:
            obj = division_model.objects.create(
                code=row["code"], name=row["name"], level=row["level"], parent=parent
            )
            by_code[obj.code] = obj
        elif (obj.name, obj.level, obj.parent_id) != (
            row["name"],
            row["level"],
            parent.pk if parent else None,
        ):
            obj.name, obj.level, obj.parent = row["name"], row["level"], parent
            obj.save()
    if any(f.name == "name_ug" for f in division_model._meta.get_fields()):
        load_names(division_model)  # not in migration 0003, whose model has no such fields
    return len(data)


def load_names(division_model: Any) -> int:
    """Give divisions their Uyghur and Kazakh names where the list has them (a name someone
    already entered is kept). Returns the number of divisions changed."""
    with NAMES_FILE.open(encoding="utf-8") as fh:
        names = {r["code"]: r for r in csv.DictReader(fh)}
    changed = 0
    for obj in division_model.objects.filter(code__in=list(names)):
        row = names[obj.code]
        ug, kk = obj.name_ug or row["name_ug"], obj.name_kk or row["name_kk"]
        if (ug, kk) != (obj.name_ug, obj.name_kk):
            obj.name_ug, obj.name_kk = ug, kk
            obj.save(update_fields=["name_ug", "name_kk"])
            changed += 1
    return changed
