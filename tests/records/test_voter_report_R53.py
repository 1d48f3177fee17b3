"""R53 (Art 59.4, 60): a deputy's report to the voters (述职) and the voters' evaluation of it
reach the deputy's duty archive and the evaluation (R03, R48)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lvzhi.core import clock
from lvzhi.records import counts, evaluation, rules, selectors, sources
from lvzhi.registry.models import Membership
from lvzhi.stations import services as station_services
from lvzhi.stations.models import Activity, ActivityKind, Evaluation, Station

from .conftest import persona

pytestmark = pytest.mark.django_db


def _report(seat: Membership, verdict: str, title: str = "向原选区选民述职") -> Activity:
    station = Station.objects.order_by("pk").first()
    assert station is not None
    return station_services.activity_record(
        actor=None,
        station=station,
        kind=ActivityKind.REPORT,
        held_on=clock.today() - dt.timedelta(days=1),
        title=title,
        deputies=[seat.deputy],
        participants=40,
        evaluation=verdict,
    )


def _year() -> int:
    return (clock.today() - dt.timedelta(days=1)).year


def _section(seat: Membership, kind: str) -> sources.Section:
    return next(s for s in selectors.archive(seat, _year()).sections if s.kind == kind)


def test_r53_report_to_the_voters_and_their_evaluation_reach_the_duty_archive(seat) -> None:
    before = _section(seat, "voter_report").count
    duty_before = _section(seat, "station_duty").count
    a = _report(seat, Evaluation.BASICALLY, "2026年度向选民述职会")
    reports = _section(seat, "voter_report")
    assert reports.count == before + 1
    item = next(i for i in reports.items if i.title == "2026年度向选民述职会")
    assert str(a.get_evaluation_display()) in item.detail
    # The report is its own kind: station duty does not count it a second time.
    assert _section(seat, "station_duty").count == duty_before


def test_r53_the_archive_page_shows_the_report_with_its_evaluation(seat, login) -> None:
    a = _report(seat, Evaluation.SATISFIED, "向伊宁市选民述职")
    html = login("deputy").get(f"/records/{seat.pk}/{_year()}/").content.decode()
    assert "向伊宁市选民述职" in html
    assert str(a.get_evaluation_display()) in html
    assert str(rules.KIND_LABELS["voter_report"]) in html


def test_r53_an_unsatisfying_report_is_a_stated_deduction_in_the_evaluation(seat) -> None:
    year = _year()
    seats = Membership.objects.filter(pk=seat.pk)
    bulk_before = counts.all_counts(year, seats)
    row_before = _row(seat, year)
    _report(seat, Evaluation.UNSATISFIED)
    bulk = counts.all_counts(year, seats)
    d = seat.deputy_id
    assert bulk["voter_report"][d] == bulk_before["voter_report"].get(d, 0) + 1
    assert (
        bulk["voter_report_unsatisfied"][d] == bulk_before["voter_report_unsatisfied"].get(d, 0) + 1
    )
    row = _row(seat, year)
    weights = rules.DEFAULT_WEIGHTS
    assert weights["voter_report_unsatisfied"] < 0 < weights["voter_report"]
    assert row.score - row_before.score == (
        weights["voter_report"] + weights["voter_report_unsatisfied"]
    )
    # The stated reasons name the deduction (R48: none left out).
    figures = evaluation._figures(row.counts, weights, positive=True)
    assert str(rules.KIND_LABELS["voter_report_unsatisfied"]) in figures


def test_r53_a_satisfying_report_adds_to_the_score_without_deduction(seat) -> None:
    year = _year()
    before = _row(seat, year)
    _report(seat, Evaluation.SATISFIED)
    after = _row(seat, year)
    assert after.counts["voter_report_unsatisfied"] == before.counts["voter_report_unsatisfied"]
    assert after.score - before.score == rules.DEFAULT_WEIGHTS["voter_report"]


def test_r53_a_scheme_saved_before_the_kind_existed_weighs_it_by_default(seat) -> None:
    from lvzhi.records.models import Scheme

    congress = seat.term.congress
    Scheme.objects.filter(congress=congress, year=_year()).delete()
    old = {k: str(v) for k, v in rules.DEFAULT_WEIGHTS.items() if not k.startswith("voter_")}
    Scheme.objects.create(
        congress=congress,
        year=_year(),
        weights=old,
        talk_below=Decimal("10"),
        commend_from=Decimal("60"),
        talk_absences=2,
        updated_at=clock.now(),
        updated_by=persona("office"),
    )
    values = selectors.scheme_values(congress, _year())[1]
    assert values.weights["voter_report"] == rules.DEFAULT_WEIGHTS["voter_report"]


def _row(seat: Membership, year: int) -> evaluation.Row:
    rows = selectors.evaluate(seat.term.congress, year)
    return next(r for r in rows if r.membership.pk == seat.pk)
