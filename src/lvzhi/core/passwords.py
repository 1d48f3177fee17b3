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


# Strings published with the platform (issue 18.7): the demo password printed by `make demo`
# and in README, and the platform's own name. Compared without case.
KNOWN_STRINGS = ("lvzhi@2026demo", "lvzhi2026demo", "lvzhi")


class KnownStringsValidator:
    """No password built on what anyone can read: the demo password, the platform's name, or
    the name of an organisation registered in the platform (伊宁市人大常委会 …)."""

    MIN_NAME = 3  # organisation names shorter than this are too common a fragment

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        if any(s in lowered for s in KNOWN_STRINGS[:2]) or lowered.startswith(KNOWN_STRINGS[2]):
            raise ValidationError(
                _("This password is published with the platform (the demo password)."),
                code="password_published",
            )
        if any(len(name) >= self.MIN_NAME and name in password for name in _organisation_names()):
            raise ValidationError(
                _("The password may not contain the name of an organisation."),
                code="password_organisation",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot contain the demo password or an organisation's name.")


def _organisation_names() -> set[str]:
    # Looked up by label: the kernel does not import the registry (import-linter contract).
    from django.apps import apps
    from django.db import DatabaseError

    try:
        model = apps.get_model("registry", "Organisation")
        rows = model.objects.values_list("name", "short_name")
        return {n for pair in rows for n in pair if n}
    except (LookupError, DatabaseError):
        return set()


class NotCurrentPasswordValidator:
    """A new password is not the current one."""

    def validate(self, password: str, user: Any = None) -> None:
        if (
            user is not None
            and getattr(user, "pk", None)
            and user.has_usable_password()
            and user.check_password(password)
        ):
            raise ValidationError(
                _("The new password is the same as the current one. Choose another."),
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("Your new password cannot be your current one.")
