"""Bidirectional text on Uyghur and Kazakh pages (issue 24, item 4).

A Chinese name, a code, a phone number or a date inserted into a right-to-left sentence is
reordered by the Unicode bidirectional algorithm unless it is *isolated*: "张三。" shows its full
stop at the wrong end, "2026-12-07 09:30 · 13800001234" comes out scrambled. Pages isolate each
piece of user data and every number and date with ``<bdi>`` (direction from its own first strong
character); plain-text channels (SMS, e-mail subjects and bodies, in-app titles) use the Unicode
isolates FSI … PDI (U+2068, U+2069), which every current phone renders.

Dates and numbers follow the conventions of each language as used in Xinjiang: Western digits in
all three languages (neither Uyghur nor Kazakh in China uses Arabic-Indic digits); in Uyghur a
date reads ``2026-يىلى 12-ئاينىڭ 7-كۈنى``, in Kazakh ``2026-جىلى 7-دەكابر``; a short date stays
ISO (2026-12-07) in every language, isolated. Chinese keeps ``2026年12月7日``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE

KK_MONTHS = (
    "قاڭتار",
    "اقپان",
    "ناۋرىز",
    "ٴساۋىر",
    "مامىر",
    "ماۋسىم",
    "شىلدە",
    "تامىز",
    "قىركۇيەك",
    "قازان",
    "قاراشا",
    "جەلتوقسان",
)


def rtl() -> bool:
    return bool(get_language_bidi())


def isolate_html(value: Any) -> SafeString:
    """``<bdi>value</bdi>`` (escaped) on a right-to-left page; the escaped value unchanged on a
    Chinese page, whose markup stays as it was."""
    if value is None or value == "":
        return mark_safe("")
    if not rtl():
        return SafeString(conditional_escape(value))
    return format_html("<bdi>{}</bdi>", value)


def isolate_text(value: Any, *, force: bool = False) -> str:
    """FSI value PDI for plain text (SMS, e-mail, notification titles) in a right-to-left
    language, or whenever ``force``; the value as it is otherwise."""
    text = "" if value is None else str(value)
    if text and (force or rtl()) and not (text.startswith(FSI) and text.endswith(PDI)):
        return f"{FSI}{text}{PDI}"
    return text


def isolate_params(params: dict[str, Any]) -> dict[str, Any]:
    """Each inserted value of a %-format message isolated (numbers too: "%(n)s" next to Arabic
    letters reorders with its neighbours' punctuation)."""
    if not rtl():
        return params
    return {k: isolate_text(v) for k, v in params.items()}


def long_date(value: dt.date | dt.datetime | None, language: str | None = None) -> str:
    """A date written out in the language's own convention (no isolation; see
    :func:`isolate_text`)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    code = (language or get_language() or "zh-hans").split("-")[0]
    if code == "ug":
        return f"{value.year}-يىلى {value.month}-ئاينىڭ {value.day}-كۈنى"
    if code == "kk":
        return f"{value.year}-جىلى {value.day}-{KK_MONTHS[value.month - 1]}"
    if code == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()
