"""Issue 23 point 3: the PDF of a document is made in a background task (Django Tasks) with
its progress on a page and a download when ready; only the person who asked gets it."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import clock, pdf
from lvzhi.core.models import FileJob, JobStatus
from lvzhi.registry.models import Level, Membership

pytestmark = pytest.mark.django_db

needs_converter = pytest.mark.skipif(
    pdf.converter() is None, reason="LibreOffice is not installed (make system-deps installs it)"
)


def _seat() -> Membership:
    return Membership.objects.get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )


@needs_converter
def test_handbook_pdf_is_made_in_the_background_and_downloaded(
    login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    seat, year = _seat(), clock.today().year
    client = login("deputy")
    archive = client.get(f"/records/{seat.pk}/{year}/").content.decode()
    assert 'name="kind" value="records.handbook"' in archive
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/documents/pdf/", {"kind": "records.handbook", "seat": seat.pk, "year": year}
        )
    assert response.status_code == 302
    job = FileJob.objects.get(owner__username="deputy", kind="records.handbook")
    assert response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE and job.percent == 100
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert "下载 PDF" in page and f"/documents/jobs/{job.pk}/download/" in page
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert f"handbook-{seat.pk}-{year}.pdf" in download["Content-Disposition"]


def test_a_queued_job_shows_its_progress_and_refreshes_itself(login: Any) -> None:
    client = login("deputy")
    from lvzhi.core.models import User

    job = FileJob.objects.create(
        owner=User.objects.get(username="deputy"),
        kind="records.handbook",
        title="履职手册",
        status=JobStatus.RUNNING,
        percent=40,
        created_at=clock.now(),
    )
    page = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert 'value="40"' in page and "hx-trigger" in page and "正在生成" in page
    assert client.get(f"/documents/jobs/{job.pk}/download/").status_code == 404


def test_nobody_else_sees_a_job_or_asks_for_a_document_they_may_not_read(login: Any) -> None:
    from lvzhi.core.models import User

    seat = _seat()
    job = FileJob.objects.create(
        owner=User.objects.get(username="deputy"),
        kind="records.handbook",
        created_at=clock.now(),
    )
    other = login("groupleader")
    assert other.get(f"/documents/jobs/{job.pk}/").status_code == 404
    before = FileJob.objects.count()
    other.post(
        "/documents/pdf/", {"kind": "records.handbook", "seat": seat.pk, "year": clock.today().year}
    )
    other.post("/documents/pdf/", {"kind": "no.such.kind"})
    assert FileJob.objects.count() == before


@needs_converter
def test_the_converter_maps_the_official_fonts_to_installed_ones() -> None:
    """The PDF of an official document embeds CJK fonts (the free equivalents where the
    official ones are absent), not a box-drawing fallback."""
    import subprocess
    import tempfile
    from pathlib import Path

    from lvzhi.core.documents import OfficialDocument

    doc = OfficialDocument(organ="测试机关")
    doc.title("关于字体的测试")
    doc.paragraph("正文仿宋。")
    data = pdf.docx_to_pdf(doc.to_bytes())
    assert data.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.pdf"
        path.write_bytes(data)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    if fonts:  # poppler-utils present
        assert "CJK" in fonts or "UMing" in fonts or "FangSong" in fonts


@pytest.mark.parametrize(
    ("kind", "reader"),
    [
        ("suggestions.report", "office"),
        ("suggestions.circular", "office"),
        ("compliance.members", "office"),
        ("compliance.committees", "office"),
        ("records.handbook", "deputy"),
    ],
)
def test_every_registered_document_is_made_for_its_reader_only(kind: str, reader: str) -> None:
    from lvzhi.core.errors import NotFound
    from lvzhi.core.models import User

    from . import layout

    seat = _seat()
    params = {"year": str(clock.today().year), "seat": str(seat.pk)}
    data, name = pdf.KINDS[kind].make(User.objects.get(username=reader), params)
    assert name.endswith(".docx")
    layout.check(data, masthead=kind == "suggestions.circular")
    with pytest.raises(NotFound):
        pdf.KINDS[kind].make(User.objects.get(username="groupleader"), params)


def test_the_documents_with_a_pdf_are_registered() -> None:
    assert set(pdf.KINDS) >= {
        "records.handbook",
        "records.certificate",
        "suggestions.report",
        "suggestions.circular",
        "compliance.members",
        "compliance.committees",
    }


def test_the_proposals_report_is_made_for_who_sees_the_queue_R10() -> None:
    from lvzhi.core.errors import NotFound
    from lvzhi.core.models import User
    from lvzhi.proposals import selectors as proposal_selectors

    from . import layout

    office = User.objects.get(username="office")
    session = next(iter(proposal_selectors.sessions_with_proposals(office)))
    data, name = pdf.KINDS["proposals.report"].make(office, {"session": str(session.pk)})
    assert name == "proposal-report.docx"
    layout.check(data)
    with pytest.raises(NotFound):
        pdf.KINDS["proposals.report"].make(
            User.objects.get(username="deputy"), {"session": str(session.pk)}
        )
