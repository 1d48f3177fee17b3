"""Changes of API tokens: made and revoked by their owner; each is audited."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.text import clean_text

from . import policies, rules
from .models import ApiToken


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """Make a token for the actor's own account; returns the row and the token, which is
    never stored and cannot be shown again."""
    if not policies.can_manage_tokens(actor):
        raise PermissionDenied(_("Only a signed-in account can make API tokens."))
    name = clean_text(name)
    if not name:
        raise ValidationFailed(
            _("Give the token a name, e.g. the system that uses it."), field="name"
        )
    if len(name) > 64:
        raise ValidationFailed(_("The name is at most 64 characters long."), field="name")
    with transaction.atomic():
        # Lock the account row: two requests at once cannot pass the limit together.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        if active >= rules.MAX_ACTIVE_TOKENS:
            raise Conflict(
                _("You already have %(n)s active tokens; revoke one you no longer use.")
                % {"n": active}
            )
        raw = rules.TOKEN_PREFIX + secrets.token_urlsafe(rules.TOKEN_BYTES)
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=raw[: rules.SHOWN_PREFIX_LENGTH],
            digest=digest_of(raw),
            created_at=clock.now(),
        )
        audit.record(actor=actor, action="api.token_created", obj=token, after={"name": token.name})
    return token, raw


def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or not policies.owns(actor, token):
            raise NotFound(_("No such token."))
        if token.revoked_at is not None:
            raise Conflict(_("This token has already been revoked."))
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api.token_revoked", obj=token)
    return token


def authenticate(raw: str) -> Any:
    """The active account a token belongs to, or ``None``. Marks the token as used."""
    if not raw.startswith(rules.TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.filter(digest=digest_of(raw), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= rules.LAST_USED_GRANULARITY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
