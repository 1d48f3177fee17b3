"""Issue 22.7: the citizens' opinions queue as a spreadsheet — streamed from the request when it
is small, a file made in the background with a progress bar and a download when it is large;
the same lines either way, the contact data masked in both."""

from __future__ import annotations

import io
from typing import Any

import pytest

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.stations import files, selectors

pytestmark = pytest.mark.django_db


def _queue_size(username: str) -> int:
    return selectors.queue(User.objects.get(username=username), selectors.QueueFilters()).count()


def _csv(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_small_export_streams_from_the_request(login: Any) -> None:
    client = login("station")
    response = client.get("/stations/opinions/?format=csv")
    assert response.status_code == 200
    assert _csv(response).count("\n") == _queue_size("station") + 1  # header + lines
    assert not FileJob.objects.exists()


def test_a_large_export_is_a_background_file_with_progress_and_the_same_lines(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("station")
    inline = _csv(client.get("/stations/opinions/?format=csv&page=3"))
    size = _queue_size("station")
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 3)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/stations/opinions/?format=csv&page=3")
    job = FileJob.objects.get(owner__username="station", kind=files.OPINIONS_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {"fmt": "csv"}  # the filters, not the page
    assert job.status == JobStatus.DONE and job.total == job.done == size > 3
    assert _csv(client.get(f"/documents/jobs/{job.pk}/download/")) == inline
    assert "*" in inline  # names and phones masked, as in the page's export


def test_a_large_workbook_follows_the_filters(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import openpyxl

    user = User.objects.get(username="station")
    received = selectors.queue(user, selectors.QueueFilters(status="received")).count()
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 0)
    client = login("station")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/stations/opinions/?format=xlsx&status=received")
    job = FileJob.objects.get(owner__username="station", kind=files.OPINIONS_KIND)
    assert job.params == {"status": "received", "fmt": "xlsx"} and job.status == JobStatus.DONE
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == received + 2  # title row, header, one line per opinion
    assert [c.value for c in sheet[2]][:2] == ["查询码", "家室站"]


def test_only_who_sees_the_queue_has_it_as_a_file(login: Any) -> None:
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="handling"),
            kind=files.OPINIONS_KIND,
            params={"fmt": "csv"},
        )
    assert login("handling").get("/stations/opinions/?format=csv").status_code == 404
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="station"),
            kind=files.OPINIONS_KIND,
            params={"fmt": "docx"},
        )
    assert not FileJob.objects.exists()
