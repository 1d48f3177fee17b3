"""Issue 22.7: a handling unit's inbox (its assigned suggestions) as a spreadsheet — streamed
from the request when small, a file made in the background with a progress bar and a download
above the bound; the same lines either way (the unit-side columns too), the same refusals as the
page, the same file on the command line."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.suggestions import files

from ..export_jobs import body, on_command_line, shown_and_downloaded, xlsx_rows

pytestmark = pytest.mark.django_db

INBOX = "/suggestions/inbox/"


def _inline(client: Any, query: str) -> list[tuple[Any, ...]]:
    response = client.get(f"{INBOX}?format=xlsx{query}")
    assert response.status_code == 200
    return xlsx_rows(body(response))


# Every status (the seed's inbox has many), and the page's default (what is being handled).
@pytest.mark.parametrize(("query", "params"), [("&status=", {}), ("", {"status": "assigned"})])
def test_a_large_inbox_export_is_a_background_file_with_the_same_lines(
    login: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    query: str,
    params: dict[str, str],
) -> None:
    client = login("handling")
    inline = _inline(client, query)
    rows = len(inline) - 2  # the title row and the header
    assert "经办人" in inline[1] and (rows > 1 or "status" in params)  # the seed's all: many
    assert not FileJob.objects.exists()
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", rows - 1)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"{INBOX}?format=xlsx{query}&page=2")
    job = FileJob.objects.get(owner__username="handling", kind=files.INBOX_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {**params, "fmt": "xlsx"}  # "all" is no status; the default written
    assert job.status == JobStatus.DONE and job.total == job.done == rows
    if rows:
        made = shown_and_downloaded(client, job)
    else:  # nothing being handled in the seed: the page shows no rows to count
        made = body(client.get(f"/documents/jobs/{job.pk}/download/"))
    assert xlsx_rows(made) == inline


def test_only_handling_units_have_their_inbox_as_a_file(login: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 0)
    for username in ("office", "deputy"):
        with pytest.raises(NotFound):
            filejobs.request_file(
                actor=User.objects.get(username=username),
                kind=files.INBOX_KIND,
                params={"fmt": "xlsx"},
            )
        assert login(username).get(f"{INBOX}?format=xlsx").status_code == 404
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="handling"),
            kind=files.INBOX_KIND,
            params={"fmt": "pdf"},
        )
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_inbox_as_the_page(login: Any, tmp_path: Any) -> None:
    inline = _inline(login("handling"), "&status=")
    target = tmp_path / "inbox.xlsx"
    out = on_command_line(files.INBOX_KIND, "handling", {"fmt": "xlsx"}, target)
    rows = len(inline) - 2
    assert f"{rows}/{rows}" in out
    assert xlsx_rows(target.read_bytes()) == inline
