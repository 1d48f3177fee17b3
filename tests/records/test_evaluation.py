"""R48 (Art 94, 95): scores from the office's weights, rankings within the electoral unit,
the two flags just over and under their thresholds, each explaining itself."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from lvzhi.core import clock
from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.records import evaluation, rules, selectors, services
from lvzhi.records.models import Scheme

from .conftest import persona

WEIGHTS = {k: Decimal(0) for k in rules.KIND_KEYS} | {
    "speech": Decimal("2"),
    "suggestion_led": Decimal("3"),
}
SCHEME = evaluation.SchemeValues(WEIGHTS, Decimal("10"), Decimal("30"), 2)


def _row(**counts: int) -> evaluation.Row:
    c: dict[str, int | None] = {k: 0 for k in rules.KIND_KEYS}
    c.update(counts)
    row = evaluation.Row(membership=None, counts=c)
    row.score = evaluation.score(c, WEIGHTS)
    row.flags = evaluation.flags(row, SCHEME)
    return row


def test_talk_flag_just_under_the_threshold_and_not_at_it_R48():
    under = _row(speech=1, suggestion_led=2)  # 2 + 6 = 8 < 10
    assert under.score == Decimal("8.00")
    assert under.talk is not None and under.commend is None
    why = under.talk.reasons[0]
    assert "8.00" in why and "10" in why and "1 × 2" in why and "2 × 3" in why
    at = _row(speech=2, suggestion_led=2)  # 4 + 6 = 10
    assert at.score == Decimal("10.00") and at.flags == []


def test_commendation_flag_at_the_threshold_and_not_just_under_R48():
    at = _row(speech=6, suggestion_led=6)  # 12 + 18 = 30
    assert at.commend is not None and at.talk is None
    assert "30.00" in at.commend.reasons[0]
    under = _row(speech=6, suggestion_led=5)  # 12 + 15 = 27
    assert under.commend is None and under.talk is None


def test_absences_without_leave_at_the_threshold_raise_a_talk_even_with_a_high_score_R48():
    row = _row(speech=20, absence=2)
    assert row.score >= SCHEME.commend_from
    assert row.talk is not None and row.commend is None
    assert any("2" in r and "R01" in r for r in row.talk.reasons)
    assert _row(speech=20, absence=1).talk is None


def test_stated_reasons_include_the_deductions_R48():
    """R48 (Art 94, 95): the reasons of a flag state the deductions (absence, discipline) as
    well as the duties that added to the score, so the figures add up to the score."""
    weights = WEIGHTS | {"absence": Decimal("-5"), "discipline": Decimal("-10")}
    scheme = evaluation.SchemeValues(weights, Decimal("10"), Decimal("30"), 0)
    c: dict[str, int | None] = {k: 0 for k in rules.KIND_KEYS}
    c.update(speech=5, suggestion_led=2, absence=1, discipline=1)  # 10 + 6 - 5 - 10 = 1
    row = evaluation.Row(membership=None, counts=c)
    row.score = evaluation.score(c, weights)
    talk = evaluation.flags(row, scheme)[0]
    assert row.score == Decimal("1.00") and talk.kind == evaluation.TALK
    why = talk.reasons[0]
    assert "5 × 2" in why and "2 × 3" in why
    assert "扣分" in why and "1 × -10" in why and "1 × -5" in why
    c.update(speech=20, discipline=0)  # 40 + 6 - 5 = 41: commended, the deduction stated
    row = evaluation.Row(membership=None, counts=c)
    row.score = evaluation.score(c, weights)
    commend = evaluation.flags(row, scheme)[0]
    assert commend.kind == evaluation.COMMEND and "1 × -5" in commend.reasons[0]


def test_a_kind_not_yet_recorded_adds_nothing_to_the_score():
    assert evaluation.score({"speech": None, "suggestion_led": 1}, WEIGHTS) == Decimal("3.00")


def test_ranking_is_within_each_unit_with_ties_sharing_a_place():
    rows = [
        evaluation.Row(membership=i, counts={}, score=Decimal(s))
        for i, s in enumerate([5, 9, 9, 1])
    ]
    evaluation.rank(rows, key=lambda r: "unit")
    assert [r.rank for r in rows] == [3, 1, 1, 4]
    assert all(r.of == 4 for r in rows)


@pytest.mark.django_db
def test_evaluation_of_the_congress_uses_the_saved_scheme_and_ranks_within_units(seat):
    year = clock.today().year
    congress = seat.term.congress
    services.scheme_save(
        actor=persona("office"),
        congress=congress,
        year=year,
        weights={k: Decimal(0) for k in rules.KIND_KEYS} | {"own_entry": Decimal(50)},
        talk_below=Decimal("1"),
        commend_from=Decimal("50"),
        talk_absences=0,
    )
    rows = selectors.evaluate(congress, year)
    mine = next(r for r in rows if r.membership.pk == seat.pk)
    assert mine.counts["own_entry"] == 1 and mine.score == Decimal("50.00")
    assert mine.commend is not None and mine.rank == 1
    others = [r for r in rows if r.membership.electoral_unit_id == seat.electoral_unit_id]
    assert mine.of == len(others)
    assert all(r.talk is not None for r in others if r.score < 1)


@pytest.mark.django_db
def test_only_the_office_configures_the_scheme_and_thresholds_must_be_ordered(seat):
    congress = seat.term.congress
    year = clock.today().year
    with pytest.raises(PermissionDenied):
        services.scheme_save(
            actor=persona("yining"),
            congress=congress,
            year=year,
            weights=dict(rules.DEFAULT_WEIGHTS),
            talk_below=Decimal(1),
            commend_from=Decimal(2),
            talk_absences=1,
        )
    with pytest.raises(ValidationFailed):
        services.scheme_save(
            actor=persona("office"),
            congress=congress,
            year=year,
            weights=dict(rules.DEFAULT_WEIGHTS),
            talk_below=Decimal(5),
            commend_from=Decimal(5),
            talk_absences=1,
        )
    assert Scheme.objects.get(congress=congress, year=year).commend_from == Decimal("40")


@pytest.mark.django_db
def test_evaluation_exports_as_xlsx_with_flags_and_reasons(login):
    from openpyxl import load_workbook

    response = login("office").get("/records/evaluation/?format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[1]  # under the title row
    assert "单位内排名" in header and "原因" in header
    assert len(rows) > 2


@pytest.mark.django_db
def test_unit_staff_see_only_their_units_in_the_evaluation(login, seat, other_unit_seat):
    html = login("yining").get("/records/evaluation/").content.decode()
    assert seat.deputy.name in html or "/records/" in html
    assert f'href="/records/{other_unit_seat.pk}/' not in html
