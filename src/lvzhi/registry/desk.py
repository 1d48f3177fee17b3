"""The registry's menu entries and panels of "my desk" (registered in AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lvzhi.core.http import acting_user
from lvzhi.core.navigation import DeskPanel, NavEntry, register_desk_panel, register_nav

from . import policies
from .actor import actor_of, is_deputy
from .models import DeputyImport, Membership, MembershipStatus, Role, RoleAssignment


def _roles_context(request: HttpRequest) -> dict[str, Any]:
    grants = RoleAssignment.objects.filter(user=acting_user(request)).select_related("organisation")
    return {"grants": grants, "is_deputy": Role.DEPUTY in policies.roles_of(request.user)}


def _deputy_context(request: HttpRequest) -> dict[str, Any]:
    deputy_id = actor_of(request.user).deputy_id
    seats = Membership.objects.filter(deputy_id=deputy_id or 0).select_related(
        "term__congress__division", "electoral_unit", "delegation", "deputy_group"
    )
    return {"own_deputy_id": deputy_id, "seats": seats}


def _directory_context(request: HttpRequest) -> dict[str, Any]:
    rows = (
        Membership.objects.filter(
            policies.membership_scope_q(request.user, policies.DIRECTORY_ROLES),
            status=MembershipStatus.SERVING,
        )
        .values("level")
        .annotate(n=Count("id"))
        .order_by("level")
    )
    labels = dict(Membership._meta.get_field("level").choices or [])
    counts = [
        {"level": r["level"], "label": labels.get(r["level"], r["level"]), "n": r["n"]}
        for r in rows
    ]
    return {"level_counts": counts, "total": sum(c["n"] for c in counts)}


def _import_context(request: HttpRequest) -> dict[str, Any]:
    return {"recent_imports": DeputyImport.objects.filter(created_by=acting_user(request))[:3]}


def register() -> None:
    register_nav(NavEntry("desk", _("My desk"), "core:desk", lambda u: u.is_authenticated, order=0))
    register_nav(
        NavEntry(
            "directory", _("Deputies"), "registry:deputy_list", policies.can_use_directory, order=10
        )
    )
    register_nav(
        NavEntry(
            "organisations",
            _("Organisations"),
            "registry:organisation_tree",
            policies.can_use_directory,
            order=90,
        )
    )
    register_nav(
        NavEntry(
            "sessions",
            _("Sessions"),
            "registry:sessions",
            lambda u: bool(policies.roles_of(u) & policies.SESSION_ROLES),
            order=92,
        )
    )
    register_nav(
        NavEntry(
            "accounts",
            _("Accounts"),
            "registry:account_list",
            lambda u: Role.ADMIN in policies.roles_of(u),
            order=94,
        )
    )
    register_nav(
        NavEntry(
            "audit", _("Audit log"), "registry:audit_list", policies.can_browse_audit, order=95
        )
    )
    register_desk_panel(
        DeskPanel(
            "roles",
            _("My roles"),
            "registry/desk/roles.html",
            _roles_context,
            lambda u: u.is_authenticated,
            order=0,
        )
    )
    register_desk_panel(
        DeskPanel(
            "deputy",
            _("My seats as a deputy"),
            "registry/desk/deputy.html",
            _deputy_context,
            is_deputy,
            order=5,
        )
    )
    register_desk_panel(
        DeskPanel(
            "directory",
            _("Deputies in my area"),
            "registry/desk/directory.html",
            _directory_context,
            policies.can_use_directory,
            order=10,
        )
    )
    register_desk_panel(
        DeskPanel(
            "imports",
            _("Deputy data"),
            "registry/desk/imports.html",
            _import_context,
            policies.can_import,
            order=20,
        )
    )
    register_desk_panel(
        DeskPanel(
            "audit",
            _("Security"),
            "registry/desk/audit.html",
            lambda r: {},
            policies.can_browse_audit,
            order=90,
        )
    )
