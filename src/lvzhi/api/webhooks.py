"""Webhook subscriptions to events of the platform (issue 25.3), driven by the core event log.

A subscription names event kinds (``EVENTS``); :func:`dispatch` reads the log after each
subscription's ``last_event_id`` and writes one :class:`WebhookDelivery` per event its owner
may see — visibility is decided by the same selectors as the pages (a deputy's subscription
hears of that deputy's suggestions, a station's of its own opinions). :func:`send_due` posts
the due deliveries: JSON with ``X-Lvzhi-Timestamp``, ``X-Lvzhi-Event`` and
``X-Lvzhi-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the subscription's
secret>`` (``core.outbound.webhook_signature``, the scheme of the personal notification
webhook). A failed attempt is retried after ``WEBHOOK_BACKOFF_SECONDS`` doubling each time, up
to ``WEBHOOK_MAX_ATTEMPTS``; every attempt's answer is kept in the delivery log.

The payload is thin on purpose: the event's kind, time and the record it concerns, with the
API address to read it — never a citizen's contact data or a record's text. The receiver reads
the record with its own token, through the policies and scopes of the API.

Addresses must be on the installation's list of webhook hosts (``LVZHI_WEBHOOK_HOSTS``), as
for notification webhooks: the platform talks to the intranet systems it was told about only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, clock, crypto, outbound
from lvzhi.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import Event
from lvzhi.core.text import clean_text
from lvzhi.stations import selectors as station_selectors
from lvzhi.suggestions import selectors as suggestion_selectors
from lvzhi.voting import selectors as voting_selectors

from . import rules
from .models import WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription

log = logging.getLogger("lvzhi.webhooks")
BATCH = 500


def _sees_suggestion(user: Any, pk: int) -> bool:
    suggestion_selectors.get_for_user(user, pk)
    return True


def _sees_opinion(user: Any, pk: int) -> bool:
    station_selectors.get_opinion_for_user(user, pk)
    return True


def _sees_poll(user: Any, pk: int) -> bool:
    return voting_selectors.get_poll(user, pk).published_at is not None


@dataclass(frozen=True)
class EventKind:
    label: Any
    resource: str  # the API address of the record, with {id}
    sees: Callable[[Any, int], bool]


# The record each app's events are about: its API address (with {id}) and who may see it.
_RESOURCES: dict[str, tuple[str, Callable[[Any, int], bool]]] = {
    "suggestions": ("/api/v1/suggestions/{id}", _sees_suggestion),
    "stations": ("/api/v1/stations/opinions/{id}", _sees_opinion),
    "voting": ("/api/v1/voting/results/{id}", _sees_poll),
}
_LABELS = {
    "suggestions.submitted": gettext_lazy("Suggestion submitted"),
    "suggestions.assigned": gettext_lazy("Suggestion assigned"),
    "suggestions.replied": gettext_lazy("Suggestion replied to"),
    "suggestions.evaluated": gettext_lazy("Reply evaluated"),
    "stations.received": gettext_lazy("Citizen's opinion received"),
    "stations.answered": gettext_lazy("Citizen's opinion answered"),
    "stations.closed": gettext_lazy("Citizen's opinion closed"),
    "voting.poll_published": gettext_lazy("Vote result published"),
}
EVENTS: dict[str, EventKind] = {
    kind: EventKind(label, *_RESOURCES[kind.split(".")[0]]) for kind, label in _LABELS.items()
}


def _clean(name: str, url: str, events: list[str]) -> tuple[str, str, list[str]]:
    name = clean_text(name)
    if not name or len(name) > 64:
        raise ValidationFailed(
            _("Give the subscription a name of at most 64 characters."), field="name"
        )
    url = url.strip()
    if len(url) > 300 or not outbound.webhook_host_allowed(url):
        raise ValidationFailed(
            _(
                "The address must be http(s) on a host this platform may call "
                "(LVZHI_WEBHOOK_HOSTS)."
            ),
            field="url",
        )
    chosen = sorted(set(events))
    if not chosen or any(e not in EVENTS for e in chosen):
        raise ValidationFailed(_("Choose events from the list of webhook events."), field="events")
    return name, url, chosen


def subscription_create(
    *, actor: Any, name: str, url: str, events: list[str]
) -> tuple[WebhookSubscription, str]:
    """A subscription of the actor's account; returns it and its secret (shown once)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in first."))
    name, url, chosen = _clean(name, url, events)
    with transaction.atomic():
        active = WebhookSubscription.objects.filter(owner=actor, deactivated_at__isnull=True)
        if active.count() >= rules.MAX_SUBSCRIPTIONS_PER_OWNER:
            raise Conflict(_("Too many active webhook subscriptions; end one first."))
        secret = secrets.token_urlsafe(32)
        latest = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        sub = WebhookSubscription.objects.create(
            owner=actor,
            name=name,
            url=url,
            events=chosen,
            secret_encrypted=crypto.encrypt(secret),
            last_event_id=latest,  # from now on: no flood of the past
            created_at=clock.now(),
        )
        audit.record(
            actor=actor, action="api.webhook_created", obj=sub, after={"url": url, "events": chosen}
        )
    return sub, secret


