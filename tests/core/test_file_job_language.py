"""Issue 22.7: a background file is written in the language of whoever asked for it — the
request's language is stored with the job and the task writes in it — not in Chinese whatever
the page showed. On the command line: the account's preferred language, or ``--language``."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation

from lvzhi.core import filejobs
from lvzhi.core.models import FileJob, JobStatus, User
from lvzhi.stations import files

pytestmark = pytest.mark.django_db


def _header_in(language: str) -> list[str]:
    with translation.override(language):
        return [str(h) for h in files.EXPORT_HEADER]


def _workbook_header(data: bytes) -> list[Any]:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [c.value for c in sheet[2]]  # row 1: the title; row 2: the header


def _uyghur(username: str) -> None:
    User.objects.filter(username=username).update(language="ug")


def test_a_uyghur_keepers_export_has_uyghur_headers(
    login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _uyghur("station")
    client = login("station")  # the preferred language becomes the session's
    inline = b"".join(client.get("/stations/opinions/?format=csv").streaming_content)
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/stations/opinions/?format=csv")
        client.get("/stations/opinions/?format=xlsx")
    csv_job, xlsx_job = FileJob.objects.filter(kind=files.OPINIONS_KIND).order_by("pk")
    assert csv_job.language == xlsx_job.language == "ug"
    assert csv_job.status == xlsx_job.status == JobStatus.DONE
    uyghur = _header_in("ug")
    assert uyghur[:2] == ["سۈرۈشتۈرۈش نومۇرى", "ئالاقە پونكىتى"]
    assert _workbook_header(xlsx_job.file.read()) == uyghur
    # the background file says what the page's own download says, in the same language
    assert csv_job.file.read() == inline
    assert inline.decode("utf-8-sig").splitlines()[0] == ",".join(uyghur)


def test_the_job_keeps_its_language_whatever_the_worker_speaks(login: Any) -> None:
    station = User.objects.get(username="station")
    with translation.override("ug"):
        job = filejobs.request_file(actor=station, kind=files.OPINIONS_KIND, params={"fmt": "xlsx"})
    assert job.language == "ug"
    with translation.override("zh-hans"):
        filejobs.run(job.pk)
    job.refresh_from_db()
    assert _workbook_header(job.file.read()) == _header_in("ug")
    with translation.override("zh-hans"):
        chinese = filejobs.request_file(
            actor=station, kind=files.OPINIONS_KIND, params={"fmt": "xlsx"}
        )
    with translation.override("ug"):
        filejobs.run(chinese.pk)
    chinese.refresh_from_db()
    assert chinese.language == "zh-hans"
    assert _workbook_header(chinese.file.read())[:2] == ["查询码", "家室站"]


def test_an_unknown_language_writes_the_default() -> None:
    assert filejobs.language_code("ug") == "ug"
    assert filejobs.language_code("") == filejobs.language_code("fr") == "zh-hans"


def test_the_command_line_writes_in_the_accounts_language_or_the_one_given(tmp_path: Any) -> None:
    from django.core.management import call_command

    _uyghur("station")
    target = tmp_path / "opinions.xlsx"
    for given, expected in (("", _header_in("ug")), ("zh-hans", _header_in("zh-hans"))):
        args = ["--language", given] if given else []
        call_command(
            "export",
            files.OPINIONS_KIND,
            "--user",
            "station",
            "--param",
            "fmt=xlsx",
            "--out",
            str(target),
            *args,
            stdout=io.StringIO(),
        )
        assert _workbook_header(target.read_bytes()) == expected
