"""Numbers of the platform's own security rules (MLPS 2.0 level 3; issue: foundation)."""

from __future__ import annotations

import datetime as dt

# Sign-in throttling (issue 18.7). Failures are counted by the account name as typed, whether
# or not such an account exists, so the answers never tell which names exist. No lockout that
# anyone could trigger: progressive delays instead.
# - one account from one address: five failures within the window are free, then each further
#   attempt waits LOGIN_BASE_DELAY doubled per failure, at most LOGIN_MAX_DELAY;
LOGIN_MAX_FAILURES = 5
LOGIN_FAILURE_WINDOW = dt.timedelta(minutes=15)
LOGIN_BASE_DELAY = dt.timedelta(seconds=30)
LOGIN_MAX_DELAY = dt.timedelta(minutes=15)
# - one address, any accounts: twenty free, then the same progressive delay;
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
# - slow guessing (a few a minute, from many addresses): past this many failures of one account
#   name within a day, the password alone no longer signs in; the office resets the count
#   (unlocking the account), or the account signs in with its second factor.
LOGIN_DAILY_FAILURE_BUDGET = 30
LOGIN_BUDGET_WINDOW = dt.timedelta(hours=24)

# Audit events are kept at least six months (网络安全法 Art 21: network logs kept no less than
# six months); the retention is configurable upwards, never below this.
AUDIT_RETENTION_MIN_DAYS = 183
AUDIT_RETENTION_DEFAULT_DAYS = 365

# The second factor: 6-digit codes every 30 seconds (what authenticator apps expect), one step
# of clock drift either way; a pending sign-in waits at most five minutes for its code.
TOTP_DIGITS = 6
TOTP_INTERVAL_SECONDS = 30
TOTP_DRIFT_STEPS = 1
TOTP_ISSUER = "lvzhi"
SECOND_FACTOR_PENDING = dt.timedelta(minutes=5)

# A form submission carries a one-time key; the same key again within this time gets the first
# answer instead of doing the work twice (a double click, a retried request on a bad network).
SUBMISSION_KEY_FIELD = "_submission"
SUBMISSION_KEY_HEADER = "HTTP_IDEMPOTENCY_KEY"
SUBMISSION_KEY_SECONDS = 24 * 3600

# Anonymous public pages are cached this long at most; a change of the portal's own content
# (news) clears them at once, other changes (a reply made public) show within this time.
PUBLIC_PAGE_CACHE_SECONDS = 300
