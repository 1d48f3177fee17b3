"""The kinds of event of a suggestion's life (the timeline), one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
from lvzhi.core.models import User

from .models import Rating, ResultClass, Suggestion

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


def _record(step: str, suggestion: Suggestion, actor: User | None, **data: Any) -> Event:
    return events.record(kind=f"suggestions.{step}", subject=suggestion, actor=actor, data=data)


@kind("suggestions.drafted", _("Draft written"), detail=DETAIL)
def suggestion_drafted(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("drafted", suggestion, actor)


@kind("suggestions.withdrawn", _("Draft withdrawn"), detail=DETAIL)
def suggestion_withdrawn(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("withdrawn", suggestion, actor)


@kind("suggestions.cosigner_invited", _("Co-signer invited"), detail=DETAIL)
def suggestion_cosigner_invited(
    *, suggestion: Suggestion, actor: User | None, deputy: str
) -> Event:
    return _record("cosigner_invited", suggestion, actor, deputy=deputy)


@kind("suggestions.cosign_confirmed", _("Co-signature confirmed"), detail=DETAIL)
def suggestion_cosign_confirmed(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("cosign_confirmed", suggestion, actor)


@kind("suggestions.cosign_declined", _("Co-signature declined"), detail=DETAIL)
def suggestion_cosign_declined(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("cosign_declined", suggestion, actor)


@kind(
    "suggestions.invitation_cancelled",
    _("Invitation to co-sign cancelled by the lead"),
    detail=DETAIL,
)
def suggestion_invitation_cancelled(
    *, suggestion: Suggestion, actor: User | None, deputy: str
) -> Event:
    return _record("invitation_cancelled", suggestion, actor, deputy=deputy)


@kind("suggestions.cosign_withdrawn", _("Co-signature withdrawn"), detail=DETAIL)
def suggestion_cosign_withdrawn(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("cosign_withdrawn", suggestion, actor)


@kind("suggestions.submitted", _("Submitted"), detail=DETAIL)
def suggestion_submitted(
    *, suggestion: Suggestion, actor: User | None, number: int | None, cosigners: list[str]
) -> Event:
    return _record("submitted", suggestion, actor, number=number, cosigners=cosigners)


@kind(
    "suggestions.screening_flagged", _("Flagged by the screening for staff review"), detail=DETAIL
)
def suggestion_screening_flagged(
    *, suggestion: Suggestion, actor: User | None, reasons: list[str]
) -> Event:
    return _record("screening_flagged", suggestion, actor, reasons=reasons)


@kind("suggestions.screening_cleared", _("Screening cleared"), detail=DETAIL)
def suggestion_screening_cleared(*, suggestion: Suggestion, actor: User | None, note: str) -> Event:
    return _record("screening_cleared", suggestion, actor, note=note)


@kind("suggestions.screening_excluded", _("Not accepted as a suggestion"), detail=DETAIL)
def suggestion_screening_excluded(
    *, suggestion: Suggestion, actor: User | None, note: str
) -> Event:
    return _record("screening_excluded", suggestion, actor, note=note)


@kind("suggestions.classified", _("Classified"), detail=DETAIL)
def suggestion_classified(
    *, suggestion: Suggestion, actor: User | None, category: str, key_supervision: bool
) -> Event:
    return _record(
        "classified", suggestion, actor, category=category, key_supervision=key_supervision
    )


@kind("suggestions.merged", _("Merged into another suggestion"), detail=DETAIL)
def suggestion_merged(*, suggestion: Suggestion, actor: User | None, into: int) -> Event:
    return _record("merged", suggestion, actor, into=into)


@kind("suggestions.merged_in", _("Another suggestion merged into this one"), detail=DETAIL)
def suggestion_merged_in(*, suggestion: Suggestion, actor: User | None, other: int) -> Event:
    return _record("merged_in", suggestion, actor, other=other)


@kind("suggestions.assigned", _("Assigned"), detail=DETAIL)
def suggestion_assigned(
    *, suggestion: Suggestion, actor: User | None, lead: str, co: list[str], plan: str, due_on: str
) -> Event:
    return _record("assigned", suggestion, actor, lead=lead, co=co, plan=plan, due_on=due_on)


@kind("suggestions.extension_requested", _("Extension requested"), detail=DETAIL)
def suggestion_extension_requested(
    *, suggestion: Suggestion, actor: User | None, until: str, reason: str
) -> Event:
    return _record("extension_requested", suggestion, actor, until=until, reason=reason)


@kind("suggestions.extension_approved", _("Extension approved"), detail=DETAIL)
def suggestion_extension_approved(
    *, suggestion: Suggestion, actor: User | None, until: str
) -> Event:
    return _record("extension_approved", suggestion, actor, until=until)


@kind("suggestions.extension_refused", _("Extension refused"), detail=DETAIL)
def suggestion_extension_refused(
    *, suggestion: Suggestion, actor: User | None, until: str
) -> Event:
    return _record("extension_refused", suggestion, actor, until=until)


@kind("suggestions.return_requested", _("Return requested by a unit"), detail=DETAIL)
def suggestion_return_requested(
    *, suggestion: Suggestion, actor: User | None, reason: str, unit: str
) -> Event:
    return _record("return_requested", suggestion, actor, reason=reason, unit=unit)


@kind("suggestions.opinion_sent", _("Co-handling unit sent its opinion"), detail=DETAIL)
def suggestion_opinion_sent(*, suggestion: Suggestion, actor: User | None, unit: str) -> Event:
    return _record("opinion_sent", suggestion, actor, unit=unit)


@kind("suggestions.communicated", _("Communication with the deputy recorded"), detail=DETAIL)
def suggestion_communicated(
    *, suggestion: Suggestion, actor: User | None, method: str, unit: str
) -> Event:
    return _record("communicated", suggestion, actor, method=method, unit=unit)


@kind("suggestions.attached", _("File attached"), detail=DETAIL)
def suggestion_attached(*, suggestion: Suggestion, actor: User | None, name: str) -> Event:
    return _record("attached", suggestion, actor, name=name)


@kind("suggestions.return_approved", _("Return approved; to be reassigned"), detail=DETAIL)
def suggestion_return_approved(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("return_approved", suggestion, actor)


@kind("suggestions.return_refused", _("Return refused"), detail=DETAIL)
def suggestion_return_refused(*, suggestion: Suggestion, actor: User | None) -> Event:
    return _record("return_refused", suggestion, actor)


@kind("suggestions.replied", _("Replied"), detail=DETAIL, choices={"result_class": ResultClass})
def suggestion_replied(
    *, suggestion: Suggestion, actor: User | None, result_class: str, on_time: bool
) -> Event:
    return _record("replied", suggestion, actor, result_class=result_class, on_time=on_time)


@kind("suggestions.evaluated", _("Evaluated"), detail=DETAIL, choices={"rating": Rating})
def suggestion_evaluated(
    *, suggestion: Suggestion, actor: User | None, rating: str, rehandle: bool
) -> Event:
    return _record("evaluated", suggestion, actor, rating=rating, rehandle=rehandle)


@kind("suggestions.received", _("Signed for by the handling unit"), detail=DETAIL)
def suggestion_received(*, suggestion: Suggestion, actor: User | None, unit: str) -> Event:
    return _record("received", suggestion, actor, unit=unit)


@kind("suggestions.handler_named", _("Handler named in the handling unit"), detail=DETAIL)
def suggestion_handler_named(*, suggestion: Suggestion, actor: User | None, unit: str) -> Event:
    return _record("handler_named", suggestion, actor, unit=unit)


@kind(
    "suggestions.from_proposal",
    _("Continued from a proposal not placed on the agenda"),
    detail=DETAIL,
)
def suggestion_from_proposal(*, suggestion: Suggestion, actor: User | None, note: str) -> Event:
    return _record("from_proposal", suggestion, actor, note=note)
