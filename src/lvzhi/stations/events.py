"""The kinds of event of a citizen's opinion (its timeline), one constructor each. Every kind
here is ``public``: the citizen's tracking page shows it by the tracking code (labels in
Uyghur and Kazakh too), with no actor and no data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import Opinion

DETAIL = ("channel", "matter_level", "deputies", "outcome", "unit")


def _record(step: str, opinion: Opinion, actor: User | None, **data: Any) -> Event:
    return events.record(
        kind=f"stations.{step}",
        subject=opinion,
        subject_label=opinion.tracking_code,
        actor=actor,
        data=data,
    )


@kind("stations.received", _("Received by the station"), detail=DETAIL, public=True)
def opinion_received(*, opinion: Opinion, actor: User | None, channel: str) -> Event:
    return _record("received", opinion, actor, channel=channel)


@kind("stations.assigned", _("Given to the deputies"), detail=DETAIL, public=True)
def opinion_assigned(
    *, opinion: Opinion, actor: User | None, matter_level: str, deputies: list[str]
) -> Event:
    return _record("assigned", opinion, actor, matter_level=matter_level, deputies=deputies)


@kind("stations.handled", _("Handled by the deputies"), detail=DETAIL, public=True)
def opinion_handled(
    *,
    opinion: Opinion,
    actor: User | None,
    outcome: str,
    unit: str | None = None,
    suggestion: int | None = None,
) -> Event:
    """Redirected, answered on the spot, transferred (``unit``), or turned into a suggestion
    (``suggestion``, its id)."""
    data: dict[str, Any] = {"outcome": outcome}
    if unit is not None:
        data["unit"] = unit
    if suggestion is not None:
        data["suggestion"] = suggestion
    return _record("handled", opinion, actor, **data)


@kind("stations.answered", _("Answer given"), detail=DETAIL, public=True)
def opinion_answered(*, opinion: Opinion, actor: User | None) -> Event:
    return _record("answered", opinion, actor)


@kind("stations.closed", _("Closed"), detail=DETAIL, public=True)
def opinion_closed(*, opinion: Opinion, actor: User | None) -> Event:
    return _record("closed", opinion, actor)