def get_for_user(user: Any, pk: int) -> WebhookSubscription:
    sub = WebhookSubscription.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if sub is None:
        raise NotFound(_("No such webhook subscription."))
    return sub


def subscription_end(*, actor: Any, pk: int) -> WebhookSubscription:
    with transaction.atomic():
        sub = get_for_user(actor, pk)
        if sub.deactivated_at is not None:
            raise Conflict(_("This subscription has already ended."))
        sub.deactivated_at = clock.now()
        sub.save(update_fields=["deactivated_at"])
        audit.record(actor=actor, action="api.webhook_ended", obj=sub)
    return sub


def _payload(event: Event, sub: WebhookSubscription) -> dict[str, Any]:
    kind = EVENTS[event.kind]
    return {
        "event_id": event.pk,
        "kind": event.kind,
        "label": str(kind.label),
        "occurred_at": event.occurred_at.isoformat(),
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "resource": kind.resource.format(id=event.subject_id),
        "subscription_id": sub.pk,
    }


def _visible(event: Event, owner: Any) -> bool:
    try:
        return EVENTS[event.kind].sees(owner, event.subject_id)
    except DomainError:
        return False


def dispatch() -> int:
    """Turn new events of the log into deliveries; returns how many were written."""
    written = 0
    for sub_id in WebhookSubscription.objects.filter(deactivated_at__isnull=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            sub = (
                WebhookSubscription.objects.select_for_update(skip_locked=True)
                .select_related("owner")
                .filter(pk=sub_id, deactivated_at__isnull=True)
                .first()
            )
            if sub is None or not sub.owner.is_active:
                continue
            events = list(Event.objects.filter(pk__gt=sub.last_event_id).order_by("pk")[:BATCH])
            if not events:
                continue
            now = clock.now()
            rows = [
                WebhookDelivery(
                    subscription=sub,
                    event_id=e.pk,
                    kind=e.kind,
                    payload=_payload(e, sub),
                    created_at=now,
                    next_attempt_at=now,
                )
                for e in events
                if e.kind in sub.events and _visible(e, sub.owner)
            ]
            WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
            sub.last_event_id = events[-1].pk
            sub.save(update_fields=["last_event_id"])
            written += len(rows)
    return written


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=rules.WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def attempt(pk: int) -> bool:
    """One attempt at one due delivery nobody else holds; True when it went."""
    now = clock.now()
    claimed = (
        WebhookDelivery.objects.filter(
            pk=pk, status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            claimed_until=now + dt.timedelta(seconds=rules.WEBHOOK_TIMEOUT_SECONDS * 3),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    d = WebhookDelivery.objects.select_related("subscription").get(pk=pk)
    sub = d.subscription
    if sub.deactivated_at is not None:
        status, error = None, "subscription ended"
    elif not outbound.webhook_host_allowed(sub.url):
        status, error = None, "webhook host not allowed"
    else:
        body = json.dumps(d.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(clock.now().timestamp()))
        signature = outbound.webhook_signature(
            crypto.decrypt(sub.secret_encrypted), timestamp, body
        )
        status, error = outbound.http_post(
            sub.url,
            body,
            {
                "X-Lvzhi-Timestamp": timestamp,
                "X-Lvzhi-Signature": signature,
                "X-Lvzhi-Event": d.kind,
                "X-Lvzhi-Delivery": str(d.pk),
            },
            rules.WEBHOOK_TIMEOUT_SECONDS,
        )
    done = clock.now()
    if not error:
        WebhookDelivery.objects.filter(pk=pk).update(
            status=WebhookDeliveryStatus.SENT,
            sent_at=done,
            claimed_until=None,
            response_status=status,
            last_error="",
        )
        return True
    final = d.attempts >= rules.WEBHOOK_MAX_ATTEMPTS or sub.deactivated_at is not None
    WebhookDelivery.objects.filter(pk=pk).update(
        status=WebhookDeliveryStatus.FAILED if final else WebhookDeliveryStatus.PENDING,
        next_attempt_at=done if final else done + backoff(d.attempts),
        claimed_until=None,
        response_status=status,
        last_error=error[:200],
    )
    log.info("Webhook delivery %s failed (attempt %s): %s", pk, d.attempts, error)
    return False


def send_due(limit: int = 1000) -> int:
    now = clock.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(attempt(pk) for pk in ids)


def run() -> tuple[int, int]:
    """What the task and ``lvzhi webhooks_send`` do: dispatch new events, send what is due."""
    return dispatch(), send_due()
