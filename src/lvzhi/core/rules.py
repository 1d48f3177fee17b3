"""Numbers of the platform's own security rules (MLPS 2.0 level 3; issue: foundation)."""

from __future__ import annotations

import datetime as dt

# Five failed sign-ins within one minute, per account or per address, lock the account.
LOGIN_MAX_FAILURES = 5
LOGIN_FAILURE_WINDOW = dt.timedelta(minutes=1)
# Per-address failures are counted separately so one address cannot try many accounts.
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
