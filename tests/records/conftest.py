"""Fixtures of the duty records: the demo deputy's seat and small helpers."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.models import User
from lvzhi.records.demo import PDF
from lvzhi.registry.models import Level, Membership


def persona(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def seat() -> Membership:
    """The ``deputy`` persona's prefecture seat (伊宁市 electoral unit)."""
    return Membership.objects.select_related(
        "deputy", "electoral_unit", "term__congress", "delegation"
    ).get(deputy__user__username="deputy", term__congress__level=Level.PREFECTURE)


@pytest.fixture
def other_unit_seat() -> Membership:
    """A prefecture seat elected by another county (察布查尔), outside 伊宁市's scope."""
    return (
        Membership.objects.select_related("deputy", "electoral_unit", "term__congress")
        .filter(
            term__congress__level=Level.PREFECTURE,
            electoral_unit__division__code="654022",
        )
        .order_by("id")
        .first()
    )


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)
