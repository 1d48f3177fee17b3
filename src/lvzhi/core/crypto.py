"""Personal data at rest: encryption plus keyed look-up hashes (PIPL Art 51, SPEC section 2).

ID and phone numbers are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a keyed
HMAC-SHA256 digest beside them, so the platform can find a person by ID number and enforce
uniqueness without ever storing the plain value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[Fernet, bytes]:
    material = hashlib.sha256(("lvzhi-field-encryption:" + secret).encode()).digest()
    hash_key = hashlib.sha256(("lvzhi-lookup-hash:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material)), hash_key


def encrypt(value: str) -> str:
    """Encrypt ``value``; the empty string stays empty."""
    if not value:
        return ""
    fernet, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a value written by :func:`encrypt`; an unreadable token gives ``""``."""
    if not token:
        return ""
    fernet, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def lookup_hash(value: str) -> str:
    """Keyed digest for equality look-ups; ``""`` for an empty value."""
    if not value:
        return ""
    _, hash_key = _keys(settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(hash_key, value.upper().encode(), hashlib.sha256).hexdigest()
