"""Shared kernel data: accounts, administrative divisions, the audit log, login attempts."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from . import fields
from .modelbases import AppendOnly, Named, Titled


class User(AbstractUser):
    """An account. Roles and their organisation scope live in ``registry.RoleAssignment``."""

    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # The second factor (TOTP, RFC 6238): the shared secret encrypted like ID numbers, when it
    # was confirmed, and the last time step used, so a code cannot be replayed.
    totp_secret = models.TextField(blank=True, editable=False)
    totp_enabled_at = models.DateTimeField(_("second factor since"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)
    # The language the person is spoken to in outside the open page: notifications, SMS,
    # e-mail, documents ("" = Chinese, the default; issue 24, core.i18n).
    language = models.CharField(_("preferred language"), max_length=10, blank=True, default="")

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.display_name or self.username


class DivisionLevel(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    REGION = "region", _("Region")
    COUNTY = "county", _("County or city")
    TOWNSHIP = "township", _("Township or street")


def division_filter_code() -> models.Case:
    """The start of the codes a filter by a division keeps: a region's first four digits, any
    other division's whole code (the directory's division filter, issue 22.2). Indexed as
    written here (``division_filter_code``): a chosen county is found by it at once instead
    of reading every division (19,722 at the large scale, issue 26.2)."""
    return models.Case(
        models.When(level=DivisionLevel.REGION, then=Left("code", 4)),
        default=models.F("code"),
        output_field=models.CharField(),
    )


class Division(Named):
    """An administrative division with its GB/T 2260 code (6 digits) or statistical code
    (9 digits for townships and streets)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    # The same name in Uyghur and in Kazakh (Arabic script), shown when that language is
    # active; empty falls back to the Chinese name (see core.names).
    name_ug = models.CharField(_("name in Uyghur"), max_length=64, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=DivisionLevel.choices)
    parent = fields.reference(
        "self", _("parent division"), null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        indexes: ClassVar = [models.Index(division_filter_code(), name="division_filter_code")]


class AuditEvent(AppendOnly):
    """Append-only record of a change or a sensitive read: who, when, what, before/after, from
    where. Nothing in the application updates or deletes a row; on PostgreSQL a trigger refuses
    it too (migration 0002)."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = fields.user(_("actor"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=200, blank=True)
    refusal = "Audit events are append-only"

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes: ClassVar = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def action_label(self) -> str:
        from .audit import action_label

        return action_label(self.action)

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(key, before, after) rows for display."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k, ""), after.get(k, "")) for k in keys]


class Event(AppendOnly):
    """One step of a domain record's life, in the one append-only event log (``core.events``).

    The subject is named, not referenced: its app label and model, its id and a short label
    copied at the time, so nothing here is deleted with its subject; the actor likewise (id and
    name), so deleting an account deletes no history. ``term_id`` and ``organisation_id`` are
    optional scoping ids, also without a foreign key. Kinds are registered by each app's
    ``events.py``; on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE (migration
    0011)."""

    occurred_at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=64)
    subject_type = models.CharField(_("record type"), max_length=64)
    subject_id = models.BigIntegerField(_("record id"))
    subject_label = models.CharField(_("record concerned"), max_length=200, blank=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    term_id = models.BigIntegerField(null=True, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    refusal = "Events are append-only"

    class Meta:
        ordering: ClassVar = ["occurred_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes: ClassVar = [
            models.Index(
                fields=["subject_type", "subject_id", "occurred_at", "id"],
                name="event_subject_timeline",
            ),
            models.Index(fields=["kind", "occurred_at"], name="event_kind_time"),
            models.Index(fields=["occurred_at"], name="event_time"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.subject_type}:{self.subject_id}"
        )

    @property
    def label(self) -> str:
        from .events import label

        return label(self.kind)

    @property
    def detail(self) -> str:
        from .events import detail

        return detail(self)


class LoginAttempt(models.Model):
    """Each sign-in attempt, for throttling per account and per address."""

    at = models.DateTimeField(db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {'ok' if self.succeeded else 'fail'}"


class UserSession(models.Model):
    """Which session belongs to which account, so disabling an account ends its sessions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}:{self.session_key[:6]}…"


class Notification(Titled):
    """An in-app message (the channel that always works, offline included). ``key`` makes a
    periodic job idempotent: the same key is never delivered twice to the same person."""

    user = fields.user(on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "read_at"]),
            # Periodic jobs look up which keys went out already, for all recipients at once.
            models.Index(fields=["key"], condition=~models.Q(key=""), name="notification_key"),
        ]


class WorkdayOverride(models.Model):
    """An administrator's entry for a day the holiday package does not know (a year it does
    not cover yet, or a local arrangement): a holiday, or a make-up working day (调休)."""

    day = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering: ClassVar = ["day"]
        verbose_name = _("working-day entry")
        verbose_name_plural = _("working-day entries")

    def __str__(self) -> str:
        return f"{self.day} {'workday' if self.is_working_day else 'holiday'}"


class ChannelPreference(models.Model):
    """An account's choice for one outbound channel (email, SMS, webhook …). No row means the
    channel's default (``lvzhi.core.outbound``); the in-app inbox is always on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("notification channel"), max_length=32)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "channel"], name="channel_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} {'on' if self.enabled else 'off'}"


class WebhookEndpoint(models.Model):
    """Where an account's notifications are posted as signed JSON. The signing secret is made
    by the platform and stored encrypted (``core.crypto``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoint"
    )
    url = models.URLField(_("webhook address"), max_length=300)
    secret_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One outbound delivery of a notification through one channel. The in-app message is the
    notification itself and needs no row. ``last_error`` holds the kind of failure only
    (an HTTP status, an exception class), never an address or a phone number."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("notification channel"), max_length=32)
    status = fields.choice(DeliveryStatus.PENDING, _("status"), max_length=8)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"))
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # A sender holds the row until then, so two workers never send it at the same time.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class FileJob(models.Model):
    """One file made in the background (``core.filejobs``): a PDF of a document, a large export,
    a batch of activation letters. Who asked, which kind (registered by the app that writes it)
    and its parameters, the progress (rows done of the total and a percentage) and the file
    once ready — with, for a Word document, its PDF beside it. Only the person who asked
    downloads it; a file holding secrets (activation codes) is deleted at ``expires_at``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=200, blank=True)
    status = fields.choice(JobStatus.QUEUED, max_length=8)
    percent = models.PositiveSmallIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="jobs/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True, default="application/pdf")
    pdf_file = models.FileField(upload_to="jobs/", blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The language of the request that asked for it (issue 22.7): the task writes the file's
    # headers and labels in it, as the page that asked showed them ("" = the default).
    language = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["owner", "created_at"], name="pdfjob_owner")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def pdf_filename(self) -> str:
        stem, _dot, _ext = self.filename.rpartition(".")
        return f"{stem or self.filename}.pdf"


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", _("Activation")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ENROLMENT = "enrolment", _("Second-factor enrolment")
    RECOVERY = "recovery", _("Recovery code")


class OneTimeCode(models.Model):
    """A one-time code (activation, password reset, second-factor enrolment or recovery), kept
    only as a keyed hash (``core.onetime``); used once, then ``used_at`` is set. A row without
    a user and without a hash records a reset request for an unknown account, so requests are
    counted per address all the same."""

    user = fields.user(
        on_delete=models.CASCADE, null=True, blank=True, related_name="one_time_codes"
    )
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    issued_by = fields.user(on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes: ClassVar = [
            models.Index(fields=["user", "purpose", "created_at"], name="onetimecode_user"),
            models.Index(fields=["purpose", "ip", "created_at"], name="onetimecode_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.user_id}"
