"""Numbers of the API's token scheme, limits and webhooks (SPEC section 8; issue 25)."""

from __future__ import annotations

TOKEN_PREFIX = "lvz_"  # noqa: S105 (not a secret) tells a platform token apart in logs and secret scanners
TOKEN_BYTES = 32  # 256 bits of randomness: a plain SHA-256 digest is enough to store it
SHOWN_PREFIX_LENGTH = 10  # characters kept in clear so the owner can tell tokens apart
MAX_ACTIVE_TOKENS = 20  # per account: a forgotten token is a leak waiting to happen
LAST_USED_GRANULARITY_SECONDS = 300  # "last used" is written at most every five minutes

# Tokens expire (issue 25.2): a token is made for at most a year; 90 days unless chosen.
TOKEN_DAYS_CHOICES = (30, 90, 180, 365)
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365
# Tokens made before scopes existed (api migration 0002) keep what they could do then and
# expire this many days after the migration, so their owners renew them deliberately.
MIGRATED_TOKEN_DAYS = 90

# Capabilities a token's scope names, each with ``:read`` and ``:write``. The first segment
# of an API path after /api/v1/ names its capability (``CAPABILITY_OF_SEGMENT``); a path whose
# segment is not listed is refused to every token (fail closed), and tests/api/test_scopes.py
# checks every path of the OpenAPI document has one.
CAPABILITIES = (
    "registry",
    "suggestions",
    "proposals",
    "meetings",
    "voting",
    "contacts",
    "stations",
    "records",
    "compliance",
    "activities",
    "account",
)
CAPABILITY_OF_SEGMENT = {
    "registry": "registry",
    "suggestions": "suggestions",
    "proposals": "proposals",
    "meetings": "meetings",
    "voting": "voting",
    "contacts": "contacts",
    "stations": "stations",
    "records": "records",
    "compliance": "compliance",
    "activities": "activities",
    "me": "account",
    "webhooks": "account",
}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a token made before scopes could do (every read; the writes v1 had then).
MIGRATED_SCOPES = (*(f"{c}:read" for c in CAPABILITIES), "suggestions:write", "account:write")

# Rate limits of the API (issue 25.4), fixed windows counted in the cache (Redis, or the
# database table when Redis is away): per token, and per address for calls without a token.
RATE_WINDOW_SECONDS = 60
RATE_PER_TOKEN = 600  # a system syncing a county's records, 10 calls a second on average
RATE_PER_ADDRESS = 120  # the public API per client address (an office's NAT shares it)

# Answers of the public API are kept per version of the data (issue 25.4, api.answercache);
# a row changed outside the services (no event, no audit entry) shows after this at the latest,
# as on the portal's cached pages (core.rules.PUBLIC_PAGE_CACHE_SECONDS).
PUBLIC_ANSWER_CACHE_SECONDS = 300

# Webhook subscriptions (issue 25.3).
MAX_SUBSCRIPTIONS_PER_OWNER = 20
WEBHOOK_MAX_ATTEMPTS = 6  # 1 + 5 retries: after ~31 minutes of backoff the delivery fails
WEBHOOK_BACKOFF_SECONDS = 60  # first retry after a minute, doubling each time
WEBHOOK_TIMEOUT_SECONDS = 10
