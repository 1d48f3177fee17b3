"""The numbers of the regulation for suggestions (SPEC section 6, R11-R18)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

# R14 (Art 24), R18 (Art 34): a reply is due three calendar months after assignment…
REPLY_DUE = relativedelta(months=3)
# … and an extension can never push it past six months after assignment.
REPLY_CAP = relativedelta(months=6)
# R14: the lead unit is reminded this many days before the due date (configurable).
REMINDER_DAYS_BEFORE = 15
# R14 (issue 26.3): one run sends at most this many items' reminders, the most urgent (earliest
# due) first; what is left goes in the next run. A day's run never comes near it; the first run
# after a bulk load (an import, a restore) spreads over the day's hourly runs (the timer runs
# the job every hour from 07:00 to 19:00) instead of one run of everything.
REMINDER_BATCH = 20_000

# A unit may ask to return a misassigned suggestion within this many working days of the
# assignment (practice of the handling units; configurable).
RETURN_WINDOW_WORKING_DAYS = 5

# Co-handling units send their opinion to the lead unit within this many working days of the
# assignment, so that the lead can reply in time (configurable).
COHANDLER_OPINION_WORKING_DAYS = 20

# Attachments of drafts and replies: PDF, Word, Excel, JPEG or PNG, recognised by content.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10

# R12 (Art 22): a suggestion has one or more deputies; co-signers each confirm.
MIN_DEPUTIES = 1


def reply_due(assigned_on: dt.date) -> dt.date:
    """R14: assignment date + 3 calendar months (the end of a shorter month clamps:
    2026-11-30 → 2027-02-28, 2027-11-29 → 2028-02-29)."""
    return assigned_on + REPLY_DUE


def reply_cap(assigned_on: dt.date) -> dt.date:
    """R14: the latest due date any extension may reach."""
    return assigned_on + REPLY_CAP


# R11 (Art 21): kinds of text that are not suggestions. Each has words that make a draft
# look like it; staff confirm or clear the flag, the platform never rejects on its own.
EXCLUSION_SIGNS: dict[str, tuple[str, ...]] = {
    "judicial_case": ("判决", "裁定", "诉讼", "上诉", "再审", "案件", "开庭", "法院审理"),
    "forwarded_letter": ("来信", "转交", "信访件", "群众来信", "转来"),
    "promotion": ("本公司产品", "推广我公司", "学术成果", "专利产品", "论文", "我公司研发"),
    "complaint": ("举报", "控告", "检举", "揭发", "投诉某"),
    "personal_matter": (
        "我的家属",
        "我家",
        "本人亲属",
        "我儿子",
        "我女儿",
        "我的工作调动",
        "我父亲",
        "我母亲",
        "为本人",
    ),
}
# A draft shorter than this has "no substance" in the sense of Art 21.
MIN_BODY_CHARS = 60


# Lists count at most this many items; past it the page asks for a filter (not a rule of the
# regulation: a bound that keeps a list page fast at 100,000 items).
LIST_COUNT_CAP = 10_000

# R13 (Art 23): the office hands a congress's suggestions to the organs of that congress's own
# level (its government and departments, supervisory commission, court, procuratorate). The
# assignment forms offer only those (registry.selectors.handling_units(division_ids)), and the
# service refuses any other.
ASSIGN_TO_OWN_LEVEL = True

# R13 (Art 23) assignment in bulk and R15 (Art 25) a unit's bulk actions on its inbox: the most
# items one request acts on. A request over it is refused with a message, never cut (the page
# shows at most this many items per page, so only a forged request can exceed it).
BULK_MAX = 500


def over_bulk_max(n: int) -> bool:
    return n > BULK_MAX
