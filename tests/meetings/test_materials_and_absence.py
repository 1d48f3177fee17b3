"""Issue 22, point 6: the staff see who read a material (not only a count); materials carry
PDF or Word files in versions, checked by content and size; a sitting still to come shows no
absences; the session form stands where the user is."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core import clock
from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.meetings import rules, selectors, services
from lvzhi.meetings.models import MaterialFile

from .helpers import sc_meeting, u

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _material() -> tuple:
    meeting, people = sc_meeting(members=4)
    m = services.material_publish(
        actor=u("office"), meeting=meeting, title="审议报告", body="关于草原保护工作的报告"
    )
    return meeting, people, m


def test_staff_see_per_deputy_who_has_read_the_material(login) -> None:
    _meeting, people, m = _material()
    reader = people[1]
    deputy_page = login(reader.user.username).get(f"/meetings/materials/{m.pk}/")
    assert deputy_page.status_code == 200 and "谁已阅读" not in deputy_page.content.decode()
    rows = {r.deputy.pk: r for r in selectors.material_readers(m)}
    assert rows[reader.pk].read_at is not None
    assert all(rows[d.pk].read_at is None for d in people if d.pk != reader.pk)
    page = login("office").get(f"/meetings/materials/{m.pk}/").content.decode()
    reads = page[page.index('id="reads"') :]
    assert "1 / 4" in reads or "4 名代表中 1 名" in reads, reads[:400]
    for d in people:
        assert d.name in reads
    line = re.search(rf"{re.escape(reader.name)}.*?</tr>", reads, re.S)
    assert line is not None and "尚未阅读" not in line.group(0)
    assert reads.count("尚未阅读") == 3


def test_material_files_are_pdf_or_word_in_versions(login) -> None:
    _meeting, people, m = _material()
    office = u("office")
    first = services.material_file_add(
        actor=office, material=m, upload=SimpleUploadedFile("报告.pdf", PDF)
    )
    second = services.material_file_add(
        actor=office, material=m, upload=SimpleUploadedFile("报告（修改稿）.docx", _docx())
    )
    assert (first.version, second.version) == (1, 2)
    assert [f.version for f in MaterialFile.objects.filter(material=m)] == [2, 1]
    deputy = login(people[0].user.username)
    got = deputy.get(f"/meetings/materials/{m.pk}/files/1/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    page = deputy.get(f"/meetings/materials/{m.pk}/").content.decode()
    assert "报告（修改稿）.docx" in page and "第 2 版" in page and 'type="file"' not in page
    assert login("yining").get(f"/meetings/materials/{m.pk}/files/1/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("报告.pdf", b"MZ\x90\x00 not a pdf"),  # the name says PDF, the content does not
        ("报告.docx", b"PK\x03\x04 broken zip"),
        ("报告.exe", PDF[:4] + b"x"),
    ],
)
def test_a_file_that_is_not_pdf_or_word_is_refused(name: str, data: bytes) -> None:
    _meeting, _people, m = _material()
    with pytest.raises(ValidationFailed) as exc:
        services.material_file_add(
            actor=u("office"), material=m, upload=SimpleUploadedFile(name, data)
        )
    assert "PDF" in exc.value.message
    assert not MaterialFile.objects.filter(material=m).exists()


def test_a_file_too_large_is_refused_and_only_staff_upload(settings) -> None:
    _meeting, people, m = _material()
    big = SimpleUploadedFile("报告.pdf", PDF + b"0" * rules.MATERIAL_FILE_MAX_BYTES)
    with pytest.raises(ValidationFailed) as exc:
        services.material_file_add(actor=u("office"), material=m, upload=big)
    assert "20 MB" in exc.value.message
    with pytest.raises(PermissionDenied):
        services.material_file_add(
            actor=people[0].user, material=m, upload=SimpleUploadedFile("a.pdf", PDF)
        )


def test_the_upload_form_answers_a_wrong_file_with_a_message(login) -> None:
    _meeting, _people, m = _material()
    office = login("office")
    bad = office.post(
        f"/meetings/materials/{m.pk}/", {"file": SimpleUploadedFile("x.pdf", b"hello")}
    )
    assert bad.status_code == 400 and "请上传 PDF 或 Word" in bad.content.decode()
    good = office.post(f"/meetings/materials/{m.pk}/", {"file": SimpleUploadedFile("x.pdf", PDF)})
    assert good.status_code == 302
    assert MaterialFile.objects.get(material=m).version == 1


def test_a_sitting_still_to_come_shows_no_absences(login) -> None:
    meeting, _people = sc_meeting(members=4)
    later = services.sitting_add(
        actor=u("office"),
        meeting=meeting,
        title="第二次全体会议",
        starts_at=clock.now() + dt.timedelta(days=20),
    )
    counts = selectors.sitting_counts(later)
    assert counts.held is False
    page = login("office").get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    row = re.search(r"第二次全体会议.*?</tr>", page, re.S)
    assert row is not None and "尚未开始" in row.group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert "4" not in [c.strip() for c in cells[2:5]], cells


def test_the_session_form_comes_before_the_long_list(login) -> None:
    page = login("office").get("/registry/sessions/").content.decode()
    assert page.index('id="session-form"') < page.index("<table")
