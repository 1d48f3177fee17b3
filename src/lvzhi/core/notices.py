"""Who hears of which state change: ONE table of (event kind → recipients, channels), read by
one dispatcher hooked on the event log (issue 22, point 4).

Every state change of a domain record writes one typed ``Event`` (``core.events``). Each app
declares, in its own ``notices.py``, the rows of this table that concern its kinds: for an
event kind, who hears of it (a function of the event and its subject returning accounts, with
a short description for the table), the title, body and link of the notification, an optional
condition on the event's data, and the outbound channels it may travel by (the in-app inbox
always). ``events.record`` calls ``dispatch`` after writing the row, inside the service's
transaction, so a refused or rolled-back change notifies nobody.

``table()`` is the one table, all apps together, in kind order: the notifications page of the
architecture document lists it, and ``tests/core/test_notice_table.py`` walks it, producing
each kind through its service and asserting that its recipients received a notification whose
link they can open.

Keys: a row's notification is keyed by the event (``<kind>:<event id>``), so a replayed
dispatch delivers nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from .i18n import Localized
from .models import Event

__all__ = ["CHANNELS", "Notice", "autodiscover", "dispatch", "register", "table"]

# The in-app inbox is always on; the others reach an account when it chose them (outbound).
CHANNELS: tuple[str, ...] = ("inapp", "email", "sms", "webhook")
IN_APP_ONLY: tuple[str, ...] = ("inapp",)

# A row's title or body: a string, or a Localized message (its inserted values isolated for a
# right-to-left reader, issue 24), made while the recipient's language is active.
Text = Callable[[Event, Any], "str | Localized"]
Link = Callable[[Event, Any], str]


@dataclass(frozen=True)
class Notice:
    """One row: when an event of ``kind`` is written (and ``when`` holds of it), ``recipients``
    of (event, subject) hear of it, titled ``title``, linking to ``url``."""

    kind: str
    audience: Any  # a short description for the table ("the suggestion's deputies")
    recipients: Callable[[Event, Any], Iterable[Any]]
    title: Text
    url: Link
    body: Text | None = None
    when: Callable[[Event], bool] | None = None
    channels: tuple[str, ...] = CHANNELS
    name: str = field(default="")

    @property
    def code(self) -> str:
        """The row's own name: the kind, and a suffix when one kind has several rows."""
        return f"{self.kind}/{self.name}" if self.name else self.kind


_TABLE: dict[str, Notice] = {}


def register(*notices: Notice) -> None:
    for n in notices:
        for ch in n.channels:
            if ch not in CHANNELS:
                raise ValueError(f"notice {n.code}: unknown channel {ch!r}")
        existing = _TABLE.get(n.code)
        if existing is not None and existing != n:
            raise ValueError(f"notice {n.code!r} is registered twice")
        _TABLE[n.code] = n


def table() -> list[Notice]:
    """The one table, in kind order."""
    return [_TABLE[c] for c in sorted(_TABLE)]


def _subject(event: Event, subject: models.Model | None) -> Any:
    if subject is not None:
        return subject
    model = apps.get_model(event.subject_type)
    return model._default_manager.filter(pk=event.subject_id).first()


def dispatch(event: Event, subject: models.Model | None = None) -> int:
    """Deliver the notifications of ``event`` by the table. Returns how many were written."""
    from django.utils import translation

    from .i18n import language_of
    from .notifications import notify

    rows = [n for n in _TABLE.values() if n.kind == event.kind]
    if not rows:
        return 0
    subj = _subject(event, subject)
    if subj is None:
        return 0
    sent = 0
    for n in rows:
        if n.when is not None and not n.when(event):
            continue
        users = [u for u in n.recipients(event, subj) if u is not None]
        # Each recipient reads the notice in their own language (issue 24): the row's texts
        # are made once per language spoken among the recipients.
        by_language: dict[str, list[Any]] = {}
        for u in users:
            by_language.setdefault(language_of(u), []).append(u)
        for language, group in by_language.items():
            with translation.override(language):
                title = str(n.title(event, subj))
                body = str(n.body(event, subj)) if n.body is not None else ""
            sent += notify(
                users=group,
                title=title,
                body=body,
                url=n.url(event, subj),
                key=f"{n.code}:{event.pk}",
                channels=n.channels,
            )
    return sent


def autodiscover() -> None:
    """Import every installed app's ``notices`` module, which registers its rows."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("notices")
