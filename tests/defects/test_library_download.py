"""Issue 28, point 4: a library file downloads with its extension (R49)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.activities import services
from lvzhi.activities.models import MaterialKind

from ..activities.conftest import persona

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    d = Document()
    d.add_paragraph("代表工作规程")
    d.save(out)
    return out.getvalue()


def test_r49_a_word_material_downloads_as_a_docx_named_by_its_title(login: Any) -> None:
    m = services.material_add(
        actor=persona("office"),
        kind=MaterialKind.DOCUMENT,
        title="代表工作规程/解读",
        description="",
        upload=SimpleUploadedFile("guide.docx", _docx()),
    )
    response = login("deputy").get(reverse("activities:material_file", args=[m.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    name = unquote(disposition.split("filename*=utf-8''")[-1])
    assert name.endswith(".docx") and "代表工作规程" in name and "/" not in name


def test_r49_a_pdf_opens_in_the_browser_with_its_name(login: Any) -> None:
    m = services.material_add(
        actor=persona("office"),
        kind=MaterialKind.LAW,
        title="代表法",
        description="",
        upload=SimpleUploadedFile("law.pdf", b"%PDF-1.4 x"),
    )
    response = login("deputy").get(reverse("activities:material_file", args=[m.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline") and ".pdf" in unquote(disposition)
