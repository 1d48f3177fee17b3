"""Issue 22.7: the staff's suggestion queue as a spreadsheet — streamed from the request when it
is small, a file made in the background with a progress bar and a download when it is large
(the prefecture's queue reaches hundreds of thousands of items); the same lines either way."""

from __future__ import annotations

import io
from typing import Any

import pytest

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.suggestions import files, selectors
from lvzhi.suggestions.models import Status

pytestmark = pytest.mark.django_db


def _queue_size(status: str = "") -> int:
    user = User.objects.get(username="office")
    return selectors.queue(user, selectors.QueueFilters(status=status)).count()


def _csv(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_small_queue_export_streams_from_the_request(login: Any) -> None:
    client = login("office")
    response = client.get("/suggestions/queue/?format=csv&status=assigned")
    assert response.status_code == 200
    assert _csv(response).count("\n") == _queue_size(Status.ASSIGNED) + 1  # header + lines
    assert not FileJob.objects.exists()


def test_a_large_queue_export_is_a_background_file_with_progress_and_the_same_lines(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("office")
    inline = _csv(client.get("/suggestions/queue/?format=csv&status=closed&page=2"))
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 3)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/suggestions/queue/?format=csv&status=closed&page=2")
    job = FileJob.objects.get(owner__username="office", kind=files.QUEUE_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {"status": "closed", "fmt": "csv"}  # the filters, not the page
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done == _queue_size(Status.CLOSED) > 3
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert f"{job.done} / {job.total}" in page and f"/documents/jobs/{job.pk}/download/" in page
    assert _csv(client.get(f"/documents/jobs/{job.pk}/download/")) == inline


def test_a_large_workbook_has_every_status_when_none_is_chosen(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import openpyxl

    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 3)
    client = login("office")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/suggestions/queue/?format=xlsx")
    job = FileJob.objects.get(owner__username="office", kind=files.QUEUE_KIND)
    assert job.params == {"fmt": "xlsx"} and job.status == JobStatus.DONE
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == _queue_size() + 2  # title row, header, one line per suggestion
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["编号", "标题"]  # labels in Chinese, written by the task
    statuses = {row[4] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert {"已交办", "已办结"} <= statuses, statuses


def test_only_staff_have_the_queue_as_a_file(login: Any) -> None:
    for username in ("deputy", "handling"):
        with pytest.raises(NotFound):
            filejobs.request_file(
                actor=User.objects.get(username=username),
                kind=files.QUEUE_KIND,
                params={"fmt": "xlsx"},
            )
        assert login(username).get("/suggestions/queue/?format=xlsx").status_code == 404
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="office"), kind=files.QUEUE_KIND, params={"fmt": "pdf"}
        )
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_file_as_the_page(login: Any, tmp_path: Any) -> None:
    from django.core.management import call_command

    inline = _csv(login("office").get("/suggestions/queue/?format=csv&status=assigned"))
    target = tmp_path / "suggestions.csv"
    out = io.StringIO()
    call_command(
        "export",
        files.QUEUE_KIND,
        "--user",
        "office",
        "--param",
        "fmt=csv",
        "--param",
        "status=assigned",
        "--out",
        str(target),
        stdout=out,
    )
    size = _queue_size(Status.ASSIGNED)
    assert f"{size}/{size}" in out.getvalue() or f"{size:,}/{size:,}" in out.getvalue()
    assert target.read_bytes().decode("utf-8-sig") == inline
