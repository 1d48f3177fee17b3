"""Pydantic's messages for bad input are English; the API answers in Chinese like the pages.
Each kind of error pydantic reports gets one sentence; an unknown kind a general one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def input_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("The request body must be a JSON object."),
        "dict_type": _("The request body must be a JSON object."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "enum": _("Choose one of the allowed values."),
        "literal_error": _("Choose one of the allowed values."),
        "list_type": _("Enter a list."),
    }
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("At least %(n)s characters.") % {"n": ctx.get("min_length", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("The number is too small.")
    if kind in ("less_than_equal", "less_than"):
        return _("The number is too large.")
    return str(messages.get(kind, _("This value is not valid.")))
