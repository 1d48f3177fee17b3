"""Who may do what with a poll: the meeting's staff preside, the meeting's members vote."""

from __future__ import annotations

from typing import Any

from lvzhi.meetings import policies as meeting_policies
from lvzhi.meetings import selectors as meeting_selectors

from .models import Poll


def deputy_id(user: Any) -> int | None:
    return meeting_policies.deputy_id(user)


def can_preside(user: Any, poll: Poll) -> bool:
    """The staff running the meeting open and close its polls (R56)."""
    return meeting_policies.is_staff_for(user, poll.meeting)


def is_voter(user: Any, poll: Poll) -> bool:
    d = deputy_id(user)
    return d is not None and meeting_selectors.is_member(poll.meeting_id, d)


def can_view(user: Any, poll: Poll) -> bool:
    return can_preside(user, poll) or is_voter(user, poll)
