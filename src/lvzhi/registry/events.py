"""The kinds of event of a deputy's seat (``Membership``, Art 89, R46): the election and each
later change of status, with the date it took effect (``on``), the reason and the document
number. The deputy's page reads them as the seat's status history (``selectors.seat_history``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.models import User

from .models import Membership, MembershipStatus

# Data keys of both kinds; a timeline shows them after the label, in this order, the status as
# its label (never the code).
DETAIL = ("status", "on", "reason", "document_no")
CHOICES = {"status": MembershipStatus}


_seat = events.Family("registry", "seat", detail=DETAIL)


seat_elected = _seat.define("seat_elected", _("Elected"), *DETAIL, choices=CHOICES)


seat_status_changed = _seat.define(
    "seat_status_changed", _("Seat status changed"), *DETAIL, choices=CHOICES
)


# What the seat's status history reads.
SEAT_KINDS = (seat_elected.event_kind, seat_status_changed.event_kind)  # type: ignore[attr-defined]


def unsaved(
    constructor: Callable[..., Event],
    *,
    seat: Membership,
    actor: User | None,
    at: dt.datetime,
    status: str,
    on: dt.date,
    reason: str = "",
    document_no: str = "",
) -> Event:
    """The event ``constructor`` (one of this family's) would append, unsaved and dated ``at``:
    for the bulk writers (the import, the seeders), which store many at once."""
    return events.build(
        kind=constructor.event_kind,  # type: ignore[attr-defined]
        subject=seat,
        actor=actor,
        occurred_at=at,
        data={"status": status, "on": on, "reason": reason, "document_no": document_no},
    )


def elected_unsaved(
    seat: Membership, *, actor: User | None, at: dt.datetime, on: dt.date, reason: str
) -> Event:
    """A new seat's election, unsaved (as ``unsaved``): serving from ``on``."""
    return unsaved(
        seat_elected,
        seat=seat,
        actor=actor,
        at=at,
        status=MembershipStatus.SERVING,
        on=on,
        reason=reason,
    )
