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
# The data's version (core.prebuilt.data_version) is read at most once a second per process and
# database (core.prebuilt.current_version): a change made in another process shows on the
# public API's answers and the stored open-data files within this time (issues 25.4, 26.4).
DATA_VERSION_MEMO_SECONDS = 1.0

# One-time codes (issue 21). The alphabet leaves out 0/O, 1/I/L, so a code read aloud or
# typed from a printed letter on a phone is not mistaken; 10 characters of 31 ≈ 49 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACTIVATION_CODE_LENGTH = 10
# Activation letters are printed, handed out at a session or a group meeting: a month.
ACTIVATION_CODE_VALID = dt.timedelta(days=30)
# A password-reset code goes by SMS to the phone on file and is used at once.
RESET_CODE_LENGTH = 8
RESET_CODE_VALID = dt.timedelta(minutes=15)
# Reset requests: at most 3 codes an hour for one person, 10 an hour from one address.
RESET_WINDOW = dt.timedelta(hours=1)
RESET_MAX_PER_PERSON = 3
RESET_MAX_PER_ADDRESS = 10
# An office's enrolment code for a second factor (given in person or by phone): one day.
ENROLMENT_CODE_VALID = dt.timedelta(days=1)
# A fresh proof (activation code or enrolment code) allows enrolling a factor this long.
ENROLMENT_PROOF_VALID = dt.timedelta(minutes=15)
# Recovery codes issued when a second factor is set up, each usable once instead of a code.
RECOVERY_CODES = 10
RECOVERY_CODE_LENGTH = 10

# Field-key rotation (issue 27.5, core.keyrotation): rows re-encrypted per transaction. Small
# enough that a batch holds its rows' locks for a few milliseconds while the platform runs.
KEY_ROTATION_BATCH = 500

# Read scaling (issue 27.2, core.dbrouting): the read-only parts whose GET requests read the
# streaming replica, the export formats that do too, and how long a browser that wrote keeps
# reading the primary (the replica's lag must stay well under it: docs/deployment.md).
REPLICA_READ_PREFIXES = (
    "/portal/",
    "/api/v1/",
    "/suggestions/public/",
    "/proposals/public/",
    "/compliance/",
    "/suggestions/statistics/",
    "/proposals/statistics/",
    "/stations/statistics/",
)
# … except the portal's news editor, where the office edits (read on the primary).
REPLICA_PRIMARY_PREFIXES = ("/portal/editor/",)
REPLICA_EXPORT_FORMATS = frozenset({"csv", "xlsx"})
REPLICA_PIN_SECONDS = 30
REPLICA_PIN_COOKIE = "lvzhi_primary"
