"""Menu entries of the duty records."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import NavEntry, register_nav

from . import policies


def _sees_archives(user: Any) -> bool:
    return policies.deputy_id(user) is not None or policies.can_see_lists(user)


def _sees_certificates(user: Any) -> bool:
    return policies.deputy_id(user) is not None or policies.can_issue_certificates(user)


def register() -> None:
    register_nav(NavEntry("records", _("Duty archives"), "records:index", _sees_archives, order=70))
    register_nav(
        NavEntry(
            "records_evaluation",
            _("Evaluation (R48)"),
            "records:evaluation",
            policies.can_see_lists,
            order=71,
        )
    )
    register_nav(
        NavEntry(
            "records_certificates",
            _("Duty certificates (R55)"),
            "records:certificates",
            _sees_certificates,
            order=72,
        )
    )
