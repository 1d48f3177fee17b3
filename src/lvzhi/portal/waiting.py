"""The deputy's one-glance "what waits for me" (SPEC section 8: 履职活动在掌端): counts from the
apps' own selectors, each a link to where the deputy acts. Fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.activities import selectors as activity_selectors
from lvzhi.core import clock
from lvzhi.proposals import selectors as proposal_selectors
from lvzhi.registry.actor import deputy_id
from lvzhi.stations import selectors as station_selectors
from lvzhi.suggestions import selectors as suggestion_selectors
from lvzhi.suggestions.models import Status
from lvzhi.voting import selectors as voting_selectors


@dataclass(frozen=True)
class Tile:
    key: str
    label: Any
    count: int
    url: str


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def tiles(user: Any) -> list[Tile]:
    d = deputy_id(user)
    if d is None:
        return []
    today = clock.today()
    start, end = week_of(today)
    this_week = [
        p for p in activity_selectors.participations_of(d, today.year) if start <= p.on <= end
    ]
    if start.year != end.year:  # a week across New Year
        this_week += [
            p for p in activity_selectors.participations_of(d, end.year) if start <= p.on <= end
        ]
    cosign = (
        suggestion_selectors.invitations(user).count()
        + proposal_selectors.invitations(user).count()
    )
    return [
        Tile("cosign", _("Co-signatures to confirm"), cosign, reverse("suggestions:mine")),
        Tile(
            "evaluate",
            _("Replies to evaluate"),
            suggestion_selectors.mine(user).filter(status=Status.REPLIED, proposer_id=d).count(),
            reverse("suggestions:mine"),
        ),
        Tile(
            "votes",
            _("Votes open"),
            voting_selectors.open_polls_for_deputy(d).count(),
            reverse("voting:mine"),
        ),
        Tile(
            "messages",
            _("Citizens' messages to handle"),
            station_selectors.assigned_to_me(user).count(),
            reverse("stations:queue") + "?mine=on",
        ),
        Tile("week", _("Activities this week"), len(this_week), reverse("activities:mine")),
    ]
