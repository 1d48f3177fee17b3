"""The kinds of event of a proposal's or motion's life (the timeline), one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import Consultation, Proposal

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


def _record(step: str, proposal: Proposal, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"proposals.{step}", subject=proposal, actor=actor, data=data)


@kind("proposals.drafted", _("Proposal drafted"), detail=DETAIL)
def proposal_drafted(*, proposal: Proposal, actor: User | None) -> Event:
    return _record("drafted", proposal, actor)


@kind("proposals.abandoned", _("Draft dropped"), detail=DETAIL)
def proposal_abandoned(*, proposal: Proposal, actor: User | None) -> Event:
    return _record("abandoned", proposal, actor)


@kind("proposals.cosigner_invited", _("Co-signer invited"), detail=DETAIL)
def proposal_cosigner_invited(*, proposal: Proposal, actor: User | None, deputy: str) -> Event:
    return _record("cosigner_invited", proposal, actor, deputy=deputy)


@kind("proposals.cosign_confirmed", _("Co-signature confirmed"), detail=DETAIL)
def proposal_cosign_confirmed(*, proposal: Proposal, actor: User | None) -> Event:
    return _record("cosign_confirmed", proposal, actor)


@kind("proposals.cosign_declined", _("Co-signature declined"), detail=DETAIL)
def proposal_cosign_declined(*, proposal: Proposal, actor: User | None) -> Event:
    return _record("cosign_declined", proposal, actor)


@kind(
    "proposals.invitation_cancelled",
    _("Invitation to co-sign cancelled by the lead"),
    detail=DETAIL,
)
def proposal_invitation_cancelled(*, proposal: Proposal, actor: User | None, deputy: str) -> Event:
    return _record("invitation_cancelled", proposal, actor, deputy=deputy)


@kind("proposals.cosign_withdrawn", _("Co-signature withdrawn"), detail=DETAIL)
def proposal_cosign_withdrawn(*, proposal: Proposal, actor: User | None) -> Event:
    return _record("cosign_withdrawn", proposal, actor)


@kind("proposals.signed", _("Handed to the delegation"), detail=DETAIL)
def proposal_signed(
    *, proposal: Proposal, actor: User | None, deputy: list[str], delegation: str | None = None
) -> Event:
    """Signed and handed on; ``delegation`` when it goes to the deputy's delegation first."""
    if delegation is None:
        return _record("signed", proposal, actor, deputy=deputy)
    return _record("signed", proposal, actor, deputy=deputy, delegation=delegation)


@kind("proposals.submitted", _("Received by the secretariat"), detail=DETAIL)
def proposal_submitted(*, proposal: Proposal, actor: User | None, number: int | None) -> Event:
    return _record("submitted", proposal, actor, number=number)


