"""The citizens' opinions list's table (issue 26.2: written in Python, ``core.tables``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.tables import Column, Table, due, link, tag, url

from . import selectors
from .models import Opinion


def queue(today: dt.date | None = None) -> Table[Opinion]:
    """The table of the opinions queue, an opinion overdue from ``today`` (the clock's) on."""
    day = today or clock.today()
    return Table(
        "list opinions",
        (
            Column(_("Tracking code"), lambda o: o.tracking_code),
            Column(_("Subject"), lambda o: link(url("stations:opinion", o.pk), o.title)),
            Column(_("Station"), lambda o: o.station.organisation.name),
            Column(_("Citizen"), lambda o: f"{o.citizen_name_masked} {o.phone_masked}"),
            Column(_("Status"), lambda o: tag(o.get_status_display(), f"status-{o.status}")),
            Column(_("Due on"), lambda o: due(o.due_on, selectors.is_overdue(o, day))),
        ),
        _("No opinion here."),
    )
