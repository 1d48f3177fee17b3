"""Who may manage API tokens and service accounts (issue 25.2).

- every signed-in account makes and revokes its own personal tokens;
- a service account (and its tokens) is managed by whoever administers its organisation
  (``registry.policies.can_administer_organisation``: administrators, and the Standing
  Committee office for the organisations in its scope);
- administrators see every token and revoke any of them.
"""

from __future__ import annotations

from typing import Any

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Organisation, Role

from .models import ApiToken, ServiceAccount


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


_SERVICE = "_lvzhi_service_account"


def is_service_account(user: Any) -> bool:
    """Whether the account is a service account's own. Asked on every page (the token menu
    entry), so it costs no query for a person who signs in with a password: a service
    account's account never has a usable one (``services.service_account_create``), and a
    token call knows it from its token (``auth.TokenAuth``). Otherwise (an account without a
    password: single sign-on, an invitation) one query, once per user object."""
    known: bool | None = getattr(user, _SERVICE, None)
    if known is None:
        known = (
            not user.has_usable_password()
            and ServiceAccount.objects.filter(user_id=user.pk).exists()
        )
        setattr(user, _SERVICE, known)
    return known


def mark_service_account(user: Any, is_service: bool) -> None:
    """What the authentication already knows (a token names its service account, if any)."""
    setattr(user, _SERVICE, is_service)


def can_manage_tokens(user: Any) -> bool:
    """A signed-in person (a service account's own account never signs in)."""
    return _signed_in(user) and not is_service_account(user)


def is_administrator(user: Any) -> bool:
    return _signed_in(user) and Role.ADMIN in registry_policies.roles_of(user)


def can_manage_service_accounts_of(user: Any, organisation: Organisation) -> bool:
    return can_manage_tokens(user) and registry_policies.can_administer_organisation(
        user, organisation
    )


def can_manage_service_account(user: Any, account: ServiceAccount) -> bool:
    return can_manage_service_accounts_of(user, account.organisation)


def can_open_service_accounts(user: Any) -> bool:
    """Sees the service-account page: administrators and the Standing Committee offices."""
    return can_manage_tokens(user) and bool(
        registry_policies.roles_of(user) & registry_policies.STAFF_ADMIN_ROLES
    )


def owns(user: Any, token: ApiToken) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and token.user_id == user.pk


def can_revoke(user: Any, token: ApiToken) -> bool:
    if not can_manage_tokens(user):
        return False
    if is_administrator(user):
        return True
    if token.service_account_id is not None:
        return can_manage_service_account(user, token.service_account)  # type: ignore[arg-type]
    return owns(user, token)
