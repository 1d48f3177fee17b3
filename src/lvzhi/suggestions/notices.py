"""Who hears of a suggestion's state changes: this app's rows of the one table of
``core.notices`` (issue 22, point 4). The dispatcher reads them when ``suggestions/events.py``
writes the event; services call no ``notify`` for these steps."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from .models import (
    Assignment,
    CoSigner,
    CoSignStatus,
    ExtensionStatus,
    ResultClass,
    ReturnRequest,
    Suggestion,
    UnitRole,
)


def url(s: Suggestion) -> str:
    return f"/suggestions/{s.pk}/"


def deputies_of(s: Suggestion) -> list[Any]:
    """The accounts of the proposer and the confirmed co-signers: they hear of each step."""
    users = [s.proposer.user]
    users += [
        c.deputy.user
        for c in CoSigner.objects.filter(
            suggestion=s, status=CoSignStatus.CONFIRMED
        ).select_related("deputy__user")
    ]
    return [u for u in users if u is not None]


def _unit_users(unit: Any) -> list[Any]:
    return list(registry_selectors.users_with_role_over(unit, frozenset({Role.HANDLING_UNIT})))


def _assigned_units(event: Event, s: Suggestion) -> list[Any]:
    users: dict[int, Any] = {}
    for a in Assignment.objects.filter(suggestion=s).select_related("unit"):
        for u in _unit_users(a.unit):
            users[u.pk] = u
    return list(users.values())


def _lead_unit(event: Event, s: Suggestion) -> list[Any]:
    a = Assignment.objects.filter(suggestion=s, role=UnitRole.LEAD).select_related("unit").first()
    return _unit_users(a.unit) if a is not None else []


def _office(event: Event, s: Suggestion) -> list[Any]:
    """The office of the Standing Committee that works for the suggestion's congress: it
    decides returns (R13)."""
    body = registry_selectors.congress_body(s.term.congress_id)
    if body is None:
        return []
    return list(registry_selectors.users_with_role_over(body, frozenset({Role.OFFICE})))


def _refused_unit(event: Event, s: Suggestion) -> list[Any]:
    r = (
        ReturnRequest.objects.filter(suggestion=s, status=ExtensionStatus.REFUSED)
        .select_related("unit")
        .order_by("-decided_at", "-id")
        .first()
    )
    return _unit_users(r.unit) if r is not None else []


def _invited(event: Event, s: Suggestion) -> list[Any]:
    c = CoSigner.objects.filter(suggestion=s).order_by("-invited_at", "-id").first()
    return registry_selectors.deputy_users([c.deputy_id]) if c is not None else []


def _handler(event: Event, s: Suggestion) -> list[Any]:
    unit = event.data.get("unit_id")  # (events written before it was recorded: the name)
    named = {"unit_id": unit} if unit else {"unit__name": event.data.get("unit")}
    a = Assignment.objects.filter(suggestion=s, **named).select_related("handler").first()
    if a is None or a.handler is None or a.handler_id == event.actor_id:
        return []
    return [a.handler]


def _from_proposal(event: Event, s: Suggestion) -> list[Any]:
    """A suggestion continued from a proposal not placed (R09) is submitted at once: its
    deputies hear of its number."""
    if not events.of(s).filter(kind="suggestions.from_proposal").exists():
        return []
    return deputies_of(s)


def _deputies(event: Event, s: Suggestion) -> list[Any]:
    return deputies_of(s)


def _url(event: Event, s: Suggestion) -> str:
    return url(s)


def _merged_body(event: Event, s: Suggestion) -> str | Localized:
    into = s.merged_into
    if into is None:
        return ""
    return Localized(
        gettext_noop("It is handled together with suggestion No. %(number)s, “%(title)s”."),
        number=into.number or "—",
        title=into.title,
    )


register(
    Notice(
        kind="suggestions.assigned",
        audience=gettext_lazy("the assigned units (lead and co-handlers)"),
        recipients=_assigned_units,
        title=lambda e, s: Localized(gettext_noop("Suggestion assigned: %(title)s"), title=s.title),
        body=lambda e, s: Localized(
            gettext_noop("Reply due on %(due)s."), due=e.data.get("due_on", "")
        ),
        url=_url,
    ),
    Notice(
        kind="suggestions.replied",
        audience=gettext_lazy("the suggestion's deputies"),
        recipients=_deputies,
        title=lambda e, s: Localized(
            gettext_noop("Your suggestion has been answered: %(title)s"), title=s.title
        ),
        body=lambda e, s: str(ResultClass(e.data["result_class"]).label),
        url=_url,
    ),
    Notice(
        kind="suggestions.screening_excluded",
        audience=gettext_lazy("the suggestion's deputies"),
        recipients=_deputies,
        title=lambda e, s: Localized(
            gettext_noop("Not accepted as a suggestion: %(title)s"), title=s.title
        ),
        body=lambda e, s: str(e.data.get("note", "")),
        url=_url,
    ),
    Notice(
        kind="suggestions.merged",
        audience=gettext_lazy("the merged suggestion's deputies"),
        recipients=_deputies,
        title=lambda e, s: Localized(
            gettext_noop("Your suggestion was merged with another: %(title)s"), title=s.title
        ),
        body=_merged_body,
        url=_url,
    ),
    Notice(
        kind="suggestions.return_requested",
        audience=gettext_lazy("the office of the suggestion's congress"),
        recipients=_office,
        title=lambda e, s: Localized(
            gettext_noop("A unit asks to return a suggestion: %(title)s"), title=s.title
        ),
        body=lambda e, s: f"{e.data.get('unit', '')}：{e.data.get('reason', '')}",
        url=_url,
    ),
    Notice(
        kind="suggestions.return_refused",
        audience=gettext_lazy("the unit that asked for the return"),
        recipients=_refused_unit,
        title=lambda e, s: Localized(
            gettext_noop("Return refused, please handle the suggestion: %(title)s"), title=s.title
        ),
        url=_url,
    ),
    Notice(
        kind="suggestions.evaluated",
        audience=gettext_lazy("the lead unit, when the deputy is unsatisfied and sends it back"),
        recipients=_lead_unit,
        when=lambda e: bool(e.data.get("rehandle")),
        title=lambda e, s: Localized(
            gettext_noop("Unsatisfied, sent back for handling again: %(title)s"), title=s.title
        ),
        body=lambda e, s: (
            Localized(gettext_noop("Reply due on %(due)s."), due=s.due_on.isoformat())
            if s.due_on
            else ""
        ),
        url=_url,
    ),
    Notice(
        kind="suggestions.cosigner_invited",
        audience=gettext_lazy("the deputy invited to co-sign (R12)"),
        recipients=_invited,
        title=lambda e, s: Localized(
            gettext_noop("Invitation to co-sign: %(title)s"), title=s.title
        ),
        url=_url,
    ),
    Notice(
        kind="suggestions.extension_approved",
        audience=gettext_lazy("the suggestion's deputies (R14)"),
        recipients=_deputies,
        title=lambda e, s: Localized(
            gettext_noop("Handling of your suggestion extended: %(title)s"), title=s.title
        ),
        body=lambda e, s: Localized(
            gettext_noop("The reply is now due on %(due)s."), due=e.data["until"]
        ),
        url=_url,
    ),
    Notice(
        kind="suggestions.opinion_sent",
        audience=gettext_lazy("the lead unit"),
        recipients=_lead_unit,
        title=lambda e, s: Localized(
            gettext_noop("Opinion of a co-handling unit: %(title)s"), title=s.title
        ),
        body=lambda e, s: str(e.data.get("unit", "")),
        url=_url,
    ),
    Notice(
        kind="suggestions.handler_named",
        audience=gettext_lazy("the handler named, when someone else named them"),
        recipients=_handler,
        title=lambda e, s: Localized(gettext_noop("You handle: %(title)s"), title=s.title),
        body=lambda e, s: str(e.data.get("unit", "")),
        url=_url,
    ),
    Notice(
        kind="suggestions.submitted",
        audience=gettext_lazy("the deputies of a proposal continued as this suggestion (R09)"),
        recipients=_from_proposal,
        title=lambda e, s: Localized(
            gettext_noop("Your proposal continues as suggestion no. %(number)s"), number=s.number
        ),
        url=_url,
    ),
)
