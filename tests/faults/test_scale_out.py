"""Scale-out on loopback (issue 11, item 6): the committed nginx configuration in front of two
WSGI app servers (gunicorn) and one ASGI server (daphne), one database and Redis. Requests are
spread over both app servers, a session opened on one is valid on the other, static files come
from nginx, readiness is reported, and the voting screen's WebSocket reaches daphne."""

from __future__ import annotations

import base64
import http.cookiejar
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")


def _loopback_config(web: list[int], asgi: int, listen: int, static: Path, tmp: Path) -> str:
    """deploy/nginx/lvzhi.conf with loopback ports, a self-signed certificate and an
    X-Upstream header (which server answered)."""
    conf = (ROOT / "deploy/nginx/lvzhi.conf").read_text(encoding="utf-8")
    conf = re.sub(
        r"upstream lvzhi_wsgi \{.*?\n\}",
        "upstream lvzhi_wsgi {\n"
        + "".join(f"    server 127.0.0.1:{p};\n" for p in web)
        + "    keepalive 8;\n}",
        conf,
        flags=re.S,
    )
    conf = re.sub(
        r"(upstream lvzhi_asgi \{.*?server )127\.0\.0\.1:\d+",
        rf"\g<1>127.0.0.1:{asgi}",
        conf,
        flags=re.S,
    )
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{listen} ssl http2;")
    conf = conf.replace("/etc/lvzhi/tls/", f"{tmp}/")
    conf = conf.replace("/var/lib/lvzhi/static/", f"{static}/")
    conf = conf[: conf.rindex("server {\n    listen 80;")]  # the HTTP → HTTPS redirect
    conf = conf.replace(
        "    location / {", "    add_header X-Upstream $upstream_addr always;\n    location / {"
    )
    # The test's files live in root's private temporary folder: let the workers read them.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{conf}
}}
"""


@pytest.fixture
def cluster(own_database: str, tmp_path: Path) -> Iterator[tuple[int, list[int]]]:
    if not Path(NGINX).exists() or shutil.which("openssl") is None:
        pytest.skip("nginx is not installed (make system-deps installs it)")
    web = [_free_port(), _free_port()]
    asgi, listen = _free_port(), _free_port()
    env = {
        **os.environ,
        # Not on port 443 here: the origin with its port is trusted, as an operator would.
        "LVZHI_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{listen}",
        "DATABASE_URL": own_database,
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        "LVZHI_VAR_DIR": str(tmp_path / "var"),
        "LVZHI_DEBUG": "0",
        "LVZHI_SSL_REDIRECT": "0",
        "LVZHI_SECRET_KEY": "scale-out-test-" + "k" * 50,
        "LVZHI_FIELD_KEY": "scale-out-test-" + "f" * 50,
        "LVZHI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LVZHI_TRUST_X_REAL_IP": "1",
        "LVZHI_STAFF_2FA": "0",
        "LVZHI_FAST_HASHER": "1",
    }
    if not own_database:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/scale.sqlite3"
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], **run)  # type: ignore[call-overload]
    subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], **run)  # type: ignore[call-overload]
    subprocess.run(  # type: ignore[call-overload]
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from lvzhi.core.models import User; "
            "User.objects.create_user('scaleout', password='Scale-Out-2026!')",
        ],
        **run,
    )
    bin_dir = Path(sys.executable).parent
    procs = [
        subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "lvzhi.wsgi:application",
                "-b",
                f"127.0.0.1:{p}",
                "-w",
                "1",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in web
    ]
    procs.append(
        subprocess.Popen(
            [str(bin_dir / "daphne"), "-b", "127.0.0.1", "-p", str(asgi), "lvzhi.asgi:application"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    ngx = tmp_path / "nginx"
    ngx.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(ngx / "lvzhi.key"),
            "-out",
            str(ngx / "lvzhi.crt"),
        ],
        check=True,
        capture_output=True,
    )
    (ngx / "nginx.conf").write_text(
        _loopback_config(web, asgi, listen, tmp_path / "var" / "static", ngx), encoding="utf-8"
    )
    procs.append(subprocess.Popen([NGINX, "-c", str(ngx / "nginx.conf"), "-p", str(ngx)]))
    try:
        for port in (*web, asgi, listen):
            _wait(port)
        yield listen, web
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.mark.slow
def test_several_app_servers_behind_nginx_share_sessions_static_and_websocket(
    cluster: tuple[int, list[int]],
) -> None:
    listen, web = cluster
    base = f"https://127.0.0.1:{listen}"
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), urllib.request.HTTPSHandler(context=tls)
    )
    upstreams = set()
    for _ in range(6):
        with opener.open(f"{base}/login/") as r:
            assert r.status == 200
            upstreams.add(r.headers["X-Upstream"])
            page = r.read().decode()
    assert upstreams == {f"127.0.0.1:{p}" for p in web}  # both app servers answer

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "scaleout",
            "password": "Scale-Out-2026!",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the test's own https URL)
        f"{base}/login/", data=form, headers={"Referer": base + "/"}
    )
    with opener.open(request) as r:
        assert r.url.endswith("/desk/") and r.status == 200
    desk_upstreams = set()
    for _ in range(6):
        with opener.open(f"{base}/desk/") as r:
            assert r.status == 200 and r.url.endswith("/desk/")  # signed in on either server
            desk_upstreams.add(r.headers["X-Upstream"])
    assert len(desk_upstreams) == 2

    with opener.open(f"{base}/static/lvzhi/app.js") as r:
        assert r.status == 200 and "X-Upstream" not in r.headers  # nginx serves it
    with opener.open(f"{base}/readyz") as r:
        assert r.status == 200

    key = base64.b64encode(os.urandom(16)).decode()
    with tls.wrap_socket(socket.create_connection(("127.0.0.1", listen), timeout=10)) as s:
        s.sendall(
            (
                f"GET /ws/voting/polls/1/ HTTP/1.1\r\nHost: 127.0.0.1:{listen}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: https://127.0.0.1:{listen}\r\n\r\n"
            ).encode()
        )
        status_line = s.recv(1024).decode(errors="replace").split("\r\n", 1)[0]
    # The upgrade went through nginx to daphne, whose screen consumer refuses a visitor who is
    # not presiding staff (autobahn's "Access denied"; nginx itself would say "Forbidden").
    assert status_line in ("HTTP/1.1 101 Switching Protocols", "HTTP/1.1 403 Access denied")
