"""Issue 22.7 (long work shows progress) and issue 21 (letters from the page with their PDF):
exports and letters above a second are background files with a progress bar on a page, a
download when done, and the same file on the command line with a progress bar."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from lvzhi.core import clock, filejobs, pdf
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.registry import files, selectors
from lvzhi.registry.models import MembershipStatus, Organisation, OrgKind

pytestmark = pytest.mark.django_db


def _directory_size(username: str) -> int:
    user = User.objects.get(username=username)
    return selectors.directory(user, selectors.DirectoryFilters()).count()


def test_a_small_directory_export_streams_from_the_request(login: Any) -> None:
    client = login("office")
    response = client.get("/registry/deputies/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == _directory_size("office") + 1  # header + one line per seat
    assert not FileJob.objects.exists()


def test_a_large_directory_export_is_a_background_file_with_progress_and_a_download(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import openpyxl

    monkeypatch.setattr(files, "DIRECTORY_INLINE_MAX_ROWS", 3)
    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 1)
    client = login("office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/registry/deputies/export.xlsx?level=prefecture")
    job = FileJob.objects.get(owner__username="office", kind=files.DIRECTORY_KIND)
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.params == {"level": "prefecture", "fmt": "xlsx"}
    assert job.status == JobStatus.DONE and job.percent == 100
    assert job.total == job.done > 3  # rows done of the total were recorded as it went
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert f"{job.done} / {job.total}" in page
    assert 'value="100"' in page and f"/documents/jobs/{job.pk}/download/" in page
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook.active
    assert sheet.freeze_panes == "A3"  # the shared writer: title row and frozen header
    assert sheet.max_row == job.total + 2
    listing = client.get("/documents/jobs/").content.decode()
    assert job.title in listing


def test_the_progress_is_written_while_the_file_is_made(monkeypatch: Any) -> None:
    seen: list[tuple[int, int, int]] = []

    def make(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
        for i in range(1, 11):
            progress(i, 10)
            row = FileJob.objects.get(kind="test.count")
            seen.append((row.done, row.total, row.percent))
        return filejobs.Made(b"x", "x.txt", "text/plain")

    monkeypatch.setattr(filejobs, "PROGRESS_EVERY", 5)
    monkeypatch.setitem(
        filejobs.KINDS, "test.count", filejobs.FileKind("test.count", "t", lambda a, p: None, make)
    )
    owner = User.objects.get(username="office")
    job = FileJob.objects.create(owner=owner, kind="test.count", created_at=clock.now())
    job = filejobs.run(job.pk)
    assert seen[0] == (1, 10, 9)  # the first call is written
    assert seen[4] == (1, 10, 9)  # then every PROGRESS_EVERY rows
    assert seen[5] == (6, 10, 57)
    assert seen[-1] == (10, 10, 95)  # the end; the last 5 % is storing the file
    assert job.status == JobStatus.DONE and job.percent == 100


def test_nobody_else_opens_or_downloads_a_file(login: Any) -> None:
    owner = User.objects.get(username="office")
    job = FileJob.objects.create(
        owner=owner, kind=files.DIRECTORY_KIND, status=JobStatus.DONE, created_at=clock.now()
    )
    other = login("yining")
    assert other.get(f"/documents/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/documents/jobs/{job.pk}/download/").status_code == 404
    assert f"/documents/jobs/{job.pk}/" not in other.get("/documents/jobs/").content.decode()


def test_a_directory_file_is_refused_to_whoever_may_not_use_the_directory() -> None:
    from lvzhi.core.errors import NotFound

    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="deputy"),
            kind=files.DIRECTORY_KIND,
            params={"fmt": "xlsx"},
        )
    with pytest.raises(NotFound):
        filejobs.request_file(
            actor=User.objects.get(username="office"), kind="no.such.kind", params={}
        )
    assert not FileJob.objects.exists()


def _yining_unit() -> Organisation:
    return Organisation.objects.get(
        kind=OrgKind.ELECTORAL_UNIT, division__code="654002", congress__level="prefecture"
    )


def test_letters_for_a_whole_unit_are_made_in_the_background_with_their_pdf(
    login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import docx

    unit = _yining_unit()
    pending = (
        unit.elected_memberships.filter(status=MembershipStatus.SERVING, deputy__user__isnull=True)
        .values("deputy")
        .distinct()
        .count()
    )
    client = login("yining")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/registry/organisations/{unit.pk}/accounts/", {"letters": "on"})
    job = FileJob.objects.get(owner__username="yining", kind=files.LETTERS_KIND)
    assert response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE, job.error
    assert job.total == job.done and job.done >= pending > 0
    assert job.filename.endswith(".docx") and unit.name in job.title
    text = "\n".join(p.text for p in docx.Document(job.file.open("rb")).paragraphs)
    assert text.count("/activate/") == job.total
    assert job.expires_at is not None
    assert job.expires_at - job.finished_at == files.LETTERS_KEPT
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert "激活码" in page or "删除" in page  # the page says the file holds codes and expires
    if pdf.converter() is not None:
        assert job.pdf_file and job.pdf_file.open("rb").read(4) == b"%PDF"
        assert f"/documents/jobs/{job.pk}/download/pdf/" in page


def test_letters_files_are_deleted_when_their_codes_expire(login: Any) -> None:
    from django.core.files.base import ContentFile

    owner = User.objects.get(username="yining")
    job = FileJob.objects.create(
        owner=owner,
        kind=files.LETTERS_KIND,
        status=JobStatus.DONE,
        filename="letters.docx",
        created_at=clock.now(),
        expires_at=clock.now() - dt.timedelta(minutes=1),
    )
    job.file.save("letters.docx", ContentFile(b"codes"))
    stored = job.file.path
    assert filejobs.purge_expired() == 1
    job.refresh_from_db()
    assert not job.file
    import os

    assert not os.path.exists(stored)
    page = login("yining").get(f"/documents/jobs/{job.pk}/").content.decode()
    assert "已删除" in page


def test_a_refusal_inside_the_job_is_shown_on_its_page(login: Any) -> None:
    from lvzhi.registry import services

    unit = _yining_unit()
    yining = User.objects.get(username="yining")
    for invitation in services.accounts_invite(actor=yining, organisation=unit):
        invitation.user.set_password("Kunes-Valley-2026!")
        invitation.user.save(update_fields=["password"])
    job = FileJob.objects.create(
        owner=yining,
        kind=files.LETTERS_KIND,
        params={"organisation": str(unit.pk), "sms": "0", "url": "https://x/activate/"},
        created_at=clock.now(),
    )
    job = filejobs.run(job.pk)
    assert job.status == JobStatus.FAILED
    assert job.error == "这里的代表都已有可用账号。"
    page = login("yining").get(f"/documents/jobs/{job.pk}/").content.decode()
    assert job.error in page and 'role="alert"' in page


def test_the_command_line_makes_the_same_file_with_a_progress_bar(tmp_path: Any) -> None:
    out = io.StringIO()
    target = tmp_path / "deputies.csv"
    call_command(
        "export",
        files.DIRECTORY_KIND,
        "--user",
        "office",
        "--param",
        "fmt=csv",
        "--out",
        str(target),
        stdout=out,
    )
    text = out.getvalue()
    size = _directory_size("office")
    assert f"{size:,}/{size:,}" in text or f"{size}/{size}" in text
    assert target.read_bytes().decode("utf-8-sig").count("\n") == size + 1
    assert target.stat().st_mode & 0o777 == 0o600
    listing = io.StringIO()
    call_command("export", "--list", stdout=listing)
    assert files.DIRECTORY_KIND in listing.getvalue() and "records.handbook" in listing.getvalue()


def test_my_files_page_costs_the_same_queries_for_few_and_many_files(login: Any) -> None:
    """Issue 17.6 style: two data sizes, one query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = User.objects.get(username="office")
    client = login("office")

    def make(n: int) -> None:
        FileJob.objects.bulk_create(
            FileJob(
                owner=owner, kind=files.DIRECTORY_KIND, title=f"名册{i}", created_at=clock.now()
            )
            for i in range(n)
        )

    make(2)
    client.get("/documents/jobs/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/documents/jobs/").status_code == 200
    make(40)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/documents/jobs/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
