"""Numbers and small pure rules of the registry."""

from __future__ import annotations

import datetime as dt

from pypinyin import Style, lazy_pinyin

# Constitution Art 34: citizens who have reached 18 may stand for election.
MIN_DEPUTY_AGE = 18
# A term lasts five years (Constitution Art 98, amended 2004; SPEC section 2).
TERM_YEARS = 5
# Deputy photos: JPEG or PNG, recognised by their first bytes (never by the file name), 2 MiB.
MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_SIGNATURES = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}


def photo_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG or PNG file from its first bytes, else None."""
    for signature, kind in PHOTO_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin (lower case, no spaces) and initials of a name, for search and sorting.

    Transliterated names keep their middle dot out: ``阿依古丽·别克`` → ``ayiguliebieke``.
    """
    syllables = [
        s
        for s in lazy_pinyin(
            name.replace("·", "").replace("•", ""), style=Style.NORMAL, errors="ignore"
        )
        if s.strip()
    ]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full[:200], initials[:64]


# R09 (Art 16): proposals are handed in before the deadline the session sets; the deadline may
# lie a little before the opening (delegations collect them at the preparatory meeting) and no
# later than the closing day.
PROPOSAL_DEADLINE_EARLIEST_DAYS = 15

# The directory counts at most this many seats; past it the page says "more than" and asks
# for a filter (not a rule of the regulation: counting a million seats of a large prefecture
# costs more than the page itself).
DIRECTORY_COUNT_CAP = 10_000
