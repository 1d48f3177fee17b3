"""Who hears of a suggestion's state changes: this app's rows of the one table of
``core.notices`` (issue 22, point 4). The dispatcher reads them when ``suggestions/events.py``
writes the event; services call no ``notify`` for these steps."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.motions_notices import motion_notice
from lvzhi.core.notices import register
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


# A row of this app's table: the title names the suggestion (``names``: its title unless
# said otherwise), the notice links to its page.
_row = partial(motion_notice, "suggestions", names=lambda s: {"title": s.title}, url=_url)


def _due(e: Event, s: Suggestion) -> Localized:
    return Localized(gettext_noop("Reply due on %(due)s."), due=e.data.get("due_on", ""))


def _due_again(e: Event, s: Suggestion) -> str | Localized:
    if not s.due_on:
        return ""
    return Localized(gettext_noop("Reply due on %(due)s."), due=s.due_on.isoformat())


def _extended(e: Event, s: Suggestion) -> Localized:
    return Localized(gettext_noop("The reply is now due on %(due)s."), due=e.data["until"])


def _unit(e: Event, s: Suggestion) -> str:
    return str(e.data.get("unit", ""))


THE_DEPUTIES = gettext_lazy("the suggestion's deputies")

register(
    _row(
        "assigned",
        gettext_lazy("the assigned units (lead and co-handlers)"),
        _assigned_units,
        gettext_noop("Suggestion assigned: %(title)s"),
        body=_due,
    ),
    _row(
        "replied",
        THE_DEPUTIES,
        _deputies,
        gettext_noop("Your suggestion has been answered: %(title)s"),
        body=lambda e, s: str(ResultClass(e.data["result_class"]).label),
    ),
    _row(
        "screening_excluded",
        THE_DEPUTIES,
        _deputies,
        gettext_noop("Not accepted as a suggestion: %(title)s"),
        body=lambda e, s: str(e.data.get("note", "")),
    ),
    _row(
        "merged",
        gettext_lazy("the merged suggestion's deputies"),
        _deputies,
        gettext_noop("Your suggestion was merged with another: %(title)s"),
        body=_merged_body,
    ),
    _row(
        "return_requested",
        gettext_lazy("the office of the suggestion's congress"),
        _office,
        gettext_noop("A unit asks to return a suggestion: %(title)s"),
        body=lambda e, s: f"{e.data.get('unit', '')}：{e.data.get('reason', '')}",
    ),
    _row(
        "return_refused",
        gettext_lazy("the unit that asked for the return"),
        _refused_unit,
        gettext_noop("Return refused, please handle the suggestion: %(title)s"),
    ),
    _row(
        "evaluated",
        gettext_lazy("the lead unit, when the deputy is unsatisfied and sends it back"),
        _lead_unit,
        gettext_noop("Unsatisfied, sent back for handling again: %(title)s"),
        body=_due_again,
        when=lambda e: bool(e.data.get("rehandle")),
    ),
    _row(
        "cosigner_invited",
        gettext_lazy("the deputy invited to co-sign (R12)"),
        _invited,
        gettext_noop("Invitation to co-sign: %(title)s"),
    ),
    _row(
        "extension_approved",
        gettext_lazy("the suggestion's deputies (R14)"),
        _deputies,
        gettext_noop("Handling of your suggestion extended: %(title)s"),
        body=_extended,
    ),
    _row(
        "opinion_sent",
        gettext_lazy("the lead unit"),
        _lead_unit,
        gettext_noop("Opinion of a co-handling unit: %(title)s"),
        body=_unit,
    ),
    _row(
        "handler_named",
        gettext_lazy("the handler named, when someone else named them"),
        _handler,
        gettext_noop("You handle: %(title)s"),
        body=_unit,
    ),
    _row(
        "submitted",
        gettext_lazy("the deputies of a proposal continued as this suggestion (R09)"),
        _from_proposal,
        gettext_noop("Your proposal continues as suggestion no. %(number)s"),
        names=lambda s: {"number": s.number},
    ),
)
