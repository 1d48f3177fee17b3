"""The second factor at sign-in (MLPS 2.0 level 3): time-based one-time codes (TOTP, RFC 6238)
from any authenticator app, through the maintained ``pyotp`` library.

Who must use it is decided by the apps that know the roles: ``core`` imports no domain app, so
the registry registers a rule ("holds a staff role") in its ``AppConfig.ready()``. Deputies may
turn it on for themselves. ``settings.STAFF_SECOND_FACTOR`` switches the obligation (on in
production, off in the demo so its accounts sign in with the printed password alone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from . import clock, rules

_requirements: list[Callable[[Any], bool]] = []


def register_requirement(rule: Callable[[Any], bool]) -> None:
    """``rule(user)`` is True when the user must sign in with a second factor."""
    _requirements.append(rule)


def enabled(user: Any) -> bool:
    return bool(getattr(user, "totp_enabled_at", None))


def staff_account(user: Any) -> bool:
    """Whether the account works on others' records (whatever ``STAFF_SECOND_FACTOR`` says):
    such an account never enrols a new factor on the strength of its password alone."""
    return bool(user.is_superuser) or any(rule(user) for rule in _requirements)


def required(user: Any) -> bool:
    if not getattr(settings, "STAFF_SECOND_FACTOR", False):
        return False
    return bool(user.is_superuser) or any(rule(user) for rule in _requirements)


def totp(secret: str) -> Any:
    import pyotp

    return pyotp.TOTP(secret, digits=rules.TOTP_DIGITS, interval=rules.TOTP_INTERVAL_SECONDS)


def matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is, within the allowed clock drift, or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != rules.TOTP_DIGITS:
        return None
    t = totp(secret)
    now = clock.now()
    step = t.timecode(now)
    for drift in range(-rules.TOTP_DRIFT_STEPS, rules.TOTP_DRIFT_STEPS + 1):
        at = now.timestamp() + drift * rules.TOTP_INTERVAL_SECONDS
        if t.at(at) == code:
            return int(step + drift)
    return None


def provisioning_uri(secret: str, username: str) -> str:
    return str(totp(secret).provisioning_uri(name=username, issuer_name=rules.TOTP_ISSUER))


def qr_svg_data_uri(uri: str) -> str:
    """The enrolment QR code as an SVG data URI (drawn here, no outside service)."""
    import segno

    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))
