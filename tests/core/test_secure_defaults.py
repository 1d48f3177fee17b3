"""Issue 18.1: production fails closed. Production settings are the default; only the demo
(``LVZHI_ENV=demo``) and the tests (``LVZHI_ENV=test``) turn on the demo conveniences. The
process refuses to start (a system check ERROR) with DEBUG on outside the demo, with a missing,
published or weak secret key or field key; the seeder refuses a production database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "Qm7#vX2!pL9$wR4@zT6^nB8&kD3*hF5(jG1)sA0-yE7+uC2=iO4_"
GOOD_FIELD = "u8Jd2Kq9Lm4Np7Rs1Tv6Wx3Yz5Ab0Cd-e5Fg"


def _run(env_overrides: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LVZHI_")}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
            "LVZHI_VAR_DIR": str(tmp_path),
            "LVZHI_ALLOWED_HOSTS": "lvzhi.example.gov.cn",
            **env_overrides,
        }
    )
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )


def _check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    return _run(env, "-m", "django", "check", tmp_path=tmp_path)


def test_production_is_the_default_and_refuses_to_start_without_keys(tmp_path: Path) -> None:
    result = _check({}, tmp_path)
    assert result.returncode != 0
    assert "lvzhi.E001" in result.stderr and "lvzhi.E002" in result.stderr


def test_production_with_its_own_keys_starts_with_debug_off(tmp_path: Path) -> None:
    env = {"LVZHI_SECRET_KEY": GOOD_SECRET, "LVZHI_FIELD_KEY": GOOD_FIELD}
    assert _check(env, tmp_path).returncode == 0
    shown = _run(
        env,
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.STAFF_SECOND_FACTOR)",
        tmp_path=tmp_path,
    )
    assert shown.stdout.split() == ["False", "True", "True", "True"], shown.stderr


@pytest.mark.parametrize(
    ("secret", "field", "debug", "error"),
    [
        # The key published in settings.py and those of the example environment file.
        (
            "lvzhi-demo-only-secret-key-change-me-in-production-0123456789",
            GOOD_FIELD,
            False,
            "lvzhi.E001",
        ),
        ("change-me-50-random-characters", GOOD_FIELD, False, "lvzhi.E001"),
        ("a" * 60, GOOD_FIELD, False, "lvzhi.E001"),
        ("", GOOD_FIELD, False, "lvzhi.E001"),
        (GOOD_SECRET, "f", False, "lvzhi.E002"),
        (
            GOOD_SECRET,
            "change-me-50-random-characters-kept-apart-from-backups",
            False,
            "lvzhi.E002",
        ),
        (GOOD_SECRET, GOOD_SECRET, False, "lvzhi.E002"),
        (GOOD_SECRET, "", False, "lvzhi.E002"),
        (GOOD_SECRET, GOOD_FIELD, True, "lvzhi.E003"),
    ],
    ids=[
        "published-secret",
        "example-secret",
        "weak-secret",
        "missing-secret",
        "one-char-field-key",
        "example-field-key",
        "field-key-equals-secret",
        "missing-field-key",
        "debug-outside-demo",
    ],
)
def test_published_weak_or_debug_is_a_system_check_error(
    secret: str, field: str, debug: bool, error: str, settings: object
) -> None:
    from django.core import checks

    from lvzhi.core.checks import TAG

    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    settings.SECRET_KEY = secret  # type: ignore[attr-defined]
    settings.FIELD_ENCRYPTION_KEY = field  # type: ignore[attr-defined]
    settings.DEBUG = debug  # type: ignore[attr-defined]
    found = [m for m in checks.run_checks(tags=[TAG]) if m.is_serious()]
    assert [m.id for m in found] == [error]
    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    assert checks.run_checks(tags=[TAG]) == []


def test_deploy_check_fails_on_a_weak_field_key(tmp_path: Path) -> None:
    result = _run(
        {"LVZHI_SECRET_KEY": GOOD_SECRET, "LVZHI_FIELD_KEY": "x"},
        "-m",
        "django",
        "check",
        "--deploy",
        tmp_path=tmp_path,
    )
    assert result.returncode != 0 and "lvzhi.E002" in result.stderr


@pytest.mark.parametrize("module", ["lvzhi.wsgi", "lvzhi.asgi"])
def test_app_servers_refuse_to_start_without_keys(module: str, tmp_path: Path) -> None:
    """gunicorn and daphne do not run system checks themselves: the entry points do."""
    result = _run({}, "-c", f"import {module}", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "lvzhi.E001" in result.stderr


def test_the_seeder_refuses_a_production_database(tmp_path: Path) -> None:
    env = {"LVZHI_SECRET_KEY": GOOD_SECRET, "LVZHI_FIELD_KEY": GOOD_FIELD}
    _run(env, "-m", "django", "migrate", "-v0", tmp_path=tmp_path)
    result = _run(env, "-m", "django", "seed", "--scale", "small", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "LVZHI_ENV=demo" in result.stderr
    users = _run(
        env,
        "-c",
        "import django; django.setup(); from lvzhi.core.models import User; "
        "print(User.objects.count())",
        tmp_path=tmp_path,
    )
    assert users.stdout.strip() == "0", users.stderr


def test_the_demo_runs_without_keys_and_shows_the_platforms_own_404(tmp_path: Path) -> None:
    assert _check({"LVZHI_ENV": "demo"}, tmp_path).returncode == 0
    shown = _run(
        {"LVZHI_ENV": "demo"},
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.STAFF_SECOND_FACTOR)",
        tmp_path=tmp_path,
    )
    # DEBUG off in the demo too: a 404 is the platform's page, not Django's list of URLs.
    assert shown.stdout.split() == ["False", "False", "False"], shown.stderr


def test_debug_may_only_be_turned_on_in_the_demo_or_the_tests(tmp_path: Path) -> None:
    assert _check({"LVZHI_ENV": "demo", "LVZHI_DEBUG": "1"}, tmp_path).returncode == 0
