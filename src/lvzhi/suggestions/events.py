"""The kinds of event of a suggestion's life (the timeline), one constructor each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.motions_services import plan_recorded_event

from . import cosigning
from .models import Rating, ResultClass

# Data keys a timeline shows after the label, in this order.
DETAIL = (
    "number",
    "unit",
    "deputy",
    "lead",
    "co",
    "plan",
    "due_on",
    "until",
    "reason",
    "note",
    "result_class",
    "rating",
    "method",
    "name",
)


_suggestion = events.Family("suggestions", "suggestion", detail=DETAIL)


suggestion_drafted = _suggestion.define("drafted", _("Draft written"))


suggestion_withdrawn = _suggestion.define("withdrawn", _("Draft withdrawn"))


# The co-signing steps (R12), the same for every parent (suggestions.cosigning).
suggestion_cosigning = cosigning.define_events(_suggestion)


suggestion_submitted = _suggestion.define("submitted", _("Submitted"), "number", "cosigners")


suggestion_screening_flagged = _suggestion.define(
    "screening_flagged", _("Flagged by the screening for staff review"), "reasons"
)


suggestion_screening_cleared = _suggestion.define(
    "screening_cleared", _("Screening cleared"), "note"
)


suggestion_screening_excluded = _suggestion.define(
    "screening_excluded", _("Not accepted as a suggestion"), "note"
)


suggestion_classified = _suggestion.define(
    "classified", _("Classified"), "category", "key_supervision"
)


suggestion_merged = _suggestion.define("merged", _("Merged into another suggestion"), "into")


suggestion_merged_in = _suggestion.define(
    "merged_in", _("Another suggestion merged into this one"), "other"
)


suggestion_assigned = _suggestion.define("assigned", _("Assigned"), "lead", "co", "plan", "due_on")


suggestion_extension_requested = _suggestion.define(
    "extension_requested", _("Extension requested"), "until", "reason"
)


suggestion_extension_approved = _suggestion.define(
    "extension_approved", _("Extension approved"), "until"
)


suggestion_extension_refused = _suggestion.define(
    "extension_refused", _("Extension refused"), "until"
)


suggestion_return_requested = _suggestion.define(
    "return_requested", _("Return requested by a unit"), "reason", "unit"
)


suggestion_opinion_sent = _suggestion.define(
    "opinion_sent", _("Co-handling unit sent its opinion"), "unit"
)


suggestion_communicated = _suggestion.define(
    "communicated", _("Communication with the deputy recorded"), "method", "unit"
)


suggestion_attached = _suggestion.define("attached", _("File attached"), "name")


suggestion_return_approved = _suggestion.define(
    "return_approved", _("Return approved; to be reassigned")
)


suggestion_return_refused = _suggestion.define("return_refused", _("Return refused"))


suggestion_replied = _suggestion.define(
    "replied", _("Replied"), "result_class", "on_time", choices={"result_class": ResultClass}
)


suggestion_evaluated = _suggestion.define(
    "evaluated", _("Evaluated"), "rating", "rehandle", choices={"rating": Rating}
)


suggestion_received = _suggestion.define("received", _("Signed for by the handling unit"), "unit")


suggestion_handler_named = _suggestion.define(
    "handler_named", _("Handler named in the handling unit"), "unit", "unit_id"
)


suggestion_from_proposal = _suggestion.define(
    "from_proposal", _("Continued from a proposal not placed on the agenda"), "note"
)


suggestion_draft_edited = _suggestion.define("draft_edited", _("Draft edited"))


suggestion_plan_recorded = plan_recorded_event(
    "suggestions", DETAIL, "R13: the directors' meeting's assignment plan entered."
)
