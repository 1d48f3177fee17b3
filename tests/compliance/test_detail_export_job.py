"""Issue 22.7: a rule's drill-down as a workbook — written in the request when it is short, a
file made in the background with a progress bar and a download when it lists more items than
the bound (a prefecture-wide rule lists every deputy or suggestion); the same lines either way,
and the same file on the command line."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from lvzhi.compliance import files, periods, selectors
from lvzhi.compliance.rule_registry import RULES
from lvzhi.core import clock, filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.models import FileJob, JobStatus, User

from ..export_jobs import on_command_line, shown_and_downloaded, xlsx_rows

pytestmark = pytest.mark.django_db


def _longest() -> tuple[Any, Any, int]:
    """The congress the office sees first, and the rule whose drill-down lists most items."""
    office = User.objects.get(username="office")
    congress = selectors.get_congress(office, None)
    period = periods.parse(None, "Y", clock.today())
    rows = [selectors.row(congress, period, r.key) for r in RULES]
    row = max(rows, key=lambda r: len(r.outcome.items))
    assert len(row.outcome.items) >= 2, "the demo data gives some rule two items or more"
    return congress, row.rule, len(row.outcome.items)


def test_a_large_drill_down_export_is_a_background_file_with_the_same_lines(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    congress, rule, size = _longest()
    client = login("office")
    url = f"/compliance/rules/{rule.key}/?format=xlsx"
    inline = xlsx_rows(client.get(url).content)
    assert len(inline) == size + 2  # the title row and the header
    assert not FileJob.objects.exists()
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", size - 1)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = FileJob.objects.get(owner__username="office", kind=files.DETAIL_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    year = str(clock.today().year)
    assert job.params == {
        "congress": str(congress.pk),
        "year": year,
        "part": "Y",
        "key": rule.key,
        "state": "",
        "fmt": "xlsx",
    }
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done == size
    made = xlsx_rows(shown_and_downloaded(client, job))
    assert made == inline
    with translation.override("zh-hans"):
        assert list(made[1]) == files.header() and made[1][0] != "Kind"  # labels in Chinese


def test_only_those_who_see_compliance_have_the_drill_down_as_a_file() -> None:
    congress, rule, _size = _longest()
    params = {"congress": congress.pk, "year": clock.today().year, "key": rule.key}
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="deputy"),
            kind=files.DETAIL_KIND,
            params={**params, "fmt": "xlsx"},
        )
    office = User.objects.get(username="office")
    for bad in ({"fmt": "csv"}, {"fmt": "xlsx", "key": "r99"}, {"fmt": "xlsx", "congress": 0}):
        with pytest.raises(NotFound):
            filejobs.request_file(actor=office, kind=files.DETAIL_KIND, params={**params, **bad})
    assert not FileJob.objects.exists()


def test_the_command_line_makes_the_same_file_as_the_page(login: Any, tmp_path: Any) -> None:
    congress, rule, size = _longest()
    inline = xlsx_rows(login("office").get(f"/compliance/rules/{rule.key}/?format=xlsx").content)
    target = tmp_path / "detail.xlsx"
    params = {"fmt": "xlsx", "congress": congress.pk, "year": clock.today().year, "key": rule.key}
    out = on_command_line(files.DETAIL_KIND, "office", params, target)
    assert f"{size}/{size}" in out
    assert xlsx_rows(target.read_bytes()) == inline
