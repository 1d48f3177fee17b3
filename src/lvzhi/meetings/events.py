"""The kinds of event of a meeting's life (its timeline), one constructor each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events

# Data keys a timeline shows after the label, in this order.
DETAIL = ("title", "count", "days", "reason")


_meeting = events.Family("meetings", "meeting", detail=DETAIL)


meeting_created = _meeting.define("created", _("Meeting created"), "title")


meeting_agenda_added = _meeting.define("agenda_added", _("Agenda item added"), "title")


meeting_sitting_added = _meeting.define("sitting_added", _("Sitting added"), "title")


meeting_participants_added = _meeting.define(
    "participants_added", _("Participants added"), "count", "role"
)


# A congress session: every serving deputy of the term is called as a member.
meeting_roll_called = _meeting.define(
    "roll_called", _("The term's serving deputies called"), "count"
)


# A deputy's read receipt: the first time they opened a material of the meeting.
meeting_material_read = _meeting.define("material_read", _("Material opened by a deputy"), "title")


meeting_notice_sent = _meeting.define("notice_sent", _("Notice sent"), "days", "late", "reason")


meeting_material_published = _meeting.define("material_published", _("Material published"), "title")


meeting_material_file_added = _meeting.define(
    "material_file_added", _("Material file uploaded"), "title", "name", "version"
)


meeting_registered = _meeting.define(
    "registered", _("Deputy registered on arrival"), "deputy", "by_staff"
)


meeting_checked_in = _meeting.define("checked_in", _("Deputy checked in"), "deputy", "sitting")


meeting_leave_requested = _meeting.define("leave_requested", _("Leave requested"), "deputy")


meeting_leave_decided = _meeting.define(
    "leave_decided", _("Leave request decided"), "deputy", "status"
)


meeting_speech_recorded = _meeting.define("speech_recorded", _("Speech recorded"), "deputy")


meeting_brief_published = _meeting.define(
    "brief_published", _("Brief published"), "number", "speeches"
)


meeting_inquiry_recorded = _meeting.define(
    "inquiry_recorded", _("Inquiry recorded"), "deputy", "organ"
)


meeting_inquiry_answered = _meeting.define("inquiry_answered", _("Inquiry answered"), "inquiry")


meeting_attendees_fixed = _meeting.define(
    "attendees_fixed", _("Attendee list fixed"), "count", "days", "late", "deputies"
)
