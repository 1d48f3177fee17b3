"""Numbers of the API's token scheme (SPEC section 8)."""

from __future__ import annotations

TOKEN_PREFIX = "lvz_"  # noqa: S105 (not a secret) tells a platform token apart in logs and secret scanners
TOKEN_BYTES = 32  # 256 bits of randomness: a plain SHA-256 digest is enough to store it
SHOWN_PREFIX_LENGTH = 10  # characters kept in clear so the owner can tell tokens apart
MAX_ACTIVE_TOKENS = 20  # per account: a forgotten token is a leak waiting to happen
LAST_USED_GRANULARITY_SECONDS = 300  # "last used" is written at most every five minutes
