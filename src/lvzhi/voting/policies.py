"""Who may do what with a poll: the meeting's staff preside, the meeting's members vote."""

from __future__ import annotations

from typing import Any

from lvzhi.meetings import policies as meeting_policies
from lvzhi.meetings import selectors as meeting_selectors
from lvzhi.registry.actor import deputy_id as deputy_id

from .models import Poll


def can_preside(user: Any, poll: Poll) -> bool:
    """The staff running the meeting open and close its polls (R56)."""
    return meeting_policies.is_staff_for(user, poll.meeting)


def is_voter(user: Any, poll: Poll) -> bool:
    """A member of the poll's meeting (R56). Remembered on the user object for the request,
    as the deputy id is: the vote page and the vote service both ask."""
    d = deputy_id(user)
    if d is None:
        return False
    known: dict[int, bool] | None = getattr(user, "_lvzhi_member_of", None)
    if known is None:
        known = user._lvzhi_member_of = {}
    if poll.meeting_id not in known:
        known[poll.meeting_id] = meeting_selectors.is_member(poll.meeting_id, d)
    return known[poll.meeting_id]


def can_view(user: Any, poll: Poll) -> bool:
    # A voter first: a deputy's vote then needs no look-up of staff roles.
    return is_voter(user, poll) or can_preside(user, poll)
