"""The kinds of event of the duty records that someone hears of (``records/notices.py``): a
deputy's own duty entry (R45) and the certificate for the employer (R55). Each step is audited
too (``records.*`` actions, same labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events

_entry = events.Family("records", "entry", detail=("reason",))


entry_added = _entry.define("entry_added", _("Duty entry added"))


entry_confirmed = _entry.define("entry_confirmed", _("Duty entry confirmed"))


entry_returned = _entry.define("entry_returned", _("Duty entry returned"), "reason")


_certificate = events.Family("records", "certificate", detail=("reason",))


certificate_requested = _certificate.define(
    "certificate_requested", _("Duty certificate requested")
)


certificate_issued = _certificate.define("certificate_issued", _("Duty certificate issued"))


certificate_declined = _certificate.define(
    "certificate_declined", _("Duty certificate not issued"), "reason"
)
