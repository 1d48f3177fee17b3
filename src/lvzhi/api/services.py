"""Changes of API tokens and service accounts; each is audited (issue 25.2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.text import clean_text
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Organisation, Role

from . import policies, rules
from .models import ApiToken, ServiceAccount, TokenKind

M = TypeVar("M", bound=models.Model)

# Roles a service account may hold: staff roles of one organisation, never the
# administrator's, a deputy's or a person's own (a Standing Committee member, a group leader).
SERVICE_ROLES = (
    Role.OFFICE,
    Role.SECRETARIAT,
    Role.COMMITTEE,
    Role.UNIT_STAFF,
    Role.HANDLING_UNIT,
    Role.STATION_STAFF,
)


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def all_scopes() -> list[str]:
    return [f"{c}:{m}" for c in rules.CAPABILITIES for m in ("read", "write")]


def _clean_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationFailed(
            _("Give the token a name, e.g. the system that uses it."), field="name"
        )
    if len(name) > 64:
        raise ValidationFailed(_("The name is at most 64 characters long."), field="name")
    return name


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    known = set(all_scopes())
    if not chosen:
        raise ValidationFailed(_("Choose at least one scope."), field="scopes")
    if any(s not in known for s in chosen):
        raise ValidationFailed(_("Unknown scope."), field="scopes")
    return chosen


def _clean_days(days: int) -> int:
    if days not in rules.TOKEN_DAYS_CHOICES:
        raise ValidationFailed(
            _("Choose a validity of %(days)s days.")
            % {"days": " / ".join(str(d) for d in rules.TOKEN_DAYS_CHOICES)},
            field="days",
        )
    return days


def token_create(
    *,
    actor: Any,
    name: str,
    scopes: Iterable[str] | None = None,
    days: int = rules.DEFAULT_TOKEN_DAYS,
    service_account: ServiceAccount | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for the actor's own account, or (``service_account``) for a service
    account the actor manages; returns the row and the token, which is never stored and
    cannot be shown again. ``scopes`` defaults to every read scope."""
    if not policies.can_manage_tokens(actor):
        raise PermissionDenied(_("Only a signed-in account can make API tokens."))
    if service_account is not None and (
        not policies.can_manage_service_account(actor, service_account)
    ):
        raise NotFound(_("No such service account."))
    if service_account is not None and service_account.deactivated_at is not None:
        raise Conflict(_("This service account has been deactivated."))
    name = _clean_name(name)
    chosen = _clean_scopes(
        scopes if scopes is not None else [f"{c}:read" for c in rules.CAPABILITIES]
    )
    days = _clean_days(days)
    owner = service_account.user if service_account is not None else actor
    with transaction.atomic():
        # Lock the account row: two requests at once cannot pass the limit together.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        now = clock.now()
        active = ApiToken.objects.filter(
            user=owner, revoked_at__isnull=True, expires_at__gt=now
        ).count()
        if active >= rules.MAX_ACTIVE_TOKENS:
            raise Conflict(
                _("You already have %(n)s active tokens; revoke one you no longer use.")
                % {"n": active}
            )
        raw = rules.TOKEN_PREFIX + secrets.token_urlsafe(rules.TOKEN_BYTES)
        token = ApiToken.objects.create(
            user=owner,
            kind=TokenKind.SERVICE if service_account is not None else TokenKind.PERSONAL,
            service_account=service_account,
            name=name,
            prefix=raw[: rules.SHOWN_PREFIX_LENGTH],
            digest=digest_of(raw),
            scopes=chosen,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        audit.record(
            actor=actor,
            action="api.token_created",
            obj=token,
            after={"name": token.name, "scopes": chosen, "days": days, "kind": token.kind},
        )
    return token, raw


def _locked(rows: QuerySet[M], pk: int, allowed: Callable[[M], bool], missing: str) -> M:
    """Row ``pk`` of ``rows``, locked (its own table only) until the transaction ends, when it
    exists and ``allowed`` to the actor; otherwise a 404 saying ``missing``."""
    row = rows.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None or not allowed(row):
        raise NotFound(missing)
    return row


def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = _locked(
            ApiToken.objects.select_related("service_account__organisation"),
            token_id,
            lambda t: policies.can_revoke(actor, t),
            _("No such token."),
        )
        if token.revoked_at is not None:
            raise Conflict(_("This token has already been revoked."))
        token.revoked_at = clock.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor=actor, action="api.token_revoked", obj=token)
    return token


def service_account_create(
    *, actor: Any, organisation: Organisation, name: str, role: str
) -> ServiceAccount:
    """A service account for a system, owned by ``organisation``: an account that cannot sign
    in, holding ``role`` there (granted through the registry, audited there too)."""
    if not policies.can_manage_service_accounts_of(actor, organisation):
        raise NotFound(_("No such organisation."))
    name = _clean_name(name)
    if role not in SERVICE_ROLES:
        raise ValidationFailed(_("Choose a staff role."), field="role")
    with transaction.atomic():
        user = User(username=f"svc-{secrets.token_hex(6)}", display_name=name[:64])
        user.set_unusable_password()
        user.save()
        account = ServiceAccount.objects.create(
            name=name,
            organisation=organisation,
            user=user,
            role=role,
            created_by=actor,
            created_at=clock.now(),
        )
        registry_services.role_grant(actor=actor, user=user, role=role, organisation=organisation)
        audit.record(
            actor=actor,
            action="api.service_account_created",
            obj=account,
            after={"name": name, "organisation": organisation.name, "role": role},
        )
    return account


def service_account_deactivate(*, actor: Any, account_id: int) -> ServiceAccount:
    """Ends a service account: its account is disabled and every token of it revoked."""
    with transaction.atomic():
        account = _locked(
            ServiceAccount.objects.select_related("organisation", "user"),
            account_id,
            lambda a: policies.can_manage_service_account(actor, a),
            _("No such service account."),
        )
        if account.deactivated_at is not None:
            raise Conflict(_("This service account has been deactivated."))
        now = clock.now()
        account.deactivated_at = now
        account.save(update_fields=["deactivated_at"])
        User.objects.filter(pk=account.user_id).update(is_active=False)
        ApiToken.objects.filter(service_account=account, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        audit.record(actor=actor, action="api.service_account_deactivated", obj=account)
    return account


@dataclass(frozen=True)
class Authenticated:
    user: Any
    token: ApiToken


def authenticate(raw: str) -> Authenticated | None:
    """The active, unexpired token and the active account it acts as, or ``None``. Marks the
    token as used (at most every ``LAST_USED_GRANULARITY_SECONDS``)."""
    if not raw.startswith(rules.TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = clock.now()
    token = (
        ApiToken.objects.filter(digest=digest_of(raw), revoked_at__isnull=True, expires_at__gt=now)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= rules.LAST_USED_GRANULARITY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Authenticated(user=token.user, token=token)


def capability_of(path: str) -> str | None:
    """The capability an API path belongs to (``rules.CAPABILITY_OF_SEGMENT``), or ``None``."""
    marker = "/api/v1/"
    at = path.find(marker)
    if at < 0:
        return None
    segment = path[at + len(marker) :].split("/", 1)[0]
    return rules.CAPABILITY_OF_SEGMENT.get(segment)
