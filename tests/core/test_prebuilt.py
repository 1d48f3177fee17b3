"""Issue 26.4: the Popolo export and the sitemap are built once per version of the data and
served from the stored file; a change (a new event or audit entry) has them rebuilt in the
background while the last file is served; large documents are streamed."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from django.test import Client

from lvzhi.core import prebuilt
from lvzhi.registry.models import Deputy

pytestmark = pytest.mark.django_db

POPOLO = "/api/v1/public/popolo"


def _change_a_deputy() -> None:
    """A deputy's name changed, with the audit entry the registry's service writes for it."""
    from lvzhi.core import audit
    from lvzhi.core.models import User

    deputy = Deputy.objects.get(user__username="deputy")
    Deputy.objects.filter(pk=deputy.pk).update(name="改名测试")
    audit.record(
        actor=User.objects.get(username="office"),
        action="deputy.updated",
        obj=deputy,
        before={"name": deputy.name},
        after={"name": "改名测试"},
    )


def test_popolo_is_served_from_the_stored_file_while_the_data_is_unchanged(
    django_assert_num_queries: Any,
) -> None:
    first = Client().get(POPOLO)
    assert first.status_code == 200
    version = first["X-Data-Version"]
    assert prebuilt.path_of(prebuilt_doc(), version).exists()
    prebuilt.forget_versions()  # else remembered a second (tests/api/test_public_cache.py)
    with django_assert_num_queries(1):  # the data version; nothing else is read
        again = Client().get(POPOLO)
    assert again["X-Data-Version"] == version
    assert again.content == first.content
    assert json.loads(again.content)["persons"]


def prebuilt_doc() -> prebuilt.Document:
    from lvzhi.api.opendata_files import POPOLO as DOC

    return DOC


def test_a_change_rebuilds_popolo_in_the_background_and_the_last_file_is_served_meanwhile(
    settings: Any,
) -> None:
    old = Client().get(POPOLO)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _change_a_deputy()
    meanwhile = Client().get(POPOLO)
    assert meanwhile["X-Data-Version"] == old["X-Data-Version"]  # the build is only queued
    assert meanwhile.content == old.content
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()  # the dummy backend never ran the queued build: let the next request queue it
    fresh = Client().get(POPOLO)
    assert fresh["X-Data-Version"] != old["X-Data-Version"]
    assert "改名测试" in json.loads(fresh.content)["persons"].__repr__()
    assert not prebuilt.path_of(prebuilt_doc(), old["X-Data-Version"]).exists()


def test_a_large_document_is_streamed_from_its_file(monkeypatch: Any) -> None:
    small = Client().get(POPOLO)
    monkeypatch.setattr(prebuilt, "STREAM_ABOVE", 100)
    large = Client().get(POPOLO)
    assert large.streaming
    assert b"".join(large.streaming_content) == small.content


def test_sitemap_is_stored_per_site_address_and_served_again_without_reading_the_data(
    django_assert_num_queries: Any,
) -> None:
    first = Client().get("/portal/sitemap.xml")
    assert first.status_code == 200 and b"<urlset" in first.content
    prebuilt.forget_versions()  # else remembered a second (tests/api/test_public_cache.py)
    with django_assert_num_queries(1):  # the data version
        again = Client().get("/portal/sitemap.xml")
    assert again.content == first.content
    other = Client(HTTP_HOST="127.0.0.1").get("/portal/sitemap.xml")
    assert b"http://127.0.0.1/" in other.content and b"testserver" not in other.content


def _queued_forgettings() -> list[Any]:
    """The version forgettings queued for the commit of the current transaction."""
    from django.db import connection

    return [f for _sids, f, _robust in connection.run_on_commit if f == prebuilt._remembered.clear]


def _audit_entries(n: int) -> None:
    from lvzhi.core import audit

    for i in range(n):
        audit.record(actor=None, action="test.bulk", object_type="test", object_id=str(i))


def test_many_entries_in_one_transaction_queue_one_forgetting_of_the_versions() -> None:
    """A bulk import writes 15,000 events in one transaction: the versions are forgotten at
    each write and once more at the commit, by one callback, not one per entry."""
    from django.db import transaction

    assert _queued_forgettings() == []
    with transaction.atomic():
        _audit_entries(300)
        assert len(_queued_forgettings()) == 1
        prebuilt.current_version()  # remembered inside the transaction, after the writes
        assert prebuilt._remembered


def test_the_forgetting_is_queued_again_after_a_savepoint_rolled_back_its_own() -> None:
    from django.db import transaction

    assert _queued_forgettings() == []
    with transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            _audit_entries(2)
            assert len(_queued_forgettings()) == 1
            raise RuntimeError  # the savepoint's callbacks go with it
        assert _queued_forgettings() == []
        _audit_entries(2)
        assert len(_queued_forgettings()) == 1


def test_the_queued_forgetting_runs_at_the_commit(django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _audit_entries(3)
        prebuilt.current_version()
        assert prebuilt._remembered
    assert [c for c in callbacks if c == prebuilt._remembered.clear]
    assert not prebuilt._remembered


def test_a_client_that_accepts_gzip_gets_the_stored_compressed_copy(monkeypatch: Any) -> None:
    """Issue 26.4: the Popolo file is stored gzipped beside the plain one, so the transfer is a
    fraction of the size, and nothing is compressed per request."""
    import gzip

    plain = Client().get(POPOLO)
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    packed = Client().get(POPOLO, HTTP_ACCEPT_ENCODING="br, gzip;q=0.8, deflate")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert packed["X-Data-Version"] == plain["X-Data-Version"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    monkeypatch.setattr(prebuilt, "STREAM_ABOVE", 100)  # streamed from the file the same way
    streamed = Client().get(POPOLO, HTTP_ACCEPT_ENCODING="gzip")
    assert streamed.streaming and streamed["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(streamed.streaming_content)) == plain.content
    assert ".gz" not in streamed.get("Content-Disposition", "")


def test_gzip_refused_with_q_zero_or_not_offered_gets_the_plain_file() -> None:
    for header in ("gzip;q=0", "identity", "br", "x-gzip-like"):
        answer = Client().get(POPOLO, HTTP_ACCEPT_ENCODING=header)
        assert "Content-Encoding" not in answer, header
        assert json.loads(answer.content)["persons"], header


def test_the_older_versions_compressed_copies_go_with_them() -> None:
    old = Client().get(POPOLO, HTTP_ACCEPT_ENCODING="gzip")
    old_path = prebuilt.path_of(prebuilt_doc(), old["X-Data-Version"])
    assert prebuilt.gzipped_path(old_path).exists()
    _change_a_deputy()
    Client().get(POPOLO)  # the immediate task backend rebuilds now
    new = Client().get(POPOLO, HTTP_ACCEPT_ENCODING="gzip")
    assert new["X-Data-Version"] != old["X-Data-Version"]
    assert not old_path.exists() and not prebuilt.gzipped_path(old_path).exists()


def test_a_workbook_is_not_compressed_again() -> None:
    from lvzhi.core import spreadsheets

    doc = prebuilt.Document("t", "x.y", spreadsheets.XLSX_TYPE, suffix=".xlsx")
    assert not doc.gzipped and prebuilt_doc().gzipped
