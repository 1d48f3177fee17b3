"""Personal numbers are encrypted at rest with a keyed hash for look-ups (PIPL Art 51)."""

from __future__ import annotations

import pytest
from django.db import connection

from lvzhi.core import crypto
from lvzhi.registry.models import Deputy


def test_encryption_round_trips_and_is_not_plain_text() -> None:
    token = crypto.encrypt("654002199001011234")
    assert "654002199001011234" not in token
    assert crypto.decrypt(token) == "654002199001011234"


def test_lookup_hash_is_stable_keyed_and_case_insensitive_for_x() -> None:
    assert crypto.lookup_hash("11010519491231002X") == crypto.lookup_hash("11010519491231002x")
    assert crypto.lookup_hash("1") != crypto.lookup_hash("2")
    assert len(crypto.lookup_hash("1")) == 64


def test_a_tampered_token_decrypts_to_nothing() -> None:
    assert crypto.decrypt("not-a-token") == ""


@pytest.mark.django_db
def test_no_full_id_number_is_stored_in_the_deputy_table() -> None:
    deputy = Deputy.objects.exclude(id_number_encrypted="").first()
    assert deputy is not None
    full = crypto.decrypt(deputy.id_number_encrypted)
    assert len(full) == 18
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_deputy WHERE id = %s", [deputy.pk])
        row = cursor.fetchone()
    assert all(full not in str(value) for value in row)


@pytest.mark.django_db
def test_demo_sqlite_database_runs_in_wal_mode(tmp_path: object) -> None:
    import sqlite3
    from pathlib import Path

    from django.db.backends.sqlite3.base import DatabaseWrapper

    from lvzhi.settings import SQLITE_OPTIONS

    path = Path(str(tmp_path)) / "demo.sqlite3"
    wrapper = DatabaseWrapper(
        {
            "NAME": str(path),
            "OPTIONS": SQLITE_OPTIONS,
            "ENGINE": "django.db.backends.sqlite3",
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        }
    )
    wrapper.ensure_connection()
    wrapper.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)
