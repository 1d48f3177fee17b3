"""The kinds of event of a proposal's or motion's life (the timeline), one constructor each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User
from lvzhi.core.motions_services import plan_recorded_event
from lvzhi.suggestions import cosigning

from .models import Consultation, Proposal, ProposalSettings

# Data keys a timeline shows after the label, in this order.
DETAIL = (
    "number",
    "deputy",
    "delegation",
    "on",
    "document_no",
    "plan",
    "lead",
    "co",
    "unit",
    "suggestion",
    "project",
    "note",
)


_proposal = events.Family("proposals", "proposal", detail=DETAIL)


def _decision(step: str, label: Any, *keys: str) -> Callable[..., Event]:
    """A decision on the proposal (of the secretariat, a committee, the presidium, the Standing
    Committee or the organ answering), recorded with its date and document number."""
    return _proposal.define(step, label, "on", "document_no", *keys)


proposal_drafted = _proposal.define("drafted", _("Proposal drafted"))


proposal_abandoned = _proposal.define("abandoned", _("Draft dropped"))


# The co-signing steps (R06), the same for every parent (suggestions.cosigning).
proposal_cosigning = cosigning.define_events(_proposal)


@kind("proposals.signed", _("Handed to the delegation"), detail=DETAIL)
def proposal_signed(
    *, proposal: Proposal, actor: User | None, deputy: list[str], delegation: str | None = None
) -> Event:
    """Signed and handed on; ``delegation`` when it goes to the deputy's delegation first."""
    if delegation is None:
        return _proposal.record("signed", proposal, actor, deputy=deputy)
    return _proposal.record("signed", proposal, actor, deputy=deputy, delegation=delegation)


proposal_submitted = _proposal.define("submitted", _("Received by the secretariat"), "number")


proposal_recommended = _decision("recommended", _("Secretariat recommendation"))


proposal_reported = _decision("reported", _("Review committee report"))


proposal_placed = _decision("placed", _("Presidium: placed on the agenda"))


proposal_not_placed = _decision(
    "not_placed", _("Presidium: not placed; handled as a suggestion"), "suggestion"
)


proposal_withdrawal_requested = _proposal.define(
    "withdrawal_requested", _("Proposers asked to withdraw"), "note"
)


proposal_withdrawn = _decision(
    "withdrawn", _("Presidium consented to the withdrawal; review ended")
)


proposal_moved = _proposal.define(
    "moved", _("Re-filed as a suggestion after the deadline"), "suggestion"
)


proposal_assigned = _proposal.define(
    "assigned", _("Assigned for handling"), "plan", "lead", "co", "on"
)


proposal_result = _proposal.define("result", _("Handling result reported"), "unit", "on")


proposal_legislation = _proposal.define(
    "legislation", _("Linked to a legislative project"), "project"
)


proposal_not_adopted = _decision("not_adopted", _("Presidium: not put to the meeting"))


proposal_handed_to_organ = _decision(
    "handed_to_organ", _("Presidium: handed to the organ for an answer")
)


proposal_put_to_meeting = _decision("put_to_meeting", _("Presidium: put to the meeting"))


proposal_convened = _decision(
    "convened", _("The Standing Committee decided to convene an extraordinary session")
)


proposal_not_convened = _decision(
    "not_convened", _("The Standing Committee decided not to convene")
)


proposal_answered = _decision("answered", _("Answer of the organ recorded"))


proposal_reaction = _proposal.define("reaction", _("Deputies' reaction to the answer"), "note")


proposal_draft_edited = _proposal.define("draft_edited", _("Proposal draft edited"))


@kind("proposals.settings_updated", _("Co-signing threshold changed"), detail=DETAIL)
def proposal_settings_updated(
    *, settings: ProposalSettings, actor: User | None, proposal_cosigners: int
) -> Event:
    """R06: an administrator set a congress's co-signing threshold (its subject is the row)."""
    return events.record(
        kind="proposals.settings_updated",
        subject=settings,
        actor=actor,
        data={"proposal_cosigners": proposal_cosigners},
    )


proposal_plan_recorded = plan_recorded_event(
    "proposals", DETAIL, "R10 (Art 19): the directors' meeting's assignment plan entered."
)


CONSULTATION_DETAIL = ("deputy", "department", "draft")


def _consultation_event(
    step: str, consultation: Consultation, actor: User | None, **data: Any
) -> Event:
    """R50 (Art 17): a consultation's event, filed under the department consulted."""
    return events.record(
        kind=f"proposals.{step}",
        subject=consultation,
        actor=actor,
        data=data,
        organisation_id=consultation.department_id,
    )


_consultation = events.Family(
    "proposals", "consultation", _consultation_event, detail=CONSULTATION_DETAIL
)


consultation_requested = _consultation.define(
    "consultation_requested",
    _("Department consulted before submitting"),
    "deputy",
    "department",
    "draft",
    doc="R50 (Art 17): a deputy asks a department concerned about a draft.",
)


consultation_answered = _consultation.define(
    "consultation_answered",
    _("The department answered the consultation"),
    "department",
    doc="R50 (Art 17): the department's answer, attached to the draft.",
)
