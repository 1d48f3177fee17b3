"""System checks that make production fail closed (issue 18).

Outside the demo and the tests (``settings.DEMO_MODE``) each of these is an ERROR, so
``manage.py`` commands refuse to run and :func:`lvzhi.startup.refuse_unsafe_start` stops
gunicorn and daphne before they serve anything:

- ``lvzhi.E001`` the secret key is missing, published (in this repository) or weak;
- ``lvzhi.E002`` the field-encryption key is missing, published, weak or equal to the secret key;
- ``lvzhi.E003`` DEBUG is on (tracebacks and settings shown to anyone).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "lvzhi_security"

# Values written in this repository (settings.py, deploy/systemd/lvzhi.env.example, docs):
# anyone can read them, so they protect nothing.
PUBLISHED_MARKERS = ("change-me", "demo-only", "demo-field-key", "django-insecure")

# Django's own measure of a usable secret key (security.W009), made an error here.
SECRET_MIN_LENGTH = 50
SECRET_MIN_UNIQUE = 5
# The field key feeds SHA-256 (lvzhi.core.crypto): 32 characters of several kinds at least.
FIELD_MIN_LENGTH = 32
FIELD_MIN_UNIQUE = 5


def _published(value: str) -> bool:
    lowered = value.lower()
    known = {
        getattr(settings, "DEMO_SECRET_KEY", ""),
        getattr(settings, "DEMO_FIELD_KEY", ""),
    }
    return value in known or any(marker in lowered for marker in PUBLISHED_MARKERS)


def _weakness(value: str, min_length: int, min_unique: int) -> str:
    if not value:
        return "missing"
    if _published(value):
        return "published in the lvzhi repository"
    if len(value) < min_length or len(set(value)) < min_unique:
        return f"weak (at least {min_length} characters of {min_unique} kinds or more)"
    return ""


@checks.register(TAG)
def production_fails_closed(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if getattr(settings, "DEMO_MODE", False):
        return []
    errors: list[checks.CheckMessage] = []
    try:
        secret = str(settings.SECRET_KEY)
    except ImproperlyConfigured:
        secret = ""
    problem = _weakness(secret, SECRET_MIN_LENGTH, SECRET_MIN_UNIQUE)
    if problem:
        errors.append(
            checks.Error(
                f"LVZHI_SECRET_KEY is {problem}.",
                hint="Set LVZHI_SECRET_KEY to 50 or more random characters, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` "
                "(docs/deployment.md). LVZHI_ENV=demo is for the demo only.",
                id="lvzhi.E001",
            )
        )
    field = str(getattr(settings, "FIELD_ENCRYPTION_KEY", "") or "")
    problem = _weakness(field, FIELD_MIN_LENGTH, FIELD_MIN_UNIQUE)
    if not problem and field == secret:
        problem = "the same as the secret key (keep them apart)"
    if problem:
        errors.append(
            checks.Error(
                f"LVZHI_FIELD_KEY is {problem}.",
                hint="Set LVZHI_FIELD_KEY to its own 32 or more random characters and keep it "
                "out of the backups (docs/deployment.md).",
                id="lvzhi.E002",
            )
        )
    if settings.DEBUG:
        errors.append(
            checks.Error(
                "DEBUG is on outside the demo: tracebacks and settings would be shown to anyone.",
                hint="Remove LVZHI_DEBUG (production default is off); only LVZHI_ENV=demo or "
                "LVZHI_ENV=test may turn it on.",
                id="lvzhi.E003",
            )
        )
    return errors
