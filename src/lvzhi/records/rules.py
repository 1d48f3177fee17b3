"""Numbers and small pure rules of the duty archive, handbook and evaluation (Art 5, 94-95)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# The kinds of duty the archive lists (R03, Art 5; SPEC section 9), in the handbook's order.
# Each is compiled from the app that records it (``sources.py``); a kind whose app is not
# installed shows "not yet recorded" rather than zero.
KINDS: tuple[tuple[str, str, object], ...] = (
    ("attendance", "lvzhi.meetings", _("Sittings attended")),
    ("leave", "lvzhi.meetings", _("Sittings on approved leave")),
    ("absence", "lvzhi.meetings", _("Sittings missed without leave")),
    ("speech", "lvzhi.meetings", _("Speeches")),
    ("inquiry", "lvzhi.meetings", _("Inquiries put to organs")),
    ("vote", "lvzhi.voting", _("Votes cast")),
    ("proposal_led", "lvzhi.proposals", _("Proposals led")),
    ("proposal_cosigned", "lvzhi.proposals", _("Proposals co-signed")),
    ("suggestion_led", "lvzhi.suggestions", _("Suggestions led")),
    ("suggestion_cosigned", "lvzhi.suggestions", _("Suggestions co-signed")),
    ("group_activity", "lvzhi.activities", _("Deputy group activities")),
    ("training", "lvzhi.activities", _("Training attended")),
    ("inspection", "lvzhi.activities", _("Inspections")),
    ("research", "lvzhi.activities", _("Research")),
    ("legislation", "lvzhi.activities", _("Legislative work")),
    ("supervision", "lvzhi.activities", _("Supervision activities")),
    ("station_duty", "lvzhi.stations", _("Station duty")),
    # R53 (Art 59.4, 60): reports to the voters (述职) with the voters' evaluation; those the
    # voters were not satisfied with are counted again apart, as a deduction.
    ("voter_report", "lvzhi.stations", _("Reports to the voters (述职)")),
    (
        "voter_report_unsatisfied",
        "lvzhi.stations",
        _("Reports the voters were not satisfied with"),
    ),
    ("opinion_answered", "lvzhi.stations", _("Citizens' opinions handled")),
    ("contact", "lvzhi.contacts", _("Contacts with members and organs")),
    ("discipline", "lvzhi.records", _("Discipline notes")),
    ("own_entry", "lvzhi.records", _("Confirmed entries added by the deputy")),
)
KIND_KEYS = tuple(k for k, _app, _label in KINDS)
KIND_LABELS = {k: label for k, _app, label in KINDS}
KIND_APPS = {k: app for k, app, _label in KINDS}

# R48 (Art 94, 95): the scheme the office starts from; every weight and threshold is the
# office's to change. Negative weights count against the score.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "attendance": Decimal("2"),
    "leave": Decimal("0"),
    "absence": Decimal("-5"),
    "speech": Decimal("1"),
    "inquiry": Decimal("2"),
    "vote": Decimal("0.2"),
    "proposal_led": Decimal("5"),
    "proposal_cosigned": Decimal("1"),
    "suggestion_led": Decimal("3"),
    "suggestion_cosigned": Decimal("1"),
    "group_activity": Decimal("2"),
    "training": Decimal("2"),
    "inspection": Decimal("2"),
    "research": Decimal("2"),
    "legislation": Decimal("1"),
    "supervision": Decimal("2"),
    "station_duty": Decimal("2"),
    "voter_report": Decimal("3"),  # R53
    "voter_report_unsatisfied": Decimal("-3"),  # R53: the voters' evaluation weighs
    "opinion_answered": Decimal("1"),
    "contact": Decimal("0.5"),
    "discipline": Decimal("-10"),
    "own_entry": Decimal("1"),
}
DEFAULT_TALK_BELOW = Decimal("10")  # R48: score under this → candidate for a talk (约谈)
DEFAULT_COMMEND_FROM = Decimal("60")  # R48: score at or over this → candidate for commendation
DEFAULT_TALK_ABSENCES = 2  # R48 with R01 (Art 3): this many sittings missed without leave
WEIGHT_MAX = Decimal("100")


HANDBOOKS_REQUIRED_SHARE = 1.0  # R47 (Art 95): every seat held in the year has its handbook


def handbook_due(year: int) -> dt.date:
    """R47 (Art 95): the electoral unit submits each deputy's handbook before year-end."""
    return dt.date(year, 12, 31)


# Evidence of a deputy-added entry: the same content checks as other uploads.
MAX_EVIDENCE_BYTES = 10 * 2**20
ENTRY_YEARS_BACK = 5  # entries may be added for this year and the previous ones
RETURN_REASON_MIN = 4


# R55 (Art 92): a deputy's duty work counts as normal attendance at work; the office certifies
# it to the employer. The certificate lists the duties of these kinds (the archive's kinds,
# plus the sittings the deputy attended), performed in the period, up to the day of issue.
CERTIFICATE_KINDS = (
    "group_activity",
    "inspection",
    "research",
    "legislation",
    "supervision",
    "training",
    "station_duty",
    "voter_report",  # R53
)
CERTIFICATE_MAX_DAYS = 366  # one certificate covers at most a year of duty
CERTIFICATE_NUMBER = "履职证〔{year}〕{number}号"  # the certificate's 文号
# The verification code: no 0/O, 1/I/L, so that it can be read aloud and typed from paper.
CERTIFICATE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CERTIFICATE_CODE_LENGTH = 12
# The public verify page: at most this many look-ups per client address per window.
CERTIFICATE_VERIFY_LIMIT = 20
CERTIFICATE_VERIFY_WINDOW_S = 600


def certificate_number(year: int, number: int) -> str:
    return CERTIFICATE_NUMBER.format(year=year, number=number)


def certificate_code_shown(code: str) -> str:
    """ABCD-EFGH-JKMN: how the code is printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def certificate_code_normal(text: str) -> str:
    """What a person typed, as stored: capitals, without spaces and dashes."""
    return "".join(c for c in text.upper() if c.isalnum())
