"""One-time codes: activation letters, password resets by SMS, second-factor enrolment by the
office, and recovery codes (issue 21).

A code is drawn with ``secrets`` from an alphabet without look-alike characters
(``rules.CODE_ALPHABET``), shown once, and stored only as a keyed HMAC (``crypto.lookup_hash``
of purpose and code), so a copy of the database gives no usable code. Redeeming is one
conditional UPDATE (``used_at IS NULL``): two requests racing with the same code succeed once.

``core`` knows no deputies: what the activation page shows about an account (masked name and
ID number) comes from describers the registry registers (:func:`register_describer`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from . import clock, crypto, rules
from .models import CodePurpose, OneTimeCode, User

_describers: list[Callable[[User], dict[str, str]]] = []


def register_describer(describe: Callable[[User], dict[str, str]]) -> None:
    """``describe(user)`` returns masked facts about the account's holder (``name``,
    ``id_number``, ``unit``) for the activation page; the last non-empty answer wins."""
    _describers.append(describe)


def describe(user: User) -> dict[str, str]:
    facts = {"name": mask_name(user.display_name or user.username), "id_number": "", "unit": ""}
    for describer in _describers:
        facts |= {k: v for k, v in describer(user).items() if v}
    return facts


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳明华 → 欧**华: enough for the holder to recognise, not to learn."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def new_code(length: int) -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(length))


def normalise(code: str) -> str:
    """What a person typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def pretty(code: str) -> str:
    """Groups of five (or four) for reading: ``ABCDE-FGHJK``."""
    size = 5 if len(code) % 5 == 0 else 4
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def _hash(purpose: str, code: str) -> str:
    return crypto.lookup_hash(f"{purpose}:{normalise(code)}")


def issue(
    *,
    user: User,
    purpose: str,
    length: int,
    valid_for: dt.timedelta | None,
    issued_by: User | None = None,
    ip: str | None = None,
    revoke_earlier: bool = True,
) -> str:
    """A new code for ``user``; earlier unused codes of the same purpose stop working (a
    reprinted letter or a new SMS replaces the old one). Returns the code, shown once."""
    now = clock.now()
    if revoke_earlier:
        OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(
            used_at=now
        )
    code = new_code(length)
    OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        code_hash=_hash(purpose, code),
        created_at=now,
        expires_at=now + valid_for if valid_for is not None else None,
        ip=ip,
        issued_by=issued_by,
    )
    return code


def issue_recovery_codes(*, user: User) -> list[str]:
    """A fresh set of recovery codes (the old set stops working)."""
    OneTimeCode.objects.filter(
        user=user, purpose=CodePurpose.RECOVERY, used_at__isnull=True
    ).update(used_at=clock.now())
    return [
        issue(
            user=user,
            purpose=CodePurpose.RECOVERY,
            length=rules.RECOVERY_CODE_LENGTH,
            valid_for=None,
            revoke_earlier=False,
        )
        for _ in range(rules.RECOVERY_CODES)
    ]


def _usable(purpose: str, code: str, user: User | None = None) -> Any:
    code = normalise(code)
    if not code:
        return OneTimeCode.objects.none()
    now = clock.now()
    qs = OneTimeCode.objects.filter(
        purpose=purpose,
        code_hash__in=crypto.lookup_hashes(f"{purpose}:{code}"),
        used_at__isnull=True,
    ).exclude(expires_at__lte=now)
    if user is not None:
        qs = qs.filter(user=user)
    return qs


def peek(*, purpose: str, code: str) -> User | None:
    """The account a valid, unused code belongs to, without using it up."""
    row = _usable(purpose, code).select_related("user").first()
    return row.user if row is not None and row.user is not None else None


def redeem(*, purpose: str, code: str, user: User | None = None) -> User | None:
    """Use the code up (once, even under a race) and return its account, or None."""
    row = _usable(purpose, code, user).first()
    if row is None or row.user is None:
        return None
    used = OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=clock.now())
    return row.user if used == 1 else None


def requests_since(
    *, purpose: str, since: dt.datetime, user: User | None = None, ip: str | None = None
) -> int:
    qs = OneTimeCode.objects.filter(purpose=purpose, created_at__gte=since)
    if user is not None:
        qs = qs.filter(user=user)
    if ip is not None:
        qs = qs.filter(ip=ip)
    return qs.count()
