"""Who hears of a proposal's (and a consultation's) state changes: this app's rows of the one
table of ``core.notices`` (issue 22, point 4). ``proposals/events.py`` writes the event; the
dispatcher reads these rows; the services call no ``notify``."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core.events import Event
from lvzhi.core.motions_notices import motion_notice
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from . import policies
from .models import Consultation, CoSigner, CoSignStatus, Handling, Proposal, Status, UnitRole

DEPUTIES = gettext_lazy("the proposal's deputies (proposer and confirmed co-signers)")


def deputies_of(p: Proposal) -> list[Any]:
    """The accounts of the proposer and the confirmed co-signers."""
    ids = [p.proposer_id]
    ids += CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).values_list(
        "deputy_id", flat=True
    )
    return registry_selectors.deputy_users(ids)


def _deputies(event: Event, p: Proposal) -> list[Any]:
    return deputies_of(p)


def _url(event: Event, p: Proposal) -> str:
    return f"/proposals/{p.pk}/"


def _consultation_url(event: Event, c: Consultation) -> str:
    return f"/proposals/consultations/{c.pk}/"


def _invited(event: Event, p: Proposal) -> list[Any]:
    c = CoSigner.objects.filter(proposal=p).order_by("-invited_at", "-id").first()
    return registry_selectors.deputy_users([c.deputy_id]) if c is not None else []


def _decliner(p: Proposal) -> str:
    c = (
        CoSigner.objects.filter(proposal=p, status=CoSignStatus.DECLINED)
        .select_related("deputy")
        .order_by("-responded_at", "-id")
        .first()
    )
    return c.deputy.name if c is not None else ""


def _delegation(event: Event, p: Proposal) -> Any:
    if p.delegation is None:
        return []
    return registry_selectors.users_with_role_over(p.delegation, frozenset({Role.UNIT_STAFF}))


def _units(event: Event, p: Proposal) -> list[Any]:
    users: dict[int, Any] = {}
    for h in Handling.objects.filter(proposal=p).select_related("unit"):
        for u in registry_selectors.users_with_role_over(h.unit, frozenset({Role.HANDLING_UNIT})):
            users[u.pk] = u
    return list(users.values())


def _lead_reported(event: Event, p: Proposal) -> list[Any]:
    """The deputies, when the lead unit's report completes the proposal (R10)."""
    lead = Handling.objects.filter(proposal=p, role=UnitRole.LEAD).select_related("unit").first()
    if lead is None or lead.unit.name != event.data.get("unit"):
        return []
    return deputies_of(p)


def _subject(p: Proposal | Consultation) -> dict[str, Any]:
    return {"subject": p.subject}


def _number(p: Proposal) -> dict[str, Any]:
    return {"number": p.number}


def _number_and_subject(p: Proposal) -> dict[str, Any]:
    return {"number": p.number, "subject": p.subject}


# A row of this app's table: the title names the proposal (``names``: its subject unless
# said otherwise), the notice links to its page (``url``: unless said otherwise).
_row = partial(motion_notice, "proposals", names=_subject, url=_url)


def _motion_decided(kind: str) -> Notice:
    """R51: the presidium's decision on an interpellation, inquiry, recall or extraordinary
    meeting."""
    return _row(kind, DEPUTIES, _deputies, gettext_noop("Presidium decision on %(subject)s"))


def _proposal_decided(kind: str) -> Notice:
    """R09: the presidium's decision on a proposal (placed, or continued as a suggestion)."""
    return _row(
        kind,
        DEPUTIES,
        _deputies,
        gettext_noop("Presidium decision on proposal no. %(number)s: %(decision)s"),
        names=lambda p: {"number": p.number, "decision": Status(p.status).label},
    )


register(
    _row(
        "cosigner_invited",
        gettext_lazy("the deputy invited to co-sign"),
        _invited,
        gettext_noop("Invitation to co-sign the proposal: %(subject)s"),
    ),
    _row(
        "cosign_declined",
        gettext_lazy("the proposer, whose proposal waits for the answer"),
        lambda e, p: registry_selectors.deputy_users([p.proposer_id]),
        gettext_noop("%(deputy)s declined to co-sign the proposal: %(subject)s"),
        names=lambda p: {"deputy": _decliner(p), "subject": p.subject},
    ),
    _row(
        "signed",
        gettext_lazy("the delegation's staff, who hand it to the secretariat"),
        _delegation,
        gettext_noop("A proposal waits to be handed to the secretariat: %(subject)s"),
        when=lambda e: bool(e.data.get("delegation")),
    ),
    _row(
        "submitted",
        DEPUTIES,
        _deputies,
        gettext_noop("Proposal no. %(number)s received by the secretariat: %(subject)s"),
        names=_number_and_subject,
    ),
    _proposal_decided("placed"),
    _proposal_decided("not_placed"),
    *(
        _motion_decided(k)
        for k in ("not_adopted", "handed_to_organ", "put_to_meeting", "convened", "not_convened")
    ),
    _row(
        "answered",
        DEPUTIES,
        _deputies,
        gettext_noop("The organ has answered the interpellation: %(subject)s"),
    ),
    _row(
        "withdrawn",
        DEPUTIES,
        _deputies,
        gettext_noop("The withdrawal of proposal no. %(number)s has been consented to"),
        names=_number,
    ),
    _row(
        "assigned",
        gettext_lazy("the assigned units (lead and co-handlers)"),
        _units,
        gettext_noop("Proposal no. %(number)s assigned to your unit: %(subject)s"),
        names=_number_and_subject,
    ),
    _row(
        "result",
        gettext_lazy("the proposal's deputies, when the lead unit reports (R10)"),
        _lead_reported,
        gettext_noop("Handling result of proposal no. %(number)s"),
        names=_number,
    ),
    _row(
        "consultation_requested",
        gettext_lazy("the department consulted (R50)"),
        lambda e, c: registry_selectors.users_with_role_over(c.department, policies.UNIT_ROLES),
        gettext_noop("A deputy consults your department: %(subject)s"),
        body=lambda e, c: c.question[:500],
        url=_consultation_url,
    ),
    _row(
        "consultation_answered",
        gettext_lazy("the deputy who consulted"),
        lambda e, c: registry_selectors.deputy_users([c.deputy_id]),
        gettext_noop("%(department)s answered your consultation: %(subject)s"),
        names=lambda c: {"department": c.department.name, "subject": c.subject},
        body=lambda e, c: c.answer[:500],
        url=_consultation_url,
    ),
)
