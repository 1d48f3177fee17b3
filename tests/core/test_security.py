"""Security settings (MLPS 2.0 level 3): a Content-Security-Policy with no inline script, the
production settings pass ``check --deploy``, and no template carries inline script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client: Client) -> None:
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_carries_inline_script() -> None:
    """The policy forbids inline script, so a template with one would break silently in the
    browser: every <script> has a src, and no element has an on… handler or a javascript: URL."""
    offenders = []
    for path in sorted(SRC.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if "src=" not in tag and 'type="application/json"' not in tag:  # data, not code
                offenders.append(f"{path}: {tag}")
        if re.search(r"\son[a-z]+\s*=", text, flags=re.I) or "javascript:" in text.lower():
            offenders.append(f"{path}: inline handler or javascript: URL")
        if re.search(r"\shx-on[:-]", text):
            offenders.append(f"{path}: hx-on evaluates code")
    assert offenders == []


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LVZHI_ENV": "production",
        "LVZHI_SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "LVZHI_FIELD_KEY": "field-key-production-like-0123456789abcdef",
        "LVZHI_ALLOWED_HOSTS": "lvzhi.example.gov.cn",
        "LVZHI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
    }
    for name in ("LVZHI_FAST_HASHER", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_readiness_reports_database_migrations_and_cache(client: Client) -> None:
    body = client.get("/readyz").json()
    assert body == {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}


def test_json_logs_are_one_object_per_line_with_numbers_masked() -> None:
    import json
    import logging

    from lvzhi.core.logging import JsonFormatter, MaskPersonalDataFilter

    record = logging.LogRecord(
        "lvzhi", logging.WARNING, __file__, 1, "phone %s", ("13899990000",), None
    )
    MaskPersonalDataFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and "13899990000" not in entry["message"]
