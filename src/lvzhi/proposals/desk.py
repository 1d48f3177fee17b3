"""Menu entries and desk panels of the proposals capability."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav
from lvzhi.registry.actor import is_deputy
from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of

from . import policies, selectors
from .models import Status


def _is_staff(user: Any) -> bool:
    return bool(roles_of(user) & (policies.REVIEW_ROLES | policies.HANDLING_ROLES))


def _is_delegation(user: Any) -> bool:
    return bool(roles_of(user) & policies.DELEGATION_ROLES)


def _deputy(request: HttpRequest) -> dict[str, Any]:
    mine = selectors.mine(request.user)
    return {
        "drafts": mine.filter(
            status=Status.DRAFT, proposer_id=policies.deputy_id(request.user)
        ).order_by("-created_at")[:5],
        "invitations": list(selectors.invitations(request.user)[:5]),
    }


def _staff(request: HttpRequest) -> dict[str, Any]:
    return selectors.counts_for_desk(request.user)


def _is_department(user: Any) -> bool:
    """R50: staff of a handling unit answer the deputies' consultations."""
    return Role.HANDLING_UNIT in roles_of(user)


def _department(request: HttpRequest) -> dict[str, Any]:
    return {"unanswered": selectors.consultations_unanswered_count(request.user)}


def register() -> None:
    register_nav(
        NavEntry(
            "proposals_consultations",
            _("Consultations before submitting"),
            "proposals:consultations",
            _is_department,
            order=25,
        )
    )
    register_desk_panel(
        DeskPanel(
            "proposals_consultations",
            _("Consultations before submitting"),
            "proposals/desk/consultations.html",
            _department,
            _is_department,
            order=14,
        )
    )
    register_nav(
        NavEntry("proposals_mine", _("My proposals"), "proposals:mine", is_deputy, order=23)
    )
    register_nav(
        NavEntry(
            "proposals_queue",
            _("Proposals"),
            "proposals:queue",
            selectors.can_see_queue,
            order=24,
        )
    )
    register_desk_panel(
        DeskPanel(
            "proposals_deputy",
            _("Proposals"),
            "proposals/desk/deputy.html",
            _deputy,
            is_deputy,
            order=7,
        )
    )
    register_desk_panel(
        DeskPanel(
            "proposals_staff",
            _("Proposals to handle"),
            "proposals/desk/staff.html",
            _staff,
            lambda u: _is_staff(u) or _is_delegation(u),
            order=13,
        )
    )
