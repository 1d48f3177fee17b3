"""Outbound notification channels behind ``core.notifications.notify``.

The in-app inbox is the default channel: it needs no network and is always on. Email (Django's
mail backends), an SMS gateway and webhooks are offered once the deployment configures them
(settings ``NOTIFY_*``). Adding a channel is one subclass of :class:`Channel` decorated with
:func:`register`.

Nothing here runs in the request that caused a notification: ``queue`` writes one
:class:`~lvzhi.core.models.Delivery` row per notification and channel and enqueues the
``deliver`` task after the commit. A sender claims a row before sending (``claimed_until``), so
two workers, or a retry and a late task, never send the same row twice. A failed attempt is
retried with exponential backoff until ``NOTIFY_MAX_ATTEMPTS``, then the row is ``failed`` and
waits on the office's list for a manual retry.

``core`` knows no deputies: the registry registers where an account's phone number is
(:func:`register_phone_directory`) and who may oversee failed deliveries
(:func:`register_overseer`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import audit, clock, crypto, filejobs, spreadsheets
from .errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from .models import ChannelPreference, Delivery, DeliveryStatus, Notification, User, WebhookEndpoint
from .personal import mask_in_text, mask_phone

log = logging.getLogger("lvzhi.notifications")

# A sender holds a claimed row this long; a worker that died mid-send frees it afterwards.
CLAIM_SECONDS = 120


class DeliveryError(Exception):
    """A failed attempt. ``reason`` is stored and shown to the office: it names the kind of
    failure (``HTTP 503``, ``timeout``) and never carries an address or a number."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]


