"""A deputy's own duty entry as data (R45, Art 86): the staff of the seat's electoral unit
confirm it or return it with a reason; the deputy deletes one not yet confirmed. Services apply
it; the archive page asks it which steps each entry has; docs/architecture.md draws it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Transition, Workflow

from . import policies
from .models import EntryStatus


def _reviewer(user: Any, e: Any) -> bool:
    return policies.can_review(user, e.membership)


def _deputy(user: Any, e: Any) -> bool:
    return policies.can_add_entry(user, e.membership)


ENTRY = Workflow(
    "duty entry",
    EntryStatus,
    (
        Transition(
            "confirm",
            [EntryStatus.PENDING],
            EntryStatus.CONFIRMED,
            _reviewer,
            "electoral unit staff",
            refused=_("Only an entry awaiting confirmation can be confirmed."),
        ),
        Transition(
            "return",
            [EntryStatus.PENDING],
            EntryStatus.RETURNED,
            _reviewer,
            "electoral unit staff",
            refused=_("Only an entry awaiting confirmation can be returned."),
        ),
        Transition(
            "delete",
            [EntryStatus.PENDING, EntryStatus.RETURNED],
            None,
            _deputy,
            "deputy",
            refused=_("A confirmed entry stays in the archive."),
        ),
    ),
    initial=EntryStatus.PENDING,
)
