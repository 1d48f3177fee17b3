"""A citizen's opinion at a liaison station as data (R40-R44, Art 77-83): staff triage it
(give it to deputies, or redirect a personal matter, R42), the deputies handle it, the answer
reaches the citizen, staff close it. Services apply it; the opinion page asks
``OPINION.allowed(user, o)``; docs/architecture.md draws it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Transition, Workflow

from . import policies
from .models import Status

OPINION = Workflow(
    "citizen's opinion",
    Status,
    (
        Transition("assign", [Status.RECEIVED], Status.ASSIGNED, policies.can_triage, "staff"),
        Transition("redirect", [Status.RECEIVED], Status.HANDLED, policies.can_triage, "staff"),
        Transition("handle", [Status.ASSIGNED], Status.HANDLED, policies.can_handle, "deputies"),
        Transition(
            "to_suggestion", [Status.ASSIGNED], Status.HANDLED, policies.can_handle, "deputies"
        ),
        Transition(
            "answer",
            [Status.HANDLED],
            Status.ANSWERED,
            policies.can_answer_citizen,
            "staff, deputies",
        ),
        Transition("close", [Status.ANSWERED], Status.CLOSED, policies.can_triage, "staff"),
    ),
    initial=Status.RECEIVED,
    refused=_("An opinion that is “%(from)s” cannot become “%(to)s”."),
)
