"""The office's menu entries: the compliance view and the dashboards."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.navigation import NavEntry, register_nav

from . import policies


def register() -> None:
    register_nav(
        NavEntry("compliance", _("Compliance"), "compliance:table", policies.can_view, order=80)
    )
    register_nav(
        NavEntry(
            "compliance_dashboard",
            _("Dashboards"),
            "compliance:dashboard",
            policies.can_view,
            order=81,
        )
    )
    register_nav(
        NavEntry(
            "compliance_reports", _("Reports"), "compliance:reports", policies.can_view, order=82
        )
    )
