"""The compliance view, its drill-down, the dashboards and the reports as pages: who sees
them (office and administrators; a deputy gets 404) and what they answer."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from lvzhi.compliance.rule_registry import RULES

pytestmark = pytest.mark.django_db


def test_office_sees_every_rule_in_the_table(login: Any) -> None:
    client = login("office")
    page = client.get("/compliance/")
    assert page.status_code == 200
    body = page.content.decode()
    for rule in RULES:
        assert f">{rule.id}<" in body
    assert 'data-status="' in body


def test_every_rule_has_a_drill_down_page_with_an_export(login: Any) -> None:
    client = login("office")
    for rule in RULES:
        for part in ("Y", "Q1", "H2"):
            page = client.get(f"/compliance/rules/{rule.key}/?part={part}")
            assert page.status_code == 200, (rule.id, part)
        export = client.get(f"/compliance/rules/{rule.key}/?format=xlsx")
        assert export.status_code == 200
        load_workbook(io.BytesIO(export.content))


def test_unknown_rule_and_foreign_values_answer_not_found_or_default(login: Any) -> None:
    client = login("office")
    assert client.get("/compliance/rules/r99/").status_code == 404
    assert client.get("/compliance/?congress=99999999999999999999").status_code == 200
    assert client.get("/compliance/?congress=999999").status_code == 404
    assert client.get("/compliance/?year=abc&part=Q9").status_code == 200


def test_table_exports_as_xlsx_one_line_per_rule(login: Any) -> None:
    response = login("office").get("/compliance/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    ids = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert ids == [r.id for r in RULES]


@pytest.mark.parametrize(
    "path",
    [
        "/compliance/",
        "/compliance/rules/r20/",
        "/compliance/dashboard/",
        "/compliance/reports/",
        "/compliance/reports/members.docx",
    ],
)
def test_a_deputy_gets_not_found(login: Any, path: str) -> None:
    assert login("deputy").get(path).status_code == 404


def test_dashboard_draws_every_block_and_exports_each(login: Any) -> None:
    client = login("office")
    page = client.get("/compliance/dashboard/")
    assert page.status_code == 200
    body = page.content.decode()
    # Each block's chart, drawn row by row with its labels as page text (issue 22).
    assert body.count('<div class="hchart"') == 5
    assert "<script" not in body.split("<main", 1)[-1]
    for key in ("rates", "coverage", "contacts", "stations", "trend"):
        export = client.get(f"/compliance/dashboard/?export={key}")
        assert export.status_code == 200
        load_workbook(io.BytesIO(export.content))


def test_reports_page_links_the_four_articles(login: Any) -> None:
    body = login("office").get("/compliance/reports/").content.decode()
    assert "format=docx" in body and "format=circular" in body
    assert "/compliance/reports/members.docx" in body
    assert "/compliance/reports/committees.docx" in body


def test_members_report_reads_back_with_each_member(login: Any) -> None:
    """R34 (Art 68): the members' year-end report names every Standing Committee member with
    their linked deputies and contacts."""
    from lvzhi.compliance import selectors
    from lvzhi.contacts import selectors as contacts_selectors
    from lvzhi.core import clock

    client = login("office")
    response = client.get("/compliance/reports/members.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    congress = selectors.congresses_for(
        client.session
        and __import__("lvzhi.core.models", fromlist=["User"]).User.objects.get(username="office")
    )[0]
    members = [
        row
        for org in contacts_selectors.obligations_of_division(
            congress.division_id, clock.today().year
        )
        for row in org.rows
        if row.holder.kind == "sc_member"
    ]
    assert members
    assert str(clock.today().year) in text and congress.name in text
    for row in members:
        assert row.holder.name in cells
        i = cells.index(row.holder.name)
        assert cells[i + 1] == str(row.member.link_count)
        assert cells[i + 2] == str(row.member.contacts)


def test_committees_report_reads_back_with_each_committee(login: Any) -> None:
    """R37 (Art 73): the committees' written report has a heading per special committee."""
    from lvzhi.registry.models import Organisation, OrgKind

    response = login("office").get("/compliance/reports/committees.docx")
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    office_congress = Organisation.objects.get(
        role_assignments__user__username="office"
    ).division_id
    committees = Organisation.objects.filter(
        kind=OrgKind.SPECIAL_COMMITTEE, division_id=office_congress, is_active=True
    )
    assert committees.exists()
    for c in committees:
        assert c.name in headings
