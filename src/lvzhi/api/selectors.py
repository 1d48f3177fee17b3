"""Reads of API tokens and service accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from lvzhi.registry import policies as registry_policies

from . import policies
from .models import ApiToken, ServiceAccount


def _ordered(qs: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    return qs.select_related("user", "service_account__organisation", "revoked_by").order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The account's own personal tokens."""
    return _ordered(ApiToken.objects.filter(user=user, service_account__isnull=True))


def service_accounts_for(user: Any) -> QuerySet[ServiceAccount]:
    """Service accounts of the organisations the user administers (all, for administrators)."""
    qs = ServiceAccount.objects.select_related("organisation", "user").order_by(
        F("deactivated_at").asc(nulls_first=True), "organisation__path", "name", "id"
    )
    if policies.is_administrator(user):
        return qs
    if not policies.can_open_service_accounts(user):
        return qs.none()
    paths = registry_policies.scope_paths(user, registry_policies.STAFF_ADMIN_ROLES)
    if paths is None:
        return qs
    from lvzhi.registry.models import Organisation

    in_scope = Organisation.objects.filter(registry_policies.subtree_q(paths)).values("id")
    return qs.filter(organisation_id__in=in_scope)


def get_service_account_for(user: Any, account_id: int) -> ServiceAccount | None:
    return service_accounts_for(user).filter(pk=account_id).first()


def tokens_of_service_account(account: ServiceAccount) -> QuerySet[ApiToken]:
    return _ordered(ApiToken.objects.filter(service_account=account))


def all_tokens(q: str = "") -> QuerySet[ApiToken]:
    """Every token of the installation, for administrators (issue 25.2)."""
    qs = ApiToken.objects.all()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(prefix__startswith=q)
            | Q(user__username__icontains=q)
            | Q(service_account__name__icontains=q)
        )
    return _ordered(qs)
