"""Run inside the offline network namespace by test_offline_bundle.py, with the installed
virtualenv's Python: start gunicorn from that virtualenv on 127.0.0.1:PORT, ask it for a few
URLs, try to reach the outside world, print one JSON line and stop gunicorn.

    python probe_app.py VENV PORT
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

PATHS = ["/healthz", "/readyz", "/static/lvzhi/app.css"]


def main() -> None:
    venv, port = sys.argv[1], int(sys.argv[2])
    server = subprocess.Popen(
        [f"{venv}/bin/gunicorn", "lvzhi.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "60"],
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    answers: dict[str, object] = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        for path in PATHS:
            try:
                with opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                    answers[path] = [
                        response.status,
                        response.read(2000).decode("utf-8", "replace"),
                    ]
            except urllib.error.HTTPError as error:
                answers[path] = [error.code, error.read(2000).decode("utf-8", "replace")]
        try:
            socket.create_connection(("pypi.org", 443), timeout=5).close()
            answers["outside"] = "reachable"
        except OSError:
            answers["outside"] = "unreachable"
    finally:
        server.terminate()
        server.wait(30)
    print(json.dumps(answers))


if __name__ == "__main__":
    main()
