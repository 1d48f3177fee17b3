"""Webhooks (issue 25.3): subscriptions to platform events, driven from the core event log,
delivered to a real HTTP receiver this module starts (http.server in a thread), signed with
HMAC-SHA256 and a per-subscription secret, retried with backoff, and logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client

from lvzhi.api import rules, services, webhooks
from lvzhi.api.models import WebhookDelivery
from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.stations import selectors as station_selectors
from lvzhi.stations import services as station_services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0
        self.lock = threading.Lock()


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[Receiver, int]]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                state.requests.append({"headers": dict(self.headers), "body": body})
                failing = state.fail_next > 0
                if failing:
                    state.fail_next -= 1
            self.send_response(503 if failing else 200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook(receiver: tuple[Receiver, int], settings: Any) -> tuple[Receiver, str]:
    state, port = receiver
    settings.NOTIFY_WEBHOOK_HOSTS = [f"127.0.0.1:{port}"]
    with state.lock:
        state.requests.clear()
        state.fail_next = 0
    return state, f"http://127.0.0.1:{port}/lvzhi"


def u(name: str) -> User:
    return User.objects.get(username=name)


def bearer(name: str) -> dict[str, str]:
    _row, raw = services.token_create(
        actor=u(name), name="钩子", scopes=["account:read", "account:write", "stations:read"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def subscribe(name: str, url: str, events: list[str]) -> tuple[int, str, dict[str, str]]:
    header = bearer(name)
    made = Client().post(
        "/api/v1/webhooks",
        json.dumps({"name": "县平台", "url": url, "events": events}),
        content_type="application/json",
        **header,
    )
    assert made.status_code == 201, made.content
    return made.json()["id"], made.json()["secret"], header


def record_opinion() -> Any:
    staff = u("station")
    station = station_selectors.staff_stations(staff).first()
    assert station is not None
    return station_services.opinion_record(
        actor=staff,
        station=station,
        data=station_services.OpinionData(
            name="阿依古丽",
            phone="13912345678",
            category="transport",
            title="路灯不亮",
            body="村口路灯坏了三个月。",
        ),
    )


def test_an_event_reaches_a_real_receiver_signed_with_the_subscriptions_secret(
    hook: tuple[Receiver, str],
) -> None:
    state, url = hook
    sub_id, secret, header = subscribe("station", url, ["stations.received"])
    opinion = record_opinion()
    written, sent = webhooks.run()
    assert (written, sent) == (1, 1)
    assert len(state.requests) == 1
    request = state.requests[0]
    body, headers = request["body"], request["headers"]
    expected = hmac.new(
        secret.encode(), headers["X-Lvzhi-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Lvzhi-Signature"] == "sha256=" + expected
    assert headers["X-Lvzhi-Event"] == "stations.received"
    payload = json.loads(body)
    assert payload["resource"] == f"/api/v1/stations/opinions/{opinion.pk}"
    assert payload["subject"] == {"type": "stations.opinion", "id": opinion.pk}
    # A thin payload: no citizen's name, phone or text leaves with it.
    text = body.decode()
    assert "阿依古丽" not in text and "13912345678" not in text and "路灯" not in text
    log = Client().get(f"/api/v1/webhooks/{sub_id}/deliveries", **header).json()["items"]
    assert [(d["status"], d["attempts"], d["response_status"]) for d in log] == [("sent", 1, 200)]
    # Nothing is sent twice.
    assert webhooks.run() == (0, 0) and len(state.requests) == 1


def test_a_failed_delivery_is_retried_with_doubling_backoff_and_logged(
    hook: tuple[Receiver, str],
) -> None:
    state, url = hook
    subscribe("station", url, ["stations.received"])
    state.fail_next = 2
    start = clock.now()
    with clock.frozen(start):
        record_opinion()
        assert webhooks.run() == (1, 0)
        d = WebhookDelivery.objects.get()
        assert (d.status, d.attempts, d.response_status, d.last_error) == (
            "pending",
            1,
            503,
            "HTTP 503",
        )
        assert d.next_attempt_at == start + dt.timedelta(seconds=rules.WEBHOOK_BACKOFF_SECONDS)
        assert webhooks.send_due() == 0  # not yet due
    with clock.frozen(start + dt.timedelta(seconds=rules.WEBHOOK_BACKOFF_SECONDS)):
        assert webhooks.send_due() == 0
        d.refresh_from_db()
        assert d.attempts == 2
        assert d.next_attempt_at == clock.now() + dt.timedelta(
            seconds=2 * rules.WEBHOOK_BACKOFF_SECONDS
        )
    with clock.frozen(start + dt.timedelta(seconds=3 * rules.WEBHOOK_BACKOFF_SECONDS)):
        assert webhooks.send_due() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.response_status) == ("sent", 3, 200)
    assert len(state.requests) == 3
    # Each attempt carries the same delivery id, so the receiver can drop repeats.
    assert len({r["headers"]["X-Lvzhi-Delivery"] for r in state.requests}) == 1


def test_a_delivery_gives_up_after_the_last_attempt(hook: tuple[Receiver, str]) -> None:
    state, url = hook
    subscribe("station", url, ["stations.received"])
    state.fail_next = 1000
    at = clock.now()
    with clock.frozen(at):
        record_opinion()
        webhooks.run()
    for _ in range(rules.WEBHOOK_MAX_ATTEMPTS):
        at += dt.timedelta(days=1)
        with clock.frozen(at):
            webhooks.send_due()
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts) == ("failed", rules.WEBHOOK_MAX_ATTEMPTS)
    assert len(state.requests) == rules.WEBHOOK_MAX_ATTEMPTS


def test_a_subscription_hears_only_of_records_its_owner_may_see(
    hook: tuple[Receiver, str],
) -> None:
    state, url = hook
    subscribe("yining", url, ["stations.received"])
    record_opinion()
    assert webhooks.run() == (0, 0)
    assert state.requests == []


def test_addresses_and_events_are_checked(hook: tuple[Receiver, str]) -> None:
    _state, url = hook
    header = bearer("station")
    for body, field in [
        ({"name": "x", "url": "http://example.com/h", "events": ["stations.received"]}, "url"),
        ({"name": "x", "url": "file:///etc/passwd", "events": ["stations.received"]}, "url"),
        ({"name": "x", "url": url, "events": ["core.everything"]}, "events"),
        ({"name": "x", "url": url, "events": []}, "events"),
        ({"name": "", "url": url, "events": ["stations.received"]}, "name"),
    ]:
        answer = Client().post(
            "/api/v1/webhooks", json.dumps(body), content_type="application/json", **header
        )
        assert answer.status_code == 400 and answer.json()["error"]["field"] == field, body