@kind("proposals.recommended", _("Secretariat recommendation"), detail=DETAIL)
def proposal_recommended(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("recommended", proposal, actor, on=on, document_no=document_no)


@kind("proposals.reported", _("Review committee report"), detail=DETAIL)
def proposal_reported(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("reported", proposal, actor, on=on, document_no=document_no)


@kind("proposals.placed", _("Presidium: placed on the agenda"), detail=DETAIL)
def proposal_placed(*, proposal: Proposal, actor: User | None, on: str, document_no: str) -> Event:
    return _record("placed", proposal, actor, on=on, document_no=document_no)


@kind("proposals.not_placed", _("Presidium: not placed; handled as a suggestion"), detail=DETAIL)
def proposal_not_placed(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str, suggestion: int | None
) -> Event:
    return _record(
        "not_placed", proposal, actor, on=on, document_no=document_no, suggestion=suggestion
    )


@kind("proposals.withdrawal_requested", _("Proposers asked to withdraw"), detail=DETAIL)
def proposal_withdrawal_requested(*, proposal: Proposal, actor: User | None, note: str) -> Event:
    return _record("withdrawal_requested", proposal, actor, note=note)


@kind(
    "proposals.withdrawn", _("Presidium consented to the withdrawal; review ended"), detail=DETAIL
)
def proposal_withdrawn(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("withdrawn", proposal, actor, on=on, document_no=document_no)


@kind("proposals.moved", _("Re-filed as a suggestion after the deadline"), detail=DETAIL)
def proposal_moved(*, proposal: Proposal, actor: User | None, suggestion: int) -> Event:
    return _record("moved", proposal, actor, suggestion=suggestion)


@kind("proposals.assigned", _("Assigned for handling"), detail=DETAIL)
def proposal_assigned(
    *, proposal: Proposal, actor: User | None, plan: str, lead: str, co: list[str], on: str
) -> Event:
    return _record("assigned", proposal, actor, plan=plan, lead=lead, co=co, on=on)


@kind("proposals.result", _("Handling result reported"), detail=DETAIL)
def proposal_result(*, proposal: Proposal, actor: User | None, unit: str, on: str) -> Event:
    return _record("result", proposal, actor, unit=unit, on=on)


@kind("proposals.legislation", _("Linked to a legislative project"), detail=DETAIL)
def proposal_legislation(*, proposal: Proposal, actor: User | None, project: str) -> Event:
    return _record("legislation", proposal, actor, project=project)


@kind("proposals.not_adopted", _("Presidium: not put to the meeting"), detail=DETAIL)
def proposal_not_adopted(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("not_adopted", proposal, actor, on=on, document_no=document_no)


@kind("proposals.handed_to_organ", _("Presidium: handed to the organ for an answer"), detail=DETAIL)
def proposal_handed_to_organ(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("handed_to_organ", proposal, actor, on=on, document_no=document_no)


@kind("proposals.put_to_meeting", _("Presidium: put to the meeting"), detail=DETAIL)
def proposal_put_to_meeting(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("put_to_meeting", proposal, actor, on=on, document_no=document_no)


@kind(
    "proposals.convened",
    _("The Standing Committee decided to convene an extraordinary session"),
    detail=DETAIL,
)
def proposal_convened(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("convened", proposal, actor, on=on, document_no=document_no)


@kind("proposals.not_convened", _("The Standing Committee decided not to convene"), detail=DETAIL)
def proposal_not_convened(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("not_convened", proposal, actor, on=on, document_no=document_no)


@kind("proposals.answered", _("Answer of the organ recorded"), detail=DETAIL)
def proposal_answered(
    *, proposal: Proposal, actor: User | None, on: str, document_no: str
) -> Event:
    return _record("answered", proposal, actor, on=on, document_no=document_no)


@kind("proposals.reaction", _("Deputies' reaction to the answer"), detail=DETAIL)
def proposal_reaction(*, proposal: Proposal, actor: User | None, note: str) -> Event:
    return _record("reaction", proposal, actor, note=note)


CONSULTATION_DETAIL = ("deputy", "department", "draft")


@kind(
    "proposals.consultation_requested",
    _("Department consulted before submitting"),
    detail=CONSULTATION_DETAIL,
)
def consultation_requested(
    *, consultation: Consultation, actor: User | None, deputy: str, department: str, draft: str
) -> Event:
    """R50 (Art 17): a deputy asks a department concerned about a draft."""
    return events.record(
        kind="proposals.consultation_requested",
        subject=consultation,
        actor=actor,
        data={"deputy": deputy, "department": department, "draft": draft},
        organisation_id=consultation.department_id,
    )


@kind(
    "proposals.consultation_answered",
    _("The department answered the consultation"),
    detail=CONSULTATION_DETAIL,
)
def consultation_answered(
    *, consultation: Consultation, actor: User | None, department: str
) -> Event:
    """R50 (Art 17): the department's answer, attached to the draft."""
    return events.record(
        kind="proposals.consultation_answered",
        subject=consultation,
        actor=actor,
        data={"department": department},
        organisation_id=consultation.department_id,
    )
