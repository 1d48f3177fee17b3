"""Issue 22.7: the staff's proposal queue as a spreadsheet — streamed from the request when it is
small, a file made in the background with a progress bar and a download when it is large; the
same filters and the same lines either way, and the same file on the command line."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.proposals import files, selectors
from lvzhi.proposals.models import Status

from ..export_jobs import body, on_command_line, shown_and_downloaded, xlsx_rows
from .helpers import received

pytestmark = pytest.mark.django_db


def _size(status: str) -> int:
    user = User.objects.get(username="secretariat")
    return selectors.queue(user, selectors.QueueFilters(status=status)).count()


def test_a_small_queue_export_is_written_in_the_request(login: Any) -> None:
    for _ in range(2):
        received()
    response = login("secretariat").get("/proposals/queue/?format=csv&status=submitted")
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    assert text.count("\n") == _size(Status.SUBMITTED) + 1  # header + lines
    assert not FileJob.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_queue_export_is_a_background_file_with_the_same_lines(
    fmt: str, login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(4):
        received()
    client = login("secretariat")
    url = f"/proposals/queue/?format={fmt}&status=submitted&page=2"
    inline = body(client.get(url))
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 3)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = FileJob.objects.get(owner__username="secretariat", kind=files.QUEUE_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {"status": "submitted", "fmt": fmt}  # the filters, not the page
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done == _size(Status.SUBMITTED) > 3
    made = shown_and_downloaded(client, job)
    if fmt == "csv":
        assert made.decode("utf-8-sig") == inline.decode("utf-8-sig")
    else:
        assert xlsx_rows(made) == xlsx_rows(inline)
        assert xlsx_rows(made)[1][:3] == ("编号", "类型", "案由")  # labels in Chinese


def test_only_those_who_see_the_queue_have_it_as_a_file(login: Any) -> None:
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="deputy"), kind=files.QUEUE_KIND, params={"fmt": "csv"}
        )
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="secretariat"),
            kind=files.QUEUE_KIND,
            params={"fmt": "pdf"},
        )
    assert login("deputy").get("/proposals/queue/?format=xlsx").status_code == 404
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_file_as_the_page(login: Any, tmp_path: Any) -> None:
    for _ in range(2):
        received()
    inline = body(login("secretariat").get("/proposals/queue/?format=csv&status=submitted"))
    target = tmp_path / "proposals.csv"
    params = {"fmt": "csv", "status": "submitted"}
    out = on_command_line(files.QUEUE_KIND, "secretariat", params, target)
    size = _size(Status.SUBMITTED)
    assert f"{size}/{size}" in out
    assert target.read_bytes().decode("utf-8-sig") == inline.decode("utf-8-sig")
