"""Every party acts where it is notified (issue 22, point 3): every notification the seeded
platform holds — written by the services the demo runs, of every app — links to a page that its
recipient may open (200). One notification per kind of link and kind of recipient is opened.

The rows of the one notification table (``core.notices``) are walked with their own services in
``tests/test_notice_table.py``; this test covers what the demo's services and periodic jobs
wrote."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from lvzhi.core import clock
from lvzhi.core.models import Notification

pytestmark = pytest.mark.django_db

# Activities (inspections, research, legislation, supervision, forum) are checked by the second
# test: their items are answerable by the units on their own pages (activities/units).
ACTIVITIES = (
    "activities.",
    "comment",
    "draft",
    "inspection",
    "research",
    "stage",
    "supervision",
    "thread",
)


def _kind(n: Notification) -> tuple[str, str, str]:
    """(key head, link shape, recipient kind): "suggestions.assigned", "/suggestions/N/",
    "handling". A row of the notice table keys its notifications "<row>:<event id>"; a periodic
    reminder "<name>:<id>:…"."""
    head = re.split(r"[:\d]", n.key or "", maxsplit=1)[0].rstrip("-") or "(no key)"
    shape = re.sub(r"\d+", "N", n.url or "")
    who = re.sub(r"\d+$", "", n.user.username)
    return head, shape, who


def _samples(*, activities: bool) -> dict[tuple[str, str, str], Notification]:
    out: dict[tuple[str, str, str], Notification] = {}
    for n in Notification.objects.select_related("user").order_by("id"):
        k = _kind(n)
        if k[0].startswith(ACTIVITIES) == activities:
            out.setdefault(k, n)
    return out


def _opens(n: Notification) -> Any:
    c = Client()
    c.force_login(n.user)
    session = c.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return c.get(n.url).status_code if n.url else "no link"


def test_every_notification_links_to_a_page_its_recipient_can_open() -> None:
    samples = _samples(activities=False)
    heads = {k[0] for k in samples}
    # The demo exercises the notifications of every app (a seed that stopped would hide them).
    for app in ("suggestions", "proposals", "contacts", "records", "stations", "meetings"):
        assert any(h.startswith(app) for h in heads), (app, heads)
    failures = {k: (n.url, _opens(n)) for k, n in samples.items()}
    assert {k: v for k, v in failures.items() if v[1] != 200} == {}


def test_activities_notifications_link_to_a_page_their_recipient_can_open() -> None:
    samples = _samples(activities=True)
    assert samples
    failures = {k: (n.url, _opens(n)) for k, n in samples.items()}
    assert {k: v for k, v in failures.items() if v[1] != 200} == {}
