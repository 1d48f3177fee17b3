"""Names in the prefecture's scripts: a deputy, an organisation (a station, a delegation) or
a division may carry its Uyghur and Kazakh (Arabic script) form beside the Chinese one
(fields ``name_ug`` and ``name_kk``). Pages show the form of the active language and fall back
to the Chinese name (issue 9, item 7)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

NAME_LANGUAGES = ("ug", "kk")


def local_name(obj: Any, language: str | None = None) -> str:
    """The name of ``obj`` in ``language`` (default: the active one), else its Chinese name."""
    if obj is None:
        return ""
    code = (language or get_language() or "").split("-")[0]
    if code in NAME_LANGUAGES:
        value = getattr(obj, f"name_{code}", "")
        if value:
            return str(value)
    return str(getattr(obj, "name", obj))
