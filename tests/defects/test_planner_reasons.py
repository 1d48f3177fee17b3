"""Issue 28, point 3: the 列席 planner's reasons (R30, Art 56) name related suggestions only,
and call a co-signer a co-signer, not a proposer."""

from __future__ import annotations

import pytest

from lvzhi.activities.planner_reasons import _topic_words, related_suggestion_proposers
from lvzhi.meetings import planner, rules
from lvzhi.meetings.models import Meeting, MeetingKind
from lvzhi.meetings.planner import Topics
from lvzhi.suggestions.models import CoSigner, CoSignStatus, Suggestion
from lvzhi.suggestions.similarity import tokens

pytestmark = pytest.mark.django_db


def test_r30_sharing_the_prefectures_name_and_a_generic_word_is_not_related() -> None:
    meeting = frozenset(
        _topic_words(Topics(0, 0, "审议《伊犁哈萨克自治州草原生态保护条例（草案）》"))
    )
    other = set(tokens("关于制定《伊犁哈萨克自治州历史文化街区保护条例》的议案"))
    assert rules.related(meeting, other) == set()
    water = set(tokens("关于解决昭苏县山区牧民安全饮水问题的建议"))
    topic = frozenset(_topic_words(Topics(0, 0, "关于农村饮水安全工作情况的报告")))
    assert rules.related(topic, water) == {"安全", "饮水"}


def test_r30_co_signers_are_named_co_signers_and_proposers_proposers() -> None:
    m = Meeting.objects.filter(kind=MeetingKind.STANDING_COMMITTEE).first()
    assert m is not None
    term = planner.current_term(m)
    assert term is not None
    text = " ".join(m.agenda.values_list("title", flat=True))
    reasons = related_suggestion_proposers(Topics(m.pk, term.pk, text))
    assert reasons
    checked = 0
    for deputy_id, reason in reasons.items():
        for part in reason.split("；"):
            label, _sep, quoted = part.partition("：")
            title = quoted.split("》")[0].lstrip("《").rstrip("…")
            same = Suggestion.objects.filter(term=term, title__startswith=title)
            assert same.exists(), part
            if label == "相关建议的提出人":
                assert same.filter(proposer_id=deputy_id).exists()
            else:
                assert label == "相关建议的联名人"
                assert CoSigner.objects.filter(
                    suggestion__in=same, deputy_id=deputy_id, status=CoSignStatus.CONFIRMED
                ).exists()
            checked += 1
    assert checked >= 2
