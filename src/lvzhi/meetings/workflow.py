"""A leave request for a meeting or a sitting as data (R01, Art 3): the deputy's delegation
approves or refuses it once. The service applies it; docs/architecture.md draws it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Conflict
from lvzhi.core.workflow import Transition, Workflow

from . import policies
from .models import LeaveStatus


def _delegation(user: Any, leave: Any) -> bool:
    return policies.can_decide_leave(user, leave.deputy)


DECIDED = _("This leave request has already been decided.")

LEAVE = Workflow(
    "leave request",
    LeaveStatus,
    (
        Transition(
            "approve",
            [LeaveStatus.PENDING],
            LeaveStatus.APPROVED,
            _delegation,
            "delegation",
            refused=DECIDED,
        ),
        Transition(
            "refuse",
            [LeaveStatus.PENDING],
            LeaveStatus.REFUSED,
            _delegation,
            "delegation",
            refused=DECIDED,
        ),
    ),
    initial=LeaveStatus.PENDING,
    error=Conflict,
)
