"""The 列席 planner's reasons that meetings cannot see for itself (R30, Art 56): the proposers
of suggestions related to the meeting's topics, and the deputies who took part in related
inspections.

meetings sits below activities and beside suggestions in the import layers, so it cannot ask
either; activities can see both, and registers these providers with the planner when the apps
are ready (``apps.ActivitiesConfig.ready``). "Related" is decided by one rule for both
(``meetings.rules.related``): enough words in common with the meeting's title and agenda."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.meetings import rules as meeting_rules
from lvzhi.meetings.models import Meeting
from lvzhi.meetings.planner import Topics, register_reason
from lvzhi.suggestions import selectors as suggestion_selectors
from lvzhi.suggestions.similarity import tokens

from . import selectors


def _topic_words(topics: Topics) -> frozenset[str]:
    return frozenset(w for w in tokens(topics.text) if meeting_rules.is_topic_word(w))


def _quote(titles: list[str]) -> str:
    shown = "、".join(f"《{t[:30]}》" for t in titles[:2])
    return shown + ("…" if len(titles) > 2 else "")


def related_suggestion_proposers(topics: Topics) -> dict[int, str]:
    """R30: deputies who proposed (or co-signed, R12) a suggestion of the term that shares
    enough words with the meeting's topics. Three queries at most."""
    words = _topic_words(topics)
    proposed: dict[int, list[str]] = {}
    cosigned: dict[int, list[str]] = {}
    for s in suggestion_selectors.proposers_on_words(topics.term_id, sorted(words)):
        if meeting_rules.related(words, s["words"]):
            proposed.setdefault(s["proposer"], []).append(s["title"])
            for d in s["cosigners"]:
                cosigned.setdefault(d, []).append(s["title"])
    reasons = {
        d: _("co-signer of a related suggestion: %s") % _quote(titles)
        for d, titles in cosigned.items()
    }
    for d, titles in proposed.items():
        text = _("proposer of a related suggestion: %s") % _quote(titles)
        reasons[d] = f"{text}；{reasons[d]}" if d in reasons else text
    return reasons


def related_inspection_participants(topics: Topics) -> dict[int, str]:
    """R30: deputies who took part in an inspection of the term, begun by the meeting's date,
    whose topic shares enough words with the meeting's topics. Three queries."""
    words = _topic_words(topics)
    opens = Meeting.objects.filter(pk=topics.meeting_id).values_list("opens_at", flat=True).first()
    held_by = timezone.localdate(opens) if opens is not None else clock.today()
    found: dict[int, list[str]] = {}
    for i in selectors.inspections_with_participants(topics.term_id, held_by):
        if meeting_rules.related(words, set(tokens(i["title"]))):
            for d in i["deputies"]:
                found.setdefault(d, []).append(i["title"])
    return {
        d: _("took part in a related inspection: %s") % _quote(titles)
        for d, titles in found.items()
    }


def register() -> None:
    register_reason("related_suggestions", related_suggestion_proposers)
    register_reason("related_inspections", related_inspection_participants)
