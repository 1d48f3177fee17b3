"""A real HTTP server on a local port for the outbound adapters' tests (SMS gateway,
webhook receiver): it records each request and answers with the next status of a script."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# This engineer's port range (18500-18549); the first free one is taken.
PORTS = range(18500, 18550)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Sink:
    statuses: list[int] = field(default_factory=list)  # answered in order; then 200
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])


def start() -> Sink:
    sink = Sink()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the http.server hook name
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            with lock:
                sink.received.append(Received(self.path, dict(self.headers.items()), body))
                status = sink.statuses.pop(0) if sink.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if 300 <= status < 400:  # a redirect towards an address outside the allow-list
                self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/x")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status < 300 else b'{"error": "13912345678"}')

        def log_message(self, format: str, *args: Any) -> None:
            return None

    for port in PORTS:
        try:
            sink.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no free port in 18500-18549")
    threading.Thread(target=sink.server.serve_forever, daemon=True).start()
    return sink


def stop(sink: Sink) -> None:
    if sink.server is not None:
        sink.server.shutdown()
        sink.server.server_close()
