"""The kinds of event of a poll: prepared, opened, closed, counted on paper. Never a vote: no
event names a voter of a secret ballot (docs/voting.md), and a named vote is its own record."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import Poll

# Data keys a timeline shows after the label, in this order.
DETAIL = ("title", "present", "members")


def _record(step: str, poll: Poll, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"voting.{step}", subject=poll, actor=actor, data=data)


@kind("voting.poll_created", _("Poll prepared"), detail=DETAIL)
def poll_created(*, poll: Poll, actor: User | None, title: str, poll_kind: str) -> Event:
    return _record("poll_created", poll, actor, title=title, poll_kind=poll_kind)


@kind("voting.poll_opened", _("Poll opened"), detail=DETAIL)
def poll_opened(
    *, poll: Poll, actor: User | None, members: int, present: int, on_leave: int
) -> Event:
    return _record("poll_opened", poll, actor, members=members, present=present, on_leave=on_leave)


@kind("voting.poll_closed", _("Poll closed"), detail=DETAIL)
def poll_closed(*, poll: Poll, actor: User | None, adopted: bool | None, present: int) -> Event:
    return _record("poll_closed", poll, actor, adopted=adopted, present=present)


@kind("voting.poll_counted", _("Paper count recorded"), detail=DETAIL)
def poll_counted(*, poll: Poll, actor: User | None, adopted: bool | None) -> Event:
    return _record("poll_counted", poll, actor, adopted=adopted)


@kind("voting.keys_generated", _("Tellers' key shares generated"), detail=DETAIL)
def keys_generated(*, poll: Poll, actor: User | None, shares: int, needed: int) -> Event:
    """Only how many shares and how many open the count: never a share itself."""
    return _record("keys_generated", poll, actor, shares=shares, needed=needed)


@kind("voting.ballots_counted", _("Ballots counted with the tellers' shares"), detail=DETAIL)
def ballots_counted(*, poll: Poll, actor: User | None, adopted: bool | None) -> Event:
    return _record("ballots_counted", poll, actor, adopted=adopted)


@kind("voting.poll_published", _("Result published"), detail=DETAIL)
def poll_published(*, poll: Poll, actor: User | None) -> Event:
    return _record("poll_published", poll, actor)
