"""Validation and masking of identity and phone numbers (GB 11643, SPEC section 2, rule 6).

Every screen shows the masked form; the full value needs a permission and its access is logged
(see ``lvzhi.core.audit.log_personal_data_access``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .errors import ValidationFailed

# GB 11643-1999: weights of the first 17 digits and the check character for sum mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
# Province-level codes of GB/T 2260 (first two digits of an ID number).
_PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw: str) -> str:
    """Strip spaces and full-width characters; upper-case the check character."""
    table = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
    return re.sub(r"\s+", "", str(raw)).translate(table).upper()


def validate_id_number(raw: str, *, today: dt.date | None = None) -> str:
    """Return the normalised ID number or raise :class:`ValidationFailed` with the reason."""
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise ValidationFailed(
            _("The ID number must have 18 characters; this one has %(n)d.") % {"n": len(value)}
        )
    if not _ID_RE.match(value):
        raise ValidationFailed(
            _("The ID number may contain only digits, with X allowed as the last character.")
        )
    if value[:2] not in _PROVINCE_CODES:
        raise ValidationFailed(_("The ID number starts with an unknown region code."))
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationFailed(_("The ID number contains an impossible birth date.")) from None
    if born.year < 1900 or born > (today or dt.date.today()):
        raise ValidationFailed(_("The ID number contains an impossible birth date."))
    if id_check_character(value[:17]) != value[17]:
        raise ValidationFailed(
            _("The check digit of the ID number is wrong (GB 11643); please check the number.")
        )
    return value


def birth_date_from_id(value: str) -> dt.date:
    """Birth date encoded in a valid 18-character ID number."""
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def gender_from_id(value: str) -> str:
    """GB/T 2261.1 gender code from the 17th digit (odd = male "1", even = female "2")."""
    return "1" if int(value[16]) % 2 else "2"


def mask_id_number(value: str) -> str:
    """``654002199001011234`` → ``6540**********1234``."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def normalize_phone(raw: str) -> str:
    value = re.sub(r"[\s()（）]", "", str(raw))
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_phone(raw: str) -> str:
    """Return the normalised phone number or raise :class:`ValidationFailed`."""
    value = normalize_phone(raw)
    if _MOBILE_RE.match(value) or _LANDLINE_RE.match(value):
        return value
    raise ValidationFailed(
        _("Enter an 11-digit mobile number starting with 1, or a landline with its area code.")
    )


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep the area code and last 2 digits."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    return value[:4] + "*" * max(len(value) - 6, 0) + value[-2:]


_ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_in_text(text: str) -> str:
    """Mask every ID or mobile number found in free text (used by the log filter)."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1)[:4] + "*" * 10 + m.group(3)[-4:], text)
    return _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(3), text)
