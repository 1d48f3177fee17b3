"""Issue 22.7: the evaluation (R48) as a workbook — written in the request for a small congress,
a file made in the background with a progress bar and a download when it covers more seats
than the bound (the prefecture's evaluation takes seconds); the same lines either way, and the
same file on the command line."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import clock, filejobs
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import FileJob, JobStatus
from lvzhi.records import files, selectors

from ..export_jobs import on_command_line, shown_and_downloaded, xlsx_rows
from .conftest import persona

pytestmark = pytest.mark.django_db


def _congress() -> Any:
    """The congress the page shows first to the office (the prefecture's)."""
    return selectors.congresses_for(persona("office")).order_by("division__code").first()


def test_a_small_evaluation_export_is_written_in_the_request(login: Any) -> None:
    response = login("office").get("/records/evaluation/?format=xlsx")
    assert response.status_code == 200 and len(xlsx_rows(response.content)) > 2
    assert not FileJob.objects.exists()


def test_a_large_evaluation_export_is_a_background_file_with_the_same_lines(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("office")
    inline = xlsx_rows(client.get("/records/evaluation/?format=xlsx&page=2").content)
    seats = len(inline) - 2  # the title row and the header
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", seats - 1)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/records/evaluation/?format=xlsx&page=2")
    job = FileJob.objects.get(owner__username="office", kind=files.EVALUATION_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    year = str(clock.today().year)
    assert job.params == {"congress": str(_congress().pk), "year": year, "flag": "", "fmt": "xlsx"}
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done == seats
    made = xlsx_rows(shown_and_downloaded(client, job))
    assert made == inline
    assert "单位内排名" in made[1] and "原因" in made[1]  # labels in Chinese


def test_only_those_who_see_the_evaluation_have_it_as_a_file(login: Any) -> None:
    params = {"congress": _congress().pk, "year": clock.today().year, "fmt": "xlsx"}
    with pytest.raises(NotFound):
        filejobs.request_file(actor=persona("deputy"), kind=files.EVALUATION_KIND, params=params)
    refusals = ((NotFound, {"fmt": "csv"}), (NotFound, {"congress": 0}))
    for refusal, bad in (*refusals, (ValidationFailed, {"year": "x"})):
        with pytest.raises(refusal):
            filejobs.request_file(
                actor=persona("office"), kind=files.EVALUATION_KIND, params={**params, **bad}
            )
    assert login("deputy").get("/records/evaluation/?format=xlsx").status_code == 404
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_file_as_the_page(login: Any, tmp_path: Any) -> None:
    inline = xlsx_rows(login("office").get("/records/evaluation/?format=xlsx").content)
    target = tmp_path / "evaluation.xlsx"
    params = {"fmt": "xlsx", "congress": _congress().pk, "year": clock.today().year}
    out = on_command_line(files.EVALUATION_KIND, "office", params, target)
    seats = len(inline) - 2
    assert f"{seats}/{seats}" in out
    assert xlsx_rows(target.read_bytes()) == inline
