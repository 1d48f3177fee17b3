"""Personal data at rest: encryption plus keyed look-up hashes (PIPL Art 51, SPEC section 2).

ID and phone numbers are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a keyed
HMAC-SHA256 digest beside them, so the platform can find a person by ID number and enforce
uniqueness without ever storing the plain value.

The keys form a keyring: ``LVZHI_FIELD_KEY`` (``settings.FIELD_ENCRYPTION_KEY``) is the current
key — everything new is encrypted and hashed with it — and ``LVZHI_FIELD_OLD_KEYS``
(``settings.FIELD_ENCRYPTION_OLD_KEYS``) are earlier keys that are still read: a value
encrypted with one of them decrypts, and a look-up tries the digest under each key. ``lvzhi
rotate_field_key`` (``core.keyrotation``) re-encrypts and re-hashes the stored rows with the
current key, after which the old keys can be removed (docs/deployment.md, "Rotating the field
key").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=8)
def _keys(secret: str) -> tuple[Fernet, bytes]:
    material = hashlib.sha256(("lvzhi-field-encryption:" + secret).encode()).digest()
    hash_key = hashlib.sha256(("lvzhi-lookup-hash:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material)), hash_key


def keyring() -> tuple[str, ...]:
    """The current key first, then the old keys still read (empty and repeated ones dropped)."""
    ring: list[str] = []
    for secret in (
        settings.FIELD_ENCRYPTION_KEY,
        *getattr(settings, "FIELD_ENCRYPTION_OLD_KEYS", ()),
    ):
        if secret and secret not in ring:
            ring.append(secret)
    return tuple(ring)


@lru_cache(maxsize=8)
def _multi(ring: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_keys(secret)[0] for secret in ring])


def encrypt(value: str) -> str:
    """Encrypt ``value`` with the current key; the empty string stays empty."""
    if not value:
        return ""
    fernet, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a value written by :func:`encrypt` under any key of the keyring; an unreadable
    token gives ``""``."""
    if not token:
        return ""
    try:
        return _multi(keyring()).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def is_current(token: str) -> bool:
    """Whether ``token`` is encrypted with the current key (the empty string is)."""
    if not token:
        return True
    fernet, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    try:
        fernet.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token: str) -> str:
    """``token`` encrypted again with the current key (its original timestamp kept). Raises
    ``InvalidToken`` when no key of the keyring reads it."""
    if not token:
        return ""
    return _multi(keyring()).rotate(token.encode()).decode()


def _digest(secret: str, value: str) -> str:
    _, hash_key = _keys(secret)
    return hmac.new(hash_key, value.upper().encode(), hashlib.sha256).hexdigest()


def lookup_hash(value: str) -> str:
    """Keyed digest for equality look-ups, under the current key; ``""`` for an empty value."""
    if not value:
        return ""
    return _digest(settings.FIELD_ENCRYPTION_KEY, value)


def lookup_hashes(value: str) -> list[str]:
    """The digests of ``value`` under every key of the keyring, the current key's first: what a
    look-up matches while rows hashed with an old key remain (``[]`` for an empty value)."""
    if not value:
        return []
    return [_digest(secret, value) for secret in keyring()]
