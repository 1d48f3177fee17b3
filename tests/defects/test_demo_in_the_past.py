"""Issue 28, point 8: the demo tells only what has happened — no event, notification or
check-in dated after now, so timelines and inboxes read in order."""

from __future__ import annotations

import pytest

from lvzhi.core import clock
from lvzhi.core.models import Event, Notification

pytestmark = pytest.mark.django_db


def test_no_seeded_event_or_notification_lies_in_the_future() -> None:
    now = clock.now()
    later = list(Event.objects.filter(occurred_at__gt=now).values_list("kind", flat=True)[:20])
    assert later == []
    assert not Notification.objects.filter(created_at__gt=now).exists()
