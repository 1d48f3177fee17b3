"""Issue 25.3: two webhook runs at once (the task after a commit and the minute's
`lvzhi webhooks_send`) write each event's delivery once and send it once (PostgreSQL, real
concurrent connections, a real HTTP receiver)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.db import connection, connections

from lvzhi.api import webhooks
from lvzhi.api.models import WebhookDelivery
from lvzhi.core.models import User
from lvzhi.stations import selectors as station_selectors
from lvzhi.stations import services as station_services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL locks"),
]
RUNS = 3


def test_concurrent_webhook_runs_deliver_each_event_once(
    seeded_transactional: None, settings: Any
) -> None:
    received: list[bytes] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                received.append(body)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    settings.NOTIFY_WEBHOOK_HOSTS = [f"127.0.0.1:{port}"]
    try:
        staff = User.objects.get(username="station")
        webhooks.subscription_create(
            actor=staff,
            name="县平台",
            url=f"http://127.0.0.1:{port}/h",
            events=["stations.received"],
        )
        station = station_selectors.staff_stations(staff).first()
        assert station is not None
        for n in range(3):
            station_services.opinion_record(
                actor=staff,
                station=station,
                data=station_services.OpinionData(
                    name="马明",
                    phone="13912345678",
                    category="transport",
                    title=f"路面破损{n}",
                    body="村口道路破损严重，请尽快修补。",
                ),
            )
        barrier = threading.Barrier(RUNS)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                barrier.wait(timeout=10)
                webhooks.run()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(RUNS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        webhooks.run()  # whatever a skipped (locked) subscription left
        assert WebhookDelivery.objects.count() == 3
        assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"sent"}
        assert len(received) == 3
    finally:
        server.shutdown()
        server.server_close()
