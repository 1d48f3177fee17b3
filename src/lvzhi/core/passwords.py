"""Password policy beyond Django's validators: a deny-list of passwords common in China and a
mix of character classes (MLPS 2.0 level 3)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Frequent choices seen in published leaks of Chinese sites, plus platform-specific words.
DENY_LIST = frozenset(
    {
        "woaini1314",
        "woaini520",
        "aa123456",
        "a123456789",
        "abc123456",
        "qwe123456",
        "qq123456789",
        "1qaz2wsx3edc",
        "1qaz2wsx",
        "zxcvbnm123",
        "asd123456",
        "123456abc",
        "password123",
        "admin12345",
        "admin123456",
        "lvzhi12345",
        "lvzhi123456",
        "renda123456",
        "rendadaibiao",
        "daibiao123",
        "yili123456",
        "yili654000",
        "xinjiang123",
        "china12345",
        "iloveyou1314",
        "5201314520",
        "qwertyuiop",
        "1234567890a",
        "a1234567890",
        "p@ssw0rd123",
    }
)


class DenyListValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if password.lower() in DENY_LIST or re.fullmatch(r"(.)\1{5,}.*", password):
            raise ValidationError(
                _("This password is on the list of passwords that are too easy to guess."),
                code="password_deny_listed",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a commonly used password.")


class CharacterClassValidator:
    """At least three of: lower-case letter, upper-case letter, digit, other character."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError(
                _(
                    "Use at least three of: lower-case letters, upper-case letters, digits "
                    "and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "Use at least three of: lower-case letters, upper-case letters, digits and symbols."
        )
