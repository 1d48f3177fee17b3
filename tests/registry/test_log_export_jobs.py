"""Issue 22.7: the administrators' accounts, audit log and event log as CSV — streamed from the
request when small, a file made in the background with a progress bar and a download above the
bound; the same file either way, the same refusals as the page, the same file on the command
line."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus
from lvzhi.registry import files

from ..export_jobs import body, on_command_line, shown_and_downloaded

pytestmark = pytest.mark.django_db

# (export, page, a filter of its page)
LISTS = (
    (files.ACCOUNTS, "registry:account_list", {"role": "handling_unit"}),
    (files.AUDIT, "registry:audit_list", {"action": "account"}),
    (files.EVENTS, "registry:event_log", {"action": "meetings"}),
)
IDS = [export.kind for export, _page, _filter in LISTS]


@pytest.fixture(autouse=True)
def two_sign_ins(password: str) -> None:
    """Two sign-ins, so the audit log has lines of the kind "account"."""
    from django.test import Client

    for name in ("yining", "office"):
        Client().post("/login/", {"username": name, "password": password})


def _direct(client: Any, page: str, query: dict[str, str]) -> bytes:
    response = client.get(reverse(page), {**query, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return body(response)


@pytest.mark.parametrize(("export", "page", "query"), LISTS, ids=IDS)
def test_a_small_list_export_is_written_in_the_request(
    login: Any, export: Any, page: str, query: dict[str, str]
) -> None:
    data = _direct(login("admin"), page, query)
    assert data.decode("utf-8-sig").splitlines()[0].split(",") == export.header()
    assert not FileJob.objects.exists()


@pytest.mark.parametrize(("export", "page", "query"), LISTS, ids=IDS)
def test_a_large_list_export_is_a_background_file_with_the_same_lines(
    login: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    export: Any,
    page: str,
    query: dict[str, str],
) -> None:
    client = login("admin")
    inline = _direct(client, page, query)
    rows = len(inline.decode("utf-8-sig").splitlines()) - 1
    assert rows > 1
    monkeypatch.setattr(filejobs, "INLINE_MAX_ROWS", rows - 1)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse(page), {**query, "format": "csv", "page": "2"})
    job = FileJob.objects.get(owner__username="admin", kind=export.kind)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {**{k: v for k, v in query.items() if v}, "fmt": "csv"}
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done == rows
    assert job.filename == export.filename
    assert shown_and_downloaded(client, job) == inline


@pytest.mark.parametrize(("export", "page", "query"), LISTS, ids=IDS)
def test_only_administrators_have_the_list_as_a_file(
    login: Any, monkeypatch: Any, export: Any, page: str, query: dict[str, str]
) -> None:
    monkeypatch.setattr(filejobs, "INLINE_MAX_ROWS", 0)
    refused = login("office").get(reverse(page), {"format": "csv"})
    assert refused.status_code in (403, 404)
    with pytest.raises(NotFound):
        filejobs.request_file(actor=_user("office"), kind=export.kind, params={"fmt": "csv"})
    with pytest.raises(NotFound):
        filejobs.request_file(actor=_user("admin"), kind=export.kind, params={"fmt": "xlsx"})
    assert not FileJob.objects.exists()


def _user(username: str) -> Any:
    from lvzhi.core.models import User

    return User.objects.get(username=username)


@pytest.mark.parametrize(("export", "page", "query"), LISTS, ids=IDS)
def test_the_command_line_makes_the_same_list_as_the_page(
    login: Any, tmp_path: Any, export: Any, page: str, query: dict[str, str]
) -> None:
    inline = _direct(login("admin"), page, query)
    target = tmp_path / export.filename
    params = {**{k: v for k, v in query.items() if v}, "fmt": "csv"}
    out = on_command_line(export.kind, "admin", params, target)
    rows = len(inline.decode("utf-8-sig").splitlines()) - 1
    assert f"{rows}/{rows}" in out
    assert target.read_bytes() == inline
