"""Who hears of a citizen's opinion's state changes: this app's rows of the one table of
``core.notices`` (issue 22, point 4). ``stations/events.py`` writes the event; the dispatcher
reads these rows. Overdue reminders are a periodic job (``services.overdue_remind``), not a
state change, and stay outside the table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors

from . import policies
from .models import Opinion, Outcome


def url(o: Opinion) -> str:
    return f"/stations/opinions/{o.pk}/"


def staff_users(o: Opinion) -> Any:
    return registry_selectors.users_with_role_over(o.station.organisation, policies.STAFF_ROLES)


def deputy_users(o: Opinion) -> list[Any]:
    """The active accounts of the deputies the opinion is assigned to."""
    ids = o.assignees.values_list("deputy_id", flat=True)
    return registry_selectors.deputy_users(ids)


def _titled(kind: str, audience: Any, recipients: Callable[[Opinion], Any], message: str) -> Notice:
    """A notice to ``recipients(opinion)`` titled ``message`` with the opinion's own title in
    it (``%(title)s``), linking to the opinion."""
    return Notice(
        kind=kind,
        audience=audience,
        recipients=lambda e, o: recipients(o),
        title=lambda e, o: Localized(message, title=o.title),
        url=lambda e, o: url(o),
    )


register(
    _titled(
        "stations.received",
        gettext_lazy("the station's staff (they triage it; R42)"),
        staff_users,
        gettext_noop("A citizen's opinion arrived: %(title)s"),
    ),
    _titled(
        "stations.assigned",
        gettext_lazy("the deputies it is given to"),
        deputy_users,
        gettext_noop("A citizen's opinion was given to you: %(title)s"),
    ),
    Notice(
        kind="stations.handled",
        audience=gettext_lazy(
            "the station's staff, when a deputy handled it (they answer the citizen)"
        ),
        recipients=lambda e, o: staff_users(o),
        # A redirect is the staff's own step.
        when=lambda e: e.data.get("outcome") != Outcome.REDIRECTED,
        title=lambda e, o: Localized(
            gettext_noop("A deputy handled the opinion %(code)s"), code=o.tracking_code
        ),
        url=lambda e, o: url(o),
    ),
)
