"""A prepared poll at a sitting where enough members have checked in."""

from __future__ import annotations

from lvzhi.voting import services
from lvzhi.voting.models import Poll

from ..meetings.helpers import check_in, sc_meeting, sitting_now, u


def named_poll(members: int = 6, present: int = 5) -> tuple[Poll, list]:
    meeting, people = sc_meeting(members=members)
    sitting = sitting_now(meeting)
    check_in(sitting, people[:present])
    poll = services.poll_create(
        actor=u("office"), sitting=sitting, kind="named", subject="bill", title="条例草案"
    )
    return poll, people


def election(members: int = 6, present: int = 6, seats: int = 2) -> tuple[Poll, list]:
    """A prepared election with its tellers' key shares generated (``poll.shares``)."""
    meeting, people = sc_meeting(members=members)
    sitting = sitting_now(meeting)
    check_in(sitting, people[:present])
    poll = services.poll_create(
        actor=u("office"),
        sitting=sitting,
        kind="election",
        subject="election",
        title="补选副主任",
        seats=seats,
        candidates=["阿力木", "巴合提", "陈静"],
    )
    poll.shares = services.poll_generate_keys(actor=u("office"), poll=poll)  # type: ignore[attr-defined]
    return poll, people


def count(poll: Poll, tellers: tuple[int, int] = (0, 2)) -> Poll:
    """Close, count with two tellers' shares and publish."""
    shares = poll.shares  # type: ignore[attr-defined]
    services.poll_close(actor=u("office"), poll=poll)
    counted = services.poll_count(actor=u("office"), poll=poll, shares=[shares[i] for i in tellers])
    return services.poll_publish(actor=u("office"), poll=counted)
