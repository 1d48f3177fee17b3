"""API tokens, service accounts and webhook subscriptions (SPEC section 8, 数据共享在云端;
issue 25).

Only a SHA-256 digest of a token is stored; the token itself is shown once, when it is made.
A token acts as an account: every read and change goes through the same policies and
selectors as that account's pages, narrowed by the token's scopes (``rules.CAPABILITIES``,
each ``:read`` or ``:write``) and its expiry. A personal token acts as its owner; a service
token acts as a service account — an account for a system, owned by an organisation, that
holds one role there and cannot sign in.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.modelbases import Named
from lvzhi.registry import fields


class ServiceAccount(Named):
    """A system (a county's government-service platform, a provincial platform) that uses the
    API on behalf of an organisation. Its ``user`` holds exactly one role on ``organisation``
    (granted through the registry like any staff role) and has no usable password."""

    name = models.CharField(_("system name"), max_length=64)
    organisation = fields.organisation(_("organisation"), related_name="service_accounts")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_account",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=32)
    created_by = fields.user(_("made by"), on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(_("created at"))
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["organisation_id", "name", "id"]
        verbose_name = _("service account")
        verbose_name_plural = _("service accounts")
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(name=""), name="api_service_account_named"),
        ]


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    SERVICE = "service", _("Service account")


class ApiToken(models.Model):
    user = fields.user(_("account"), on_delete=models.CASCADE, related_name="api_tokens")
    kind = fields.choice(TokenKind.PERSONAL, _("kind"))
    # For a service token: the service account whose ``user`` the token acts as.
    service_account = models.ForeignKey(
        ServiceAccount,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tokens",
        verbose_name=_("service account"),
    )
    name = models.CharField(_("token name"), max_length=64)
    # The first characters of the token, so its owner can tell tokens apart; not a secret.
    prefix = models.CharField(_("token prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # ``<capability>:read`` / ``<capability>:write`` (rules.CAPABILITIES).
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = fields.user(_("revoked by"), on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=(Q(kind="personal") & Q(service_account__isnull=True))
                | (Q(kind="service") & Q(service_account__isnull=False)),
                name="api_token_service_kind_has_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= clock.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def allows(self, capability: str, write: bool) -> bool:
        return f"{capability}:{'write' if write else 'read'}" in self.scopes


class WebhookSubscription(Named):
    """A system's subscription to events of the platform (issue 25.3), owned by an account (a
    person's, or a service account's). It receives only events about records its owner may
    see, read from the core event log after ``last_event_id``."""

    owner = fields.user(
        _("account"), on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    name = models.CharField(_("name"), max_length=64)
    url = models.URLField(_("address"), max_length=300)
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField(editable=False)
    last_event_id = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"))
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event to one subscription: the delivery log (attempts, answer, last error)."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.BigIntegerField()
    kind = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    status = fields.choice(WebhookDeliveryStatus.PENDING, max_length=8)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="api_webhook_delivery_once"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "next_attempt_at"], name="api_webhook_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.event_id}"
