"""A challenge for public forms that needs no outside service (issue 8, item 6): a small sum
written in words and digits, asked in the page's text (readable by screen readers, no image,
no third-party CAPTCHA). The answer is kept in the visitor's session for one form, and is
used once: a wrong or reused answer brings a new question and keeps what the visitor typed.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

SESSION_KEY = "lvzhi_challenge"
_WORDS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
# The first number is written in words of the page's language (Uyghur, Kazakh in the Arabic
# script); any other language uses the Chinese words.
_WORDS_BY_LANGUAGE = {
    "ug": ["نۆل", "بىر", "ئىككى", "ئۈچ", "تۆت", "بەش", "ئالتە", "يەتتە", "سەككىز", "توققۇز"],
    "kk": ["ٴنول", "ٴبىر", "ەكى", "ٴۇش", "ٴتورت", "بەس", "التى", "جەتى", "سەگىز", "توعىز"],
}


def new(request: Any, form_key: str) -> str:
    """A new question for ``form_key``; returns its text."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    store = dict(request.session.get(SESSION_KEY, {}))
    store[form_key] = a + b
    request.session[SESSION_KEY] = store
    words = _WORDS_BY_LANGUAGE.get((get_language() or "").split("-")[0], _WORDS)
    return _("How much is %(a)s plus %(b)s? (answer in digits)") % {"a": words[a], "b": b}


def passed(request: Any, form_key: str, answer: Any) -> bool:
    """Whether ``answer`` solves the question last asked for ``form_key``; the question is
    used up either way."""
    store = dict(request.session.get(SESSION_KEY, {}))
    expected = store.pop(form_key, None)
    request.session[SESSION_KEY] = store
    text = str(answer or "").strip()
    return expected is not None and text.isdecimal() and int(text) == expected


def expected_for_tests(session: Any, form_key: str) -> int | None:
    """The answer the session holds (for tests and browser journeys only)."""
    value = session.get(SESSION_KEY, {}).get(form_key)
    return int(value) if value is not None else None
