"""Who was told of a subject's event by a row of the notice table (``core.notices``): a row's
notification is keyed ``<row code>:<event id>``."""

from __future__ import annotations

from typing import Any

from lvzhi.core import events
from lvzhi.core.models import Notification


def told(subject: Any, code: str) -> set[str]:
    """Usernames notified by row ``code`` of the subject's latest event of the row's kind."""
    kind = code.split("/", 1)[0]
    event = events.of(subject).filter(kind=kind).order_by("-id").first()
    if event is None:
        return set()
    return set(
        Notification.objects.filter(key=f"{code}:{event.pk}").values_list(
            "user__username", flat=True
        )
    )
