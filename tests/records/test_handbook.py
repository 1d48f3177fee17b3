"""R47 (Art 95): the handbook as .docx with the deputy's figures; the electoral unit's
submission and the list of missing handbooks."""

from __future__ import annotations

import pytest

from lvzhi.core import clock
from lvzhi.core.errors import Conflict, PermissionDenied
from lvzhi.records import handbook, rules, selectors, services
from lvzhi.records.models import Handbook

from .conftest import docx_text, persona

pytestmark = pytest.mark.django_db


def test_handbook_docx_opens_and_contains_the_deputys_figures_R47(seat, login):
    year = clock.today().year
    response = login("deputy").get(f"/records/{seat.pk}/{year}/handbook.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = docx_text(response.content)
    a = selectors.archive(seat, year)
    # Cover: name, term, electoral unit, year.
    assert seat.deputy.name in text
    assert str(seat.term) in text
    assert seat.electoral_unit.name in text
    assert f"{year} 年度" in text
    # Summary: each kind with the archive's count.
    for s in a.sections:
        assert f"{s.label} | {s.count}" in text, s.kind
    # The deputy's confirmed and returned entries, and the signature lines.
    for e in a.entries:
        assert e.title in text
    assert "选举单位（盖章）" in text


def test_pdf_link_is_replaced_by_a_note_when_no_converter_is_installed(seat, login, monkeypatch):
    monkeypatch.setattr(handbook, "converter", lambda: None)
    client = login("deputy")
    year = clock.today().year
    html = client.get(f"/records/{seat.pk}/{year}/").content.decode()
    assert "handbook.pdf" not in html
    assert "LibreOffice" in html
    response = client.get(f"/records/{seat.pk}/{year}/handbook.pdf")
    assert response.status_code == 302


def test_r47_missing_list_names_every_seat_not_submitted_and_submission_removes_it(seat, login):
    year = clock.today().year
    unit = seat.electoral_unit_id
    before = {u.unit.pk: u for u in selectors.handbook_status(year)}[unit]
    missing = [m.pk for m in selectors.missing_handbooks(year, [unit])]
    assert before.expected - before.submitted == len(missing) > 0
    target = next(m for m in selectors.missing_handbooks(year, [unit]) if m.pk == missing[0])
    client = login("yining")
    page = client.get(f"/records/handbooks/?year={year}").content.decode()
    assert target.deputy.name in page
    assert rules.handbook_due(year).isoformat() in page
    response = client.post(f"/records/{target.pk}/{year}/submit/", {"next": "collection"})
    assert response.status_code == 302
    after = {u.unit.pk: u for u in selectors.handbook_status(year)}[unit]
    assert after.submitted == before.submitted + 1
    assert target.pk not in [m.pk for m in selectors.missing_handbooks(year, [unit])]
    # Submitting twice is refused.
    with pytest.raises(Conflict):
        services.handbook_submit(actor=persona("yining"), seat=target, year=year)


def test_r47_missing_list_exports_as_xlsx(login):
    import io

    from openpyxl import load_workbook

    from lvzhi.registry.models import Congress

    year = clock.today().year
    response = login("office").get(f"/records/handbooks/?year={year}&format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    prefecture = Congress.objects.get(level="prefecture")  # the first congress of the office
    assert len(rows) - 2 == len(selectors.missing_handbooks(year, congress_id=prefecture.pk)) > 0


def test_r47_collection_shows_one_congress_at_a_time(login):
    """The office picks the congress; a county's page lists that county's electoral units and
    none of the prefecture congress's seats (a large prefecture has 33,000 units)."""
    from lvzhi.registry.models import Congress, Membership

    year = clock.today().year
    county = Congress.objects.filter(level="county", terms__memberships__isnull=False).first()
    assert county is not None
    page = login("office").get(f"/records/handbooks/?year={year}&congress={county.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{county.pk}" selected>' in html
    rows = page.context["status"]
    seats = Membership.objects.filter(electoral_unit_id__in=[r.unit.pk for r in rows])
    assert rows and set(seats.values_list("term__congress_id", flat=True)) >= {county.pk}
    assert all(m.term.congress_id == county.pk for m in page.context["missing"])


def test_only_the_electoral_unit_submits_a_handbook_R47(seat):
    year = clock.today().year
    with pytest.raises(PermissionDenied):
        services.handbook_submit(actor=persona("deputy"), seat=seat, year=year)
    with pytest.raises(PermissionDenied):
        services.handbook_submit(actor=persona("chabuchaer"), seat=seat, year=year)
    assert not Handbook.objects.filter(membership=seat, year=year).exists()


def test_handbook_status_counts_expected_and_submitted_per_unit_for_the_compliance_view():
    year = clock.today().year - 1
    rows = selectors.handbook_status(year)
    assert rows
    total_submitted = Handbook.objects.filter(year=year).count()
    assert sum(r.submitted for r in rows) == total_submitted
    assert all(0 <= r.submitted <= r.expected for r in rows)
