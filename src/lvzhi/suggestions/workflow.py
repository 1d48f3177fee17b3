"""The suggestion's workflow as data (R11-R18): each transition with the state it leaves, the
state it reaches, who takes it and its guards. Services apply it; the detail page and the API
ask ``WORKFLOW.allowed(user, s)`` which actions the user has; docs/architecture.md draws it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Guard, Transition, Workflow

from . import policies
from .cosigning import drafting_steps
from .models import Screening, Status, UnitRole


def _unit(user: Any, s: Any) -> bool:
    return policies.assignment_for(user, s) is not None


def _lead_unit(user: Any, s: Any) -> bool:
    a = policies.assignment_for(user, s)
    return a is not None and a.role == UnitRole.LEAD


def _co_unit_without_opinion(user: Any, s: Any) -> bool:
    a = policies.assignment_for(user, s)
    return (
        a is not None
        and a.role == UnitRole.CO
        and not any(o.unit_id == a.unit_id for o in s.opinions.all())
    )


FLAGGED = Guard(
    lambda s: s.screening == Screening.FLAGGED,
    _("Only a suggestion flagged by the screening waits for this decision."),
    "flagged",
)
HANDLING = Guard(
    lambda s: s.assigned_on is not None and s.due_on is not None,
    _("Only an assigned suggestion without a reply can be extended."),
)
IN_HANDLING = Guard(lambda s: s.assigned_on is not None, "", "")
RECEIVED = (Status.SUBMITTED, Status.ASSIGNED, Status.REPLIED, Status.CLOSED)

WORKFLOW = Workflow(
    "suggestion",
    Status,
    (
        *drafting_steps(
            [Status.DRAFT],
            policies.is_proposer,
            "proposer",
            handed_in=_("The suggestion has already been submitted."),
        ),
        Transition("submit", [Status.DRAFT], Status.SUBMITTED, policies.is_proposer, "proposer"),
        Transition("withdraw", [Status.DRAFT], Status.WITHDRAWN, policies.is_proposer, "proposer"),
        Transition(
            "screen_clear",
            [Status.SUBMITTED],
            None,
            policies.is_staff_for,
            "staff",
            guards=[FLAGGED],
            refused=_("Only a submitted suggestion can be screened."),
        ),
        Transition(
            "screen_exclude",
            [Status.SUBMITTED],
            Status.EXCLUDED,
            policies.is_staff_for,
            "staff",
            guards=[FLAGGED],
        ),
        Transition(
            "classify",
            RECEIVED,
            None,
            policies.is_staff_for,
            "staff",
            refused=_("Only a submitted suggestion can be classified."),
        ),
        Transition("merge", [Status.SUBMITTED], Status.MERGED, policies.is_staff_for, "staff"),
        Transition("assign", [Status.SUBMITTED], Status.ASSIGNED, policies.is_staff_for, "staff"),
        Transition(
            "extend",
            [Status.ASSIGNED],
            None,
            _lead_unit,
            "lead unit",
            guards=[HANDLING],
            refused=_("Only an assigned suggestion without a reply can be extended."),
        ),
        Transition("reply", [Status.ASSIGNED], Status.REPLIED, _lead_unit, "lead unit"),
        Transition("communicate", [Status.ASSIGNED], None, _unit, "handling unit"),
        Transition(
            "request_return",
            [Status.ASSIGNED],
            None,
            _unit,
            "handling unit",
            guards=[IN_HANDLING],
            refused=_("Only an assigned suggestion can be returned."),
        ),
        Transition(
            "approve_return", [Status.ASSIGNED], Status.SUBMITTED, policies.is_staff_for, "staff"
        ),
        Transition(
            "send_opinion",
            [Status.ASSIGNED],
            None,
            _co_unit_without_opinion,
            "co-handling unit",
            guards=[IN_HANDLING],
            refused=_("Opinions are sent while the suggestion is being handled."),
        ),
        # The proposer's evaluation of the reply closes the suggestion or sends it back.
        *(
            Transition(
                name,
                [Status.REPLIED],
                target,
                policies.is_proposer,
                "proposer",
                refused=_("A suggestion can be evaluated only after its reply."),
            )
            for name, target in (
                ("evaluate_close", Status.CLOSED),
                ("evaluate_rehandle", Status.ASSIGNED),
            )
        ),
    ),
    initial=Status.DRAFT,
    refused=_("A suggestion that is “%(from)s” cannot become “%(to)s”."),
)
