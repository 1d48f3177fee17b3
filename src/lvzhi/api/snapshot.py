"""The committed OpenAPI snapshot (issue 25.5): ``docs/openapi-v1.json`` is the contract of
``/api/v1/``; tests/api/test_openapi_snapshot.py fails when the live document differs from
it, so every change of the API's contract is a deliberate, reviewed change of that file.

After changing the API on purpose, rewrite it and commit it with the change::

    LVZHI_ENV=test PYTHONPATH=src python -m lvzhi.api.snapshot --write

(``--check`` answers 1 and names the first differences when the snapshot is stale.)
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi-v1.json"


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def live() -> str:
    """The document as /api/v1/openapi.json serves it, in the default language (zh-hans)."""
    from django.utils import translation

    from .api import api

    with translation.override("zh-hans"):
        return render(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


def differences(limit: int = 40) -> list[str]:
    current = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    diff = difflib.unified_diff(
        current.splitlines(), live().splitlines(), "docs/openapi-v1.json", "live", lineterm=""
    )
    return list(diff)[:limit]


def main(argv: list[str]) -> int:
    import django

    if "DJANGO_SETTINGS_MODULE" not in __import__("os").environ:
        __import__("os").environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.settings"
    django.setup()
    if "--write" in argv:
        SNAPSHOT.write_text(live(), encoding="utf-8")
        print(f"wrote {SNAPSHOT}")
        return 0
    found = differences()
    if found:
        print("\n".join(found))
        return 1
    print("the OpenAPI snapshot is current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
