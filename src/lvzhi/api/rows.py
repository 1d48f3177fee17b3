"""An answer's fields copied from a row (issue 17): the out-functions name the attributes they
pass on as they are, once, and write out only the fields they compute."""

from __future__ import annotations

from typing import Any


def attrs(row: Any, *names: str) -> dict[str, Any]:
    """``{name: row.<name>}`` for each of ``names``, in that order."""
    return {name: getattr(row, name) for name in names}
