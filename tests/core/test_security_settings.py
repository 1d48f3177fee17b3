"""Security settings not proven elsewhere (issue 11, item 3): uploads live outside the web
root and no URL serves them directly; the audit log offers no way to change it through the
application; the audit retention defaults to at least six months."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from lvzhi.core import rules

pytestmark = pytest.mark.django_db


def test_uploads_are_stored_outside_the_web_root_and_no_url_serves_them() -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    static = Path(settings.STATIC_ROOT).resolve()
    source = Path(__file__).resolve().parents[2] / "src"
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert not media.is_relative_to(source)
    for path in (settings.MEDIA_URL + "suggestions/a.pdf", "/static/../uploads/a.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)


def test_the_audit_log_has_no_route_that_changes_it(login: Any) -> None:
    client = login("admin")
    assert client.get("/registry/audit/").status_code == 200
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/registry/audit/").status_code == 405
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


def test_audit_retention_defaults_to_at_least_six_months() -> None:
    assert rules.AUDIT_RETENTION_MIN_DAYS >= 183
    assert rules.AUDIT_RETENTION_DEFAULT_DAYS >= rules.AUDIT_RETENTION_MIN_DAYS
    assert settings.AUDIT_RETENTION_DAYS >= rules.AUDIT_RETENTION_MIN_DAYS
