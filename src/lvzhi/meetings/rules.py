"""The numbers of the regulation for meetings (SPEC section 3, R01-R02; R30-R31)."""

from __future__ import annotations

import datetime as dt

# R02 (Art 4): the notice (time and preliminary agenda) reaches the deputies at least this
# many days before the session opens (configurable).
NOTICE_DAYS_BEFORE = 15


def days_ahead(sent_on: dt.date, opens_on: dt.date) -> int:
    """R02: whole calendar days between the notice reaching the deputies and the opening."""
    return (opens_on - sent_on).days


# R01 (Art 4-5): a deputy checks in to a sitting on the sitting's day (Beijing time), not
# weeks ahead. The window opens this many days before the sitting's day and closes this many
# days after it (configurable; both 0 by default: the sitting's day only).
CHECK_IN_DAYS_BEFORE = 0
CHECK_IN_DAYS_AFTER = 0


def check_in_open(sitting_day: dt.date, today: dt.date) -> bool:
    """R01: whether check-in to a sitting held on ``sitting_day`` is accepted ``today``."""
    first = sitting_day - dt.timedelta(days=CHECK_IN_DAYS_BEFORE)
    last = sitting_day + dt.timedelta(days=CHECK_IN_DAYS_AFTER)
    return first <= today <= last


# R31 (Art 57): for a Standing Committee meeting, the topics and materials reach the deputies
# (those attending without a vote included) at least a week before (configurable).
SC_NOTICE_DAYS_BEFORE = 7
# R31 (Art 57): the list of deputies attending without a vote is fixed ≥10 days before.
SC_LIST_DAYS_BEFORE = 10


def notice_days(is_session: bool) -> int:
    """The minimum days between the notice and the opening: R02 for a congress session, R31
    for a Standing Committee meeting."""
    return NOTICE_DAYS_BEFORE if is_session else SC_NOTICE_DAYS_BEFORE


# R02 (Art 4), R31 (Art 57): materials reach deputies in advance; a material may carry files,
# PDF or Word, of at most this size each (issue 22).
MATERIAL_FILE_MAX_BYTES = 20 * 2**20
MATERIAL_FILE_VERSIONS_MAX = 20

# R30 (Art 56): about ten deputies attend each Standing Committee meeting without a vote.
ATTENDEES_PER_MEETING = 10
# R30-R31: the most deputies one fixed list may invite (five times "about ten"); a list
# beyond it is refused with a message, never cut.
ATTENDEES_LIST_MAX = 50
# R31 (Art 57): the reason recorded when the list is fixed late (the column's length), and the
# reason of each invitation, which the planner writes (its reasons joined, cut to the column).
LATE_REASON_MAX_LENGTH = 500
INVITATION_REASON_MAX_LENGTH = 300


def attendee_list_is_late(fixed_on: dt.date, opens_on: dt.date) -> bool:
    """R31: the list fixed fewer than 10 days before the meeting is late and needs a reason."""
    return days_ahead(fixed_on, opens_on) < SC_LIST_DAYS_BEFORE


# The periodic job (``lvzhi meeting_reminders``). The regulation sets the notice period; when to
# remind is the office's practice (configurable): the staff hear this many days before the last
# day a notice still meets R02/R31, and the participants this many days before the opening.
NOTICE_WARNING_DAYS = 3
OPENING_REMINDER_DAYS = 2
# R30 (Art 56): a suggestion or an inspection is "related" to a meeting when it shares at least
# this many words (as jieba cuts them) with the meeting's title and agenda, not counting the
# words every agenda uses (TOPIC_STOPWORDS). A subject of a single word needs that word.
RELATED_MIN_SHARED_WORDS = 2
TOPIC_STOPWORDS = frozenset(
    [
        "报告",
        "情况",
        "审议",
        "条例",
        "草案",
        "决定",
        "决议",
        "会议",
        "常委会",
        "常务委员会",
        "人大",
        "人民代表大会",
        "全州",
        "自治州",
        "伊犁",
        "哈萨克",
        "伊犁哈萨克",
        "执行",
        "工作",
        "视察",
        "调研",
        "专题",
        "关于",
        "建议",
        # The place every title names, and the words of any motion or request: sharing them
        # says nothing about the subject (issue 28.3: 《历史文化街区保护条例》 was cited for a
        # meeting on grassland ecology through "伊犁哈萨克自治州" and "保护").
        "伊犁哈萨克自治州",
        "自治州人民政府",
        "人民政府",
        "政府",
        "本级",
        "议案",
        "制定",
        "修订",
        "保护",
        "问题",
        "加强",
        "解决",
        "听取",
        "批准",
        "推进",
        "发展",
        "建设",
    ]
)


# jieba's search mode also cuts the pieces of a long word ("伊犁哈萨克自治州" gives 哈萨, 萨克,
# 自治; "人民政府" gives 人民, 民政): a piece of a long stop word is no topic either.
_LONG_STOPWORDS = tuple(w for w in TOPIC_STOPWORDS if len(w) >= 4)


def is_topic_word(word: str) -> bool:
    """R30: a word that can say what a meeting, suggestion or inspection is about."""
    return word not in TOPIC_STOPWORDS and not any(word in long for long in _LONG_STOPWORDS)


def related(topic_words: frozenset[str], words: set[str]) -> set[str]:
    """R30: the words a suggestion or an inspection shares with the meeting's topics, when
    there are enough of them to call it related; otherwise nothing."""
    own = {w for w in words if is_topic_word(w)}
    shared = own & topic_words
    return shared if shared and len(shared) >= min(RELATED_MIN_SHARED_WORDS, len(own)) else set()
