"""A real OpenID Connect provider process for the sign-in test: ``oidc-provider-mock`` (PyPI)
started with ``python -m oidc_provider_mock`` on a free loopback port, stopped after."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass
class Provider:
    url: str
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(users: list[dict[str, str]]) -> Provider:
    port = _free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "-H", "127.0.0.1", "-p", str(port)]
    for claims in users:
        args += ["--user-claims", json.dumps(claims)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the OpenID provider did not start")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    return Provider(url=f"http://127.0.0.1:{port}", process=process)


def stop(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
        provider.process.wait()