class Channel(ABC):
    """One way out. Subclasses set ``name``, ``label``, ``default_on`` and ``setting`` (the
    setting that configures it) and implement ``reachable`` and ``send``."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]
    # Whether the channel is on for an account that has not chosen (and can be reached).
    default_on: ClassVar[bool] = False
    outbound: ClassVar[bool] = True
    setting: ClassVar[str]

    def available(self) -> bool:
        """Configured on this installation."""
        return bool(getattr(settings, self.setting))

    @abstractmethod
    def reachable(self, user_ids: Iterable[int]) -> set[int]:
        """The accounts among ``user_ids`` that have an address for this channel."""

    @abstractmethod
    def send(self, notification: Notification) -> None:
        """Deliver or raise :class:`DeliveryError`."""


_channels: dict[str, Channel] = {}


def register(cls: type[Channel]) -> type[Channel]:
    _channels[cls.name] = cls()
    return cls


def all_channels() -> list[Channel]:
    return list(_channels.values())


def get(name: str) -> Channel | None:
    return _channels.get(name)


def outbound_channels() -> list[Channel]:
    """The outbound channels configured on this installation."""
    return [c for c in _channels.values() if c.outbound and c.available()]


# ---- hooks the registry fills ---------------------------------------------------------------


class PhoneDirectory(Protocol):
    def with_phone(self, user_ids: Iterable[int]) -> set[int]: ...

    def phone_of(self, user_id: int) -> str: ...


_phones: list[PhoneDirectory] = []
_overseers: list[Callable[[Any], bool]] = []


def register_phone_directory(directory: PhoneDirectory) -> None:
    _phones.append(directory)


def register_overseer(rule: Callable[[Any], bool]) -> None:
    """``rule(user)`` is True for those who see and retry failed deliveries."""
    _overseers.append(rule)


def can_oversee(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(rule(user) for rule in _overseers)


# ---- HTTP ------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (``HTTP 302``), never followed: a webhook must not lead the
    server to a host outside the allow-list."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# Gateways are on the intranet: no proxy from the environment is used, and no redirect.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def http_post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int | None, str]:
    """POST ``body`` (JSON bytes) through the intranet opener: (HTTP status or None, the kind
    of failure); any 2xx is success, with the failure "". The kind never names an address."""
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked by callers
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(1024)
            return int(response.status), ""
    except urllib.error.HTTPError as exc:
        return int(exc.code), f"HTTP {exc.code}"
    except TimeoutError:
        return None, "timeout"
    except urllib.error.URLError as exc:
        reason = exc.reason
        kind = "timeout" if isinstance(reason, TimeoutError) else type(reason).__name__
        return None, f"connection failed ({kind})"
    except OSError as exc:
        return None, f"connection failed ({type(exc).__name__})"


def _post_json(url: str, body: bytes, headers: dict[str, str]) -> None:
    """POST ``body`` (JSON bytes); any 2xx is success, anything else a :class:`DeliveryError`
    naming only the kind of failure."""
    error = http_post(url, body, headers, settings.NOTIFY_HTTP_TIMEOUT)[1]
    if error:
        raise DeliveryError(error)


def _link(notification: Notification) -> str:
    if not notification.url:
        return ""
    return f"{settings.NOTIFY_SITE_URL}{notification.url}"


# ---- the channels ----------------------------------------------------------------------------


@register
class InApp(Channel):
    """The inbox: the notification row is the delivery. Always on, works offline."""

    name = "inapp"
    label = _("In the platform")
    default_on = True
    outbound = False

    def available(self) -> bool:
        return True

    def reachable(self, user_ids: Iterable[int]) -> set[int]:
        return set(user_ids)

    def send(self, notification: Notification) -> None:
        return None


@register
class Email(Channel):
    """Through Django's mail backends (``EMAIL_BACKEND``): SMTP in production, the console or
    locmem in the demo and the tests."""

    name = "email"
    label = _("Email")
    default_on = True
    setting = "NOTIFY_EMAIL"

    def reachable(self, user_ids: Iterable[int]) -> set[int]:
        return set(
            User.objects.filter(pk__in=list(user_ids), is_active=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )

    def send(self, notification: Notification) -> None:
        from django.core.mail import EmailMessage

        address = notification.user.email
        if not address:
            raise DeliveryError("no email address")
        text = "\n\n".join(p for p in (notification.body, _link(notification)) if p)
        message = EmailMessage(
            subject=notification.title.replace("\n", " "), body=text, to=[address]
        )
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # smtplib, socket or backend errors: only the kind is kept
            raise DeliveryError(f"mail backend ({type(exc).__name__})") from None


@register
class Sms(Channel):
    """An SMS gateway of the intranet: ``POST {"to": …, "text": …}`` as JSON to
    ``NOTIFY_SMS_URL`` with ``Authorization: Bearer NOTIFY_SMS_TOKEN``; any 2xx is success.
    The number is the deputy's phone of the registry; logs and the delivery row keep only the
    masked form."""

    name = "sms"
    label = _("Text message (SMS)")
    default_on = False
    setting = "NOTIFY_SMS_URL"

    def reachable(self, user_ids: Iterable[int]) -> set[int]:
        ids = list(user_ids)
        found: set[int] = set()
        for directory in _phones:
            found |= directory.with_phone(ids)
        return found

    def send(self, notification: Notification) -> None:
        phone = next((p for d in _phones if (p := d.phone_of(notification.user_id))), "")
        if not phone:
            raise DeliveryError("no phone number")
        text = notification.title
        if notification.url:
            text = f"{text} {_link(notification)}".strip()
        sms_send(phone, text)
        log.info("SMS for notification %s sent to %s", notification.pk, mask_phone(phone))


def sms_send(phone: str, text: str) -> None:
    """One message through the SMS gateway, at once (activation and reset codes are sent in
    the request that asks for them and never stored in a delivery row). Raises
    :class:`DeliveryError` naming only the kind of failure."""
    if not settings.NOTIFY_SMS_URL:
        raise DeliveryError("no SMS gateway")
    headers = {}
    if settings.NOTIFY_SMS_TOKEN:
        headers["Authorization"] = f"Bearer {settings.NOTIFY_SMS_TOKEN}"
    _post_json(settings.NOTIFY_SMS_URL, _json({"to": phone, "text": text[:300]}), headers)


def phone_of(user_id: int) -> str:
    """The phone number on file for an account ("" when none), from the registered
    directories."""
    return next((p for d in _phones if (p := d.phone_of(user_id))), "")


def user_with_phone(phone: str) -> int | None:
    """The account whose holder has this phone number on file, if exactly one has."""
    for directory in _phones:
        find = getattr(directory, "user_with_phone", None)
        if find is not None and (found := find(phone)) is not None:
            return int(found)
    return None


def webhook_host_allowed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return False
    host = parts.hostname.lower()
    allowed = set(settings.NOTIFY_WEBHOOK_HOSTS)
    return host in allowed or (parts.port is not None and f"{host}:{parts.port}" in allowed)


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``timestamp.body`` with the endpoint's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@register
class Webhook(Channel):
    """Signed JSON to the account's own endpoint (headers ``X-Lvzhi-Timestamp`` and
    ``X-Lvzhi-Signature``, see :func:`webhook_signature`)."""

    name = "webhook"
    label = _("Webhook")
    default_on = True  # setting an address is the choice
    setting = "NOTIFY_WEBHOOK_HOSTS"

    def reachable(self, user_ids: Iterable[int]) -> set[int]:
        return set(
            WebhookEndpoint.objects.filter(user_id__in=list(user_ids)).values_list(
                "user_id", flat=True
            )
        )

    def send(self, notification: Notification) -> None:
        endpoint = WebhookEndpoint.objects.filter(user_id=notification.user_id).first()
        if endpoint is None:
            raise DeliveryError("no webhook address")
        if not webhook_host_allowed(endpoint.url):
            raise DeliveryError("webhook host not allowed")
        payload = {
            "id": notification.pk,
            "key": notification.key,
            "title": notification.title,
            "body": notification.body,
            "url": _link(notification),
            "created_at": notification.created_at.isoformat(),
        }
        body = _json(payload)
        timestamp = str(int(clock.now().timestamp()))
        signature = webhook_signature(crypto.decrypt(endpoint.secret_encrypted), timestamp, body)
        _post_json(
            endpoint.url,
            body,
            {"X-Lvzhi-Timestamp": timestamp, "X-Lvzhi-Signature": signature},
        )


# ---- preferences -----------------------------------------------------------------------------


def channels_for(user_ids: Iterable[int]) -> dict[int, list[str]]:
    """The outbound channels each account receives: its choice, else the channel's default,
    and only where it has an address. Accounts with none are left out. One query per
    configured channel plus one for the choices; none at all when no channel is configured."""
    channels = outbound_channels()
    ids = list(dict.fromkeys(user_ids))
    if not channels or not ids:
        return {}
    chosen = {
        (uid, name): enabled
        for uid, name, enabled in ChannelPreference.objects.filter(
            user_id__in=ids, channel__in=[c.name for c in channels]
        ).values_list("user_id", "channel", "enabled")
    }
    result: dict[int, list[str]] = {}
    for channel in channels:
        for uid in channel.reachable(ids):
            if chosen.get((uid, channel.name), channel.default_on):
                result.setdefault(uid, []).append(channel.name)
    return result


def preferences_of(user: User) -> dict[str, bool]:
    """Each configured outbound channel → on or off for ``user`` (the page's initial values)."""
    chosen = dict(ChannelPreference.objects.filter(user=user).values_list("channel", "enabled"))
    return {c.name: chosen.get(c.name, c.default_on) for c in outbound_channels()}


def preferences_save(
    *, actor: User, choices: dict[str, bool], webhook_url: str | None = None
) -> None:
    """The account chooses its channels (and its webhook address; empty removes it)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    offered = {c.name for c in outbound_channels()}
    unknown = set(choices) - offered
    if unknown:
        raise ValidationFailed(_("This channel is not offered here."))
    if webhook_url and not webhook_host_allowed(webhook_url):
        raise ValidationFailed(
            _("Webhooks may only go to the hosts the administrator allowed."), field="webhook_url"
        )
    before = preferences_of(actor)
    with transaction.atomic():
        for name, enabled in choices.items():
            ChannelPreference.objects.update_or_create(
                user=actor, channel=name, defaults={"enabled": bool(enabled)}
            )
        if webhook_url is not None and "webhook" in offered:
            _webhook_set(actor, webhook_url)
        audit.record(
            actor=actor,
            action="notification.channels_chosen",
            obj=actor,
            before=before,
            after=preferences_of(actor),
        )


def _webhook_set(user: User, url: str) -> None:
    endpoint = WebhookEndpoint.objects.filter(user=user).first()
    if not url:
        if endpoint is not None:
            endpoint.delete()
        return
    if endpoint is None:
        WebhookEndpoint.objects.create(
            user=user,
            url=url,
            secret_encrypted=crypto.encrypt(secrets.token_urlsafe(32)),
            created_at=clock.now(),
        )
    elif endpoint.url != url:
        endpoint.url = url
        endpoint.save(update_fields=["url"])


def webhook_of(user: User) -> tuple[str, str]:
    """The account's own webhook address and signing secret (shown to the account only)."""
    endpoint = WebhookEndpoint.objects.filter(user=user).first()
    if endpoint is None:
        return "", ""
    return endpoint.url, crypto.decrypt(endpoint.secret_encrypted)


# ---- queueing and sending --------------------------------------------------------------------


def queue(pairs: Iterable[tuple[int, int]], targets: dict[int, list[str]] | None = None) -> int:
    """Write the deliveries of new notifications, given as (notification id, user id), and
    enqueue their sending after the commit. Returns the number of rows written."""
    pairs = list(pairs)
    if not pairs:
        return 0
    if targets is None:
        targets = channels_for(uid for _, uid in pairs)
    if not targets:
        return 0
    now = clock.now()
    rows = [
        Delivery(notification_id=nid, channel=name, created_at=now, next_attempt_at=now)
        for nid, uid in pairs
        for name in targets.get(uid, ())
    ]
    if not rows:
        return 0
    # Two runs racing on one notification write one row per channel (unique constraint).
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    ids = sorted({r.notification_id for r in rows})
    transaction.on_commit(lambda: _enqueue(ids))
    return len(rows)


def _enqueue(notification_ids: list[int], run_after: dt.datetime | None = None) -> None:
    from .tasks import deliver

    task = deliver if run_after is None else deliver.using(run_after=run_after)
    for start in range(0, len(notification_ids), 500):
        task.enqueue(notification_ids[start : start + 500])


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the ``attempts``-th failure: base, 2×, 4× … (capped at a day)."""
    seconds = settings.NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, 86400))


def deliver(notification_ids: Iterable[int]) -> int:
    """Attempt every due, unclaimed delivery of these notifications. Returns how many went."""
    ids = list(
        Delivery.objects.filter(
            notification_id__in=list(notification_ids), status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    return sum(attempt(pk) for pk in ids)


def send_due(limit: int = 1000) -> int:
    """The periodic sweep (``lvzhi notifications_send``): every pending delivery whose time
    has come — retries when the task backend cannot defer, and rows a dead worker left."""
    now = clock.now()
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(attempt(pk) for pk in ids)


def attempt(pk: int) -> bool:
    """One attempt at one delivery, if it is due and nobody else holds it."""
    now = clock.now()
    claimed = (
        Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("notification__user").get(pk=pk)
    channel = get(delivery.channel)
    error = ""
    try:
        if channel is None or not channel.available():
            raise DeliveryError("channel not configured")
        channel.send(delivery.notification)
    except DeliveryError as exc:
        error = exc.reason
    except Exception as exc:  # a channel's bug must not stop the others; kind only
        error = f"error ({type(exc).__name__})"
        log.exception("Delivery %s through %s failed", pk, delivery.channel)
    error = mask_in_text(error)
    done = clock.now()
    if not error:
        Delivery.objects.filter(pk=pk).update(
            status=DeliveryStatus.SENT, sent_at=done, claimed_until=None, last_error=""
        )
        return True
    if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=pk).update(
            status=DeliveryStatus.FAILED, claimed_until=None, last_error=error
        )
        log.warning(
            "Delivery %s through %s gave up after %s attempts: %s",
            pk,
            delivery.channel,
            delivery.attempts,
            error,
        )
        return False
    retry_at = done + backoff(delivery.attempts)
    Delivery.objects.filter(pk=pk).update(
        next_attempt_at=retry_at, claimed_until=None, last_error=error
    )
    log.info(
        "Delivery %s through %s failed (attempt %s): %s",
        pk,
        delivery.channel,
        delivery.attempts,
        error,
    )
    _schedule_retry(delivery.notification_id, retry_at)
    return False


def _schedule_retry(notification_id: int, at: dt.datetime) -> None:
    """A backend that can defer gets the retry as a task; otherwise ``send_due`` finds it."""
    from .tasks import deliver as task

    if task.get_backend().supports_defer:
        _enqueue([notification_id], run_after=at)


def delivery_retry(*, actor: User, delivery_id: int) -> Delivery:
    """The office sends a failed delivery again (a fresh series of attempts)."""
    if not can_oversee(actor):
        raise NotFound(_("Delivery not found."))
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFound(_("Delivery not found."))
        if delivery.status != DeliveryStatus.FAILED:
            raise Conflict(_("Only a failed delivery can be sent again."))
        now = clock.now()
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = now
        delivery.claimed_until = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until"])
        audit.record(
            actor=actor,
            action="notification.delivery_retried",
            obj=delivery,
            object_label=f"{delivery.channel} #{delivery.pk}",
            after={"channel": delivery.channel, "last_error": delivery.last_error},
        )
        nid = delivery.notification_id
        transaction.on_commit(lambda: _enqueue([nid]))
    return delivery


DELIVERIES_KIND = "core.deliveries"


def delivery_status(query: Mapping[str, str]) -> str:
    """The office's list shows the failed deliveries unless its query names another status."""
    status = query.get("status", DeliveryStatus.FAILED)
    return status if status in DeliveryStatus.values else DeliveryStatus.FAILED


def _deliveries_filtered(query: Mapping[str, str]) -> tuple[str, Any]:
    status = delivery_status(query)
    return status, failed_deliveries(status)


def _channel_label(d: Any) -> str:
    channel = get(d.channel)
    return str(channel.label) if channel is not None else d.channel


DELIVERIES_COLUMNS = spreadsheets.Columns[Any](
    (_("Time"), lambda d: timezone.localtime(d.created_at).strftime("%Y-%m-%d %H:%M")),
    (_("Account"), lambda d: d.notification.user),
    (_("Notification channel"), _channel_label),
    (_("Attempts"), lambda d: d.attempts),
    (_("Last error"), lambda d: d.last_error),
)


def failed_deliveries(status: str = DeliveryStatus.FAILED) -> Any:
    """The office's list: no title or text of the notification (it may be about a citizen's
    opinion the office must not read), only the account, channel, attempts and error."""
    return (
        Delivery.objects.filter(status=status)
        .select_related("notification__user")
        .only(
            "pk",
            "channel",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "next_attempt_at",
            "notification__key",
            "notification__user__username",
            "notification__user__display_name",
        )
        .order_by("-created_at", "-pk")
    )


# The office's list of deliveries as CSV (issue 22.7): a background file above the bound.
DELIVERIES = filejobs.ListExport(
    DELIVERIES_KIND,
    _("Notification deliveries"),
    lambda query: f"通知发送-{delivery_status(query)}.csv",
    can_oversee,
    _deliveries_filtered,
    DELIVERIES_COLUMNS.header,
    DELIVERIES_COLUMNS.lines,
)
