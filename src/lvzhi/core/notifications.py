"""Notifications: the in-app inbox, which works on an isolated intranet, and behind it the
outbound channels (email, SMS gateway, webhook; ``core.outbound``) each account chose. Both
functions only write rows: the outbound sending runs in a background task after the commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from . import clock, outbound
from .db import insert_rows
from .i18n import Localized, render_for
from .models import Notification, User

# A notification's title or body: a plain string, or a message rendered per recipient.
Text = str | Localized | Promise


def notify(
    *,
    users: Iterable[Any],
    title: Text,
    body: Text = "",
    url: str = "",
    key: str = "",
    channels: Iterable[str] | None = None,
) -> int:
    """Deliver to each user once per ``key`` (an empty key always delivers). Returns how many
    were new. ``title`` and ``body`` given as :class:`~lvzhi.core.i18n.Localized` (or lazy)
    are written in each user's own language (issue 24); a plain string as it is.
    ``channels`` limits the outbound channels (``core.notices``: a row of the table says which
    channels it travels by); the in-app inbox is always written."""
    users = [u for u in users if u is not None]
    if not users:
        return 0
    if key:
        already = set(
            Notification.objects.filter(key=key[:120], user__in=users).values_list(
                "user_id", flat=True
            )
        )
        users = [u for u in users if u.pk not in already]
    now = clock.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                title=render_for(u, title)[:200],
                body=render_for(u, body),
                url=url[:300],
                key=key[:120],
                created_at=now,
            )
            for u in users
        ],
        ignore_conflicts=bool(key),
    )
    if users and outbound.outbound_channels():
        if key:
            # Rows skipped as conflicts have no id here; (user, key) is unique, so look it up.
            pairs = list(
                Notification.objects.filter(key=key[:120], user__in=users).values_list(
                    "pk", "user_id"
                )
            )
        else:
            pairs = [(n.pk, n.user_id) for n in created]
        targets = None
        if channels is not None:
            allowed = set(channels)
            targets = {
                uid: [c for c in names if c in allowed]
                for uid, names in outbound.channels_for(uid for _, uid in pairs).items()
            }
        outbound.queue(pairs, targets)
    return len(users)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())


def latest(user: Any, n: int) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:n])


@dataclass(frozen=True)
class Message:
    user_ids: tuple[int, ...]
    title: Text
    key: str
    body: Text = ""
    url: str = ""


def notify_many(messages: Sequence[Message], chunk: int = 900) -> int:
    """Deliver many keyed messages with a fixed number of queries: one look-up of the keys
    already delivered per chunk, then one bulk insert of the rest (periodic jobs)."""
    now = clock.now()
    rows: list[tuple[Any, ...]] = []
    localized = {
        uid
        for m in messages
        if not (isinstance(m.title, str) and isinstance(m.body, str))
        for uid in m.user_ids
    }
    people = {u.pk: u for u in User.objects.filter(pk__in=localized)}

    def text(uid: int, value: Text) -> str:
        return value if isinstance(value, str) else render_for(people.get(uid), value)

    for start in range(0, len(messages), chunk):
        part = messages[start : start + chunk]
        done = set(
            Notification.objects.filter(key__in=[m.key for m in part]).values_list("user_id", "key")
        )
        rows += [
            (uid, text(uid, m.title)[:200], text(uid, m.body), m.url[:300], m.key[:120], now)
            for m in part
            for uid in m.user_ids
            if (uid, m.key) not in done
        ]
    insert_rows(Notification, ("user", "title", "body", "url", "key", "created_at"), rows)
    if rows and outbound.outbound_channels():
        _queue_outbound(rows, now, chunk)
    return len(rows)


def _queue_outbound(rows: list[tuple[Any, ...]], now: Any, chunk: int) -> None:
    """Deliveries for the rows just inserted (COPY returns no ids): only for accounts that
    receive some outbound channel, found by (user, key) among this call's rows."""
    targets = outbound.channels_for(row[0] for row in rows)
    wanted = [(row[0], row[4]) for row in rows if row[0] in targets]
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        pairs = {(uid, key) for uid, key in part}
        found = Notification.objects.filter(
            created_at=now,
            user_id__in={uid for uid, _ in part},
            key__in={key for _, key in part},
        ).values_list("pk", "user_id", "key")
        outbound.queue(((pk, uid) for pk, uid, key in found if (uid, key) in pairs), targets)
