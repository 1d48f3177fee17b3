"""Who sees and changes a duty archive: the deputy, their electoral unit / delegation staff and
the office; anyone else gets 404 and nothing changes. Evidence is checked by its content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core import clock
from lvzhi.records.models import DutyEntry, EntryStatus

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who,code", [("deputy", 200), ("yining", 200), ("office", 200)])
def test_deputy_unit_staff_and_office_open_the_archive(login, seat, who, code):
    assert login(who).get(f"/records/{seat.pk}/{clock.today().year}/").status_code == code


@pytest.mark.parametrize("who", ["chabuchaer", "handling", "station", "committee"])
def test_another_units_staff_or_other_roles_get_404(login, seat, who):
    year = clock.today().year
    client = login(who)
    assert client.get(f"/records/{seat.pk}/{year}/").status_code == 404
    assert client.get(f"/records/{seat.pk}/{year}/handbook.docx").status_code == 404


def test_another_units_deputy_archive_is_404_for_the_deputy(login, other_unit_seat):
    year = clock.today().year
    assert login("deputy").get(f"/records/{other_unit_seat.pk}/{year}/").status_code == 404
    assert login("yining").get(f"/records/{other_unit_seat.pk}/{year}/").status_code == 404


def test_deputy_adds_an_entry_and_unit_staff_confirm_it(login, seat):
    year = clock.today().year
    client = login("deputy")
    response = client.post(
        f"/records/{seat.pk}/{year}/entries/",
        {
            "kind": "study",
            "on": clock.today().isoformat(),
            "title": "参加代表履职学习",
            "description": "集中学习两天",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    entry = DutyEntry.objects.get(membership=seat, title="参加代表履职学习")
    assert entry.status == EntryStatus.PENDING
    # The deputy cannot confirm their own entry; another unit's staff cannot even see it.
    login("deputy").post(f"/records/entries/{entry.pk}/confirm/")
    assert login("chabuchaer").post(f"/records/entries/{entry.pk}/confirm/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING
    login("yining").post(f"/records/entries/{entry.pk}/confirm/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED


def test_evidence_is_judged_by_content_not_by_name(login, seat):
    year = clock.today().year
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = login("deputy").post(
        f"/records/{seat.pk}/{year}/entries/",
        {
            "kind": "study",
            "on": clock.today().isoformat(),
            "title": "伪装的文件",
            "description": "x",
            "evidence": fake,
        },
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not DutyEntry.objects.filter(title="伪装的文件").exists()


def test_return_needs_a_reason_and_tells_it_to_the_deputy(login, seat):
    entry = DutyEntry.objects.filter(membership=seat, status=EntryStatus.PENDING).first()
    client = login("yining")
    client.post(f"/records/entries/{entry.pk}/return/", {"reason": ""})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING
    client.post(f"/records/entries/{entry.pk}/return/", {"reason": "佐证材料不清晰"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RETURNED and entry.return_reason == "佐证材料不清晰"


def test_evidence_download_is_404_outside_the_scope(login, seat):
    from lvzhi.core.models import User
    from lvzhi.records import services

    entry = services.entry_add(
        actor=User.objects.get(username="deputy"),
        seat=seat,
        kind="study",
        on=clock.today(),
        title="学习",
        description="学习",
        upload=pdf(),
    )
    assert login("deputy").get(f"/records/entries/{entry.pk}/evidence/").status_code == 200
    assert login("chabuchaer").get(f"/records/entries/{entry.pk}/evidence/").status_code == 404


def test_only_the_office_records_discipline_notes(login, seat):
    from lvzhi.records.models import DisciplineNote

    year = clock.today().year
    data = {"on": clock.today().isoformat(), "kind": "late", "note": "迟到"}
    before = DisciplineNote.objects.count()
    assert login("yining").post(f"/records/{seat.pk}/{year}/discipline/", data).status_code == 404
    assert DisciplineNote.objects.count() == before
    assert login("office").post(f"/records/{seat.pk}/{year}/discipline/", data).status_code == 302
    assert DisciplineNote.objects.count() == before + 1
