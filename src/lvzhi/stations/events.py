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


_opinion = events.Family("stations", "opinion", _record, detail=DETAIL)


opinion_received = _opinion.define("received", _("Received by the station"), "channel", public=True)


opinion_assigned = _opinion.define(
    "assigned", _("Given to the deputies"), "matter_level", "deputies", public=True
)


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


opinion_answered = _opinion.define("answered", _("Answer given"), public=True)


opinion_closed = _opinion.define("closed", _("Closed"), public=True)
