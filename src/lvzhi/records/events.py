"""The kinds of event of the duty records that someone hears of (``records/notices.py``): a
deputy's own duty entry (R45) and the certificate for the employer (R55). Each step is audited
too (``records.*`` actions, same labels)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.models import User


def _record(step: str, subject: models.Model, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"records.{step}", subject=subject, actor=actor, data=data)


_entry = events.Family("records", "entry", _record, detail=("reason",))


entry_added = _entry.define("entry_added", _("Duty entry added"))


entry_confirmed = _entry.define("entry_confirmed", _("Duty entry confirmed"))


entry_returned = _entry.define("entry_returned", _("Duty entry returned"), "reason")


_certificate = events.Family("records", "certificate", _record, detail=("reason",))


certificate_requested = _certificate.define(
    "certificate_requested", _("Duty certificate requested")
)


certificate_issued = _certificate.define("certificate_issued", _("Duty certificate issued"))


certificate_declined = _certificate.define(
    "certificate_declined", _("Duty certificate not issued"), "reason"
)
