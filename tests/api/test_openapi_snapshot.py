"""The OpenAPI document is a contract (issue 25.5): it must equal the committed snapshot
``docs/openapi-v1.json``. A deliberate change rewrites the snapshot with
``LVZHI_ENV=test PYTHONPATH=src python -m lvzhi.api.snapshot --write`` and commits it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lvzhi.api import snapshot

pytestmark = pytest.mark.django_db


def test_the_openapi_document_equals_the_committed_snapshot() -> None:
    assert snapshot.differences() == [], (
        "The API's contract changed. If on purpose, run "
        "`LVZHI_ENV=test PYTHONPATH=src python -m lvzhi.api.snapshot --write` and commit "
        "docs/openapi-v1.json with the change."
    )


def test_the_snapshot_is_what_the_server_serves() -> None:
    served = Client().get("/api/v1/openapi.json").json()
    assert snapshot.render(served) == snapshot.SNAPSHOT.read_text(encoding="utf-8")


def test_the_check_notices_a_change(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    stale = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    stale["paths"].pop(next(iter(stale["paths"])))
    path = tmp_path / "openapi-v1.json"  # type: ignore[operator]
    path.write_text(snapshot.render(stale), encoding="utf-8")
    monkeypatch.setattr(snapshot, "SNAPSHOT", path)
    assert snapshot.differences()
