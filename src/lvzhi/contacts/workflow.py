"""The workflows of contacts as data: a meeting request (约见, Art 34, R52) and a deputy's
opinion to a Standing Committee member (R35, Art 69). Services apply them; the meeting page
asks ``MEETING.allowed(user, mr)`` which steps the user has; docs/architecture.md draws them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Transition, Workflow

from . import policies
from .models import MeetingStatus, OpinionStatus


def _office_or_organ(user: Any, mr: Any) -> bool:
    return policies.office_for_meeting(user, mr) or policies.organ_for_meeting(user, mr)


OPEN = (MeetingStatus.REQUESTED, MeetingStatus.ARRANGED)

MEETING = Workflow(
    "meeting request",
    MeetingStatus,
    (
        Transition(
            "arrange",
            [MeetingStatus.REQUESTED],
            MeetingStatus.ARRANGED,
            policies.office_for_meeting,
            "office",
        ),
        Transition("decline", OPEN, MeetingStatus.DECLINED, policies.office_for_meeting, "office"),
        Transition("withdraw", OPEN, MeetingStatus.WITHDRAWN, policies.is_requester, "deputies"),
        Transition(
            "confirm",
            [MeetingStatus.ARRANGED],
            MeetingStatus.CONFIRMED,
            policies.organ_for_meeting,
            "organ",
        ),
        Transition(
            "record",
            [MeetingStatus.CONFIRMED],
            MeetingStatus.HELD,
            _office_or_organ,
            "office, organ",
        ),
    ),
    initial=MeetingStatus.REQUESTED,
    refused=_("A meeting request that is “%(from)s” cannot become “%(to)s”."),
)


OPINION = Workflow(
    "opinion",
    OpinionStatus,
    (
        Transition(
            "answer",
            [OpinionStatus.RAISED, OpinionStatus.FORWARDED],
            OpinionStatus.ANSWERED,
            policies.can_answer,
            "member; deputy-affairs body once forwarded",
        ),
        Transition(
            "forward",
            [OpinionStatus.RAISED],
            OpinionStatus.FORWARDED,
            policies.can_forward,
            "member",
        ),
    ),
    initial=OpinionStatus.RAISED,
    refused=_("An opinion that is “%(from)s” cannot become “%(to)s”."),
)
