"""The kinds of event of a deputies' meeting request (约见, Art 34), one constructor each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events

# Data keys a timeline shows after the label, in this order.
DETAIL = ("note",)


_request = events.Family("contacts", "request", detail=DETAIL)


meeting_request_requested = _request.define("meeting_requested", _("Requested"), "note")


meeting_request_arranged = _request.define("meeting_arranged", _("Arranged by the office"), "note")


meeting_request_confirmed = _request.define(
    "meeting_confirmed", _("Date confirmed by the organ"), "note"
)


meeting_request_held = _request.define("meeting_held", _("Meeting and outcome recorded"), "note")


meeting_request_declined = _request.define("meeting_declined", _("Not arranged"), "note")


meeting_request_withdrawn = _request.define(
    "meeting_withdrawn", _("Withdrawn by the deputies"), "note"
)


# The steps of the contact obligations (R33-R38) the deputies concerned hear of
# (``contacts/notices.py``); each is audited too (``contacts.*`` actions, same labels).
link_created = events.Family("contacts", "link").define("linked", _("Deputy linked to a member"))


contact_logged = events.Family("contacts", "contact").define(
    "contact_logged", _("Contact with a deputy logged")
)


_opinion = events.Family("contacts", "opinion")


opinion_answered = _opinion.define("opinion_answered", _("Deputy's opinion answered"))


opinion_forwarded = _opinion.define("opinion_forwarded", _("Deputy's opinion forwarded"))


activity_recorded = events.Family("contacts", "activity").define(
    "activity_recorded", _("Group activity, forum or briefing recorded")
)
