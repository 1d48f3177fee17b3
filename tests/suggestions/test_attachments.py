"""Attachments of drafts and replies: type by content, size limit, served only in scope."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.suggestions import services
from lvzhi.suggestions.models import Attachment

from .helpers import assigned, deputy_user, draft, u
from .test_pages import as_user

pytestmark = pytest.mark.django_db


def docx_bytes() -> bytes:
    doc = Document()
    doc.add_paragraph("调研报告")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_deputy_attaches_a_word_file_to_a_draft_and_can_download_it() -> None:
    s = draft()
    upload = SimpleUploadedFile("调研报告.docx", docx_bytes())
    att = services.attachment_add(actor=deputy_user(), suggestion=s, upload=upload)
    assert att.content_type.endswith("wordprocessingml.document")
    response = as_user(u("deputy")).get(f"/suggestions/{s.pk}/files/{att.pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert as_user(u("yining")).get(f"/suggestions/{s.pk}/files/{att.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("script.pdf", b"<script>alert(1)</script>"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("photo.exe", b"MZ\x90\x00"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        services.attachment_add(
            actor=deputy_user(), suggestion=draft(), upload=SimpleUploadedFile(name, data)
        )
    assert not Attachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused() -> None:
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as exc:
        services.attachment_add(actor=deputy_user(), suggestion=draft(), upload=big)
    assert "10 MB" in exc.value.message


def test_only_the_lead_unit_attaches_while_handling() -> None:
    s = assigned()
    pdf = SimpleUploadedFile("答复附件.pdf", b"%PDF-1.7 test")
    assert services.attachment_add(actor=u("handling"), suggestion=s, upload=pdf)
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=deputy_user(), suggestion=s, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.7")
        )
