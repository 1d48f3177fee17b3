"""Numbers of the compliance view itself. The thresholds of the rules it checks stay in the
apps that enforce them (meetings, suggestions, activities, contacts, stations rules)."""

from __future__ import annotations

from django.conf import settings

from lvzhi.meetings import rules as meetings_rules

# Amber: a row whose items are behind in no more than this share is amber, not red (and a
# row with nothing missed yet but items still open in a running period is amber too).
# Override with the setting LVZHI_COMPLIANCE_AMBER_MARGIN.
AMBER_MARGIN = 0.10

# R30 (Art 56): "about ten" deputies attend a Standing Committee meeting without a vote; eight
# or more counts as about ten.
ABOUT_TEN_TOLERANCE = 2
NON_VOTING_MIN = meetings_rules.ATTENDEES_PER_MEETING - ABOUT_TEN_TOLERANCE

# Dashboards: how many years the suggestion-rate chart goes back.
DASHBOARD_YEARS = 4
# Drill-down pages list at most this many items (the xlsx export has them all).
DRILL_PAGE_ITEMS = 500


# The compliance table and the dashboards are cached per congress, period, day and language
# (issue 26.3) and retired by the version counter ``CACHE_VERSION`` (``core.versions``), which
# every event kind and audit action of the apps the rules read bumps; the timeout only bounds
# how long an entry nobody retired stays in the cache.
CACHE_VERSION = "compliance"
CACHE_TIMEOUT_S = 6 * 3600
# Issue 28.6b: after a change the last value computed is shown (with its time) while the new
# one is computed in the background; it is kept this long, and a request that finds none at
# all computes. One background computation per version and key is queued within this guard.
LATEST_TIMEOUT_S = 7 * 24 * 3600
REFRESH_GUARD_S = 300
CACHE_WATCHED = (
    "meetings.",
    "suggestions.",
    "activities.",
    "contacts.",
    "stations.",
    "station.",
    "records.",
    "deputy.",
    "deputy_import.",
    "membership.",
    "organisation.",
    "session.",
)


def amber_margin() -> float:
    return float(getattr(settings, "LVZHI_COMPLIANCE_AMBER_MARGIN", AMBER_MARGIN))
