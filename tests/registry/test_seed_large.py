"""The ``large`` scale's generator, run at a tiny size factor on top of the ``small`` seed:
the same code that writes 1,000,000 deputies and 5,000,000 suggestions and opinions with COPY
must leave consistent data (SPEC section 10: divisions, congresses, terms and seats fit the
prefecture's structure)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F

from lvzhi.core.demo import SYNTHETIC_CODE_PREFIX, RateProgress, Volume
from lvzhi.core.models import Division, Event
from lvzhi.registry.demo.seed import seed_large_mass
from lvzhi.registry.models import Deputy, Membership, Organisation, Term
from lvzhi.stations.models import Opinion, OpinionAssignee, Station, StationDeputy
from lvzhi.suggestions.models import Assignment, NumberSeries, Reply, Suggestion

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the large scale is built with COPY"
)
VOLUME = Volume.large(0.0005)  # 500 deputies, 1,250 suggestions, 1,250 opinions


@pytest.fixture
def large() -> dict[str, int]:
    before = {
        "deputies": Deputy.objects.count(),
        "seats": Membership.objects.count(),
        "suggestions": Suggestion.objects.count(),
        "opinions": Opinion.objects.count(),
    }
    seed_large_mass(VOLUME, 7, lambda *a: None)
    return before


def test_volume_scales_the_large_targets_alike() -> None:
    assert Volume.large() == Volume(1_000_000, 2_500_000, 2_500_000)
    assert Volume.large(0.001) == Volume(1_000, 2_500, 2_500)
    with pytest.raises(ValueError):
        Volume.large(0)


@on_postgres
def test_large_generator_writes_exactly_the_volume_asked(large: dict[str, int]) -> None:
    synthetic = Deputy.objects.filter(
        memberships__term__congress__division__code__startswith=SYNTHETIC_CODE_PREFIX
    )
    assert Deputy.objects.count() - large["deputies"] == VOLUME.deputies
    assert synthetic.distinct().count() == VOLUME.deputies
    assert Membership.objects.count() - large["seats"] == VOLUME.deputies
    assert Suggestion.objects.count() - large["suggestions"] == VOLUME.suggestions
    assert Opinion.objects.count() - large["opinions"] == VOLUME.opinions


@on_postgres
def test_large_divisions_and_congresses_mirror_the_prefecture_structure(
    large: dict[str, int],
) -> None:
    """Synthetic regions sit under the prefecture like 塔城地区; county codes extend the
    region's, township codes the county's; every congress has one current term and its
    Standing Committee or presidium in the organisation tree, with consistent paths."""
    regions = Division.objects.filter(code__startswith="9", level="region")
    assert regions.exists()
    assert set(regions.values_list("parent__code", flat=True)) == {"654000"}
    for d in Division.objects.filter(code__startswith="9").exclude(level="region"):
        assert d.parent is not None
        assert d.code.startswith(d.parent.code[:3])
        if d.level == "township":
            assert len(d.code) == 9 and d.code.startswith(d.parent.code)
    terms = Term.objects.filter(congress__division__code__startswith="9")
    assert terms.filter(is_current=True).count() == terms.count() > 0
    bodies = Organisation.objects.filter(
        congress__division__code__startswith="9",
        kind__in=["standing_committee", "township_presidium"],
    )
    assert bodies.count() == terms.count()
    for org in Organisation.objects.filter(division__code__startswith="9").select_related("parent"):
        assert org.parent is not None
        assert org.path == org.parent.path + f"{org.pk:08d}"


@on_postgres
def test_large_seats_fit_their_congress_and_electoral_unit(large: dict[str, int]) -> None:
    seats = Membership.objects.filter(term__congress__division__code__startswith="9")
    assert seats.exclude(level=F("term__congress__level")).count() == 0
    # The electoral unit belongs to the same congress, in a township of the same county.
    assert seats.exclude(electoral_unit__congress_id=F("term__congress_id")).count() == 0
    assert not seats.exclude(
        electoral_unit__division__parent_id=F("term__congress__division_id")
    ).filter(level="county")
    # The directory's sort key: the deputy's pinyin, then the id (registry.models.sort_key_for).
    for key, pinyin, deputy_id in seats.values_list("sort_key", "deputy__name_pinyin", "deputy_id"):
        assert key == f"{pinyin[:200]}:{deputy_id:012d}"
    # Every seat has its election in the history; those that ended, their end too.
    # (in the event log, named as ``events.record`` names a seat).
    of_seat = Event.objects.filter(subject_type="registry.membership")
    elected = of_seat.filter(subject_id__in=seats.values("id"), kind="registry.seat_elected")
    assert elected.count() == seats.count()
    ended = seats.exclude(status="serving")
    changed = of_seat.filter(subject_id__in=ended.values("id"), kind="registry.seat_status_changed")
    assert changed.count() == ended.count()
    seat = seats.select_related("deputy", "term__congress__division").first()
    assert seat is not None
    (election,) = elected.filter(subject_id=seat.pk)
    assert election.subject_label == str(seat) and election.term_id == seat.term_id
    assert election.data == {
        "status": "serving",
        "on": seat.elected_on.isoformat(),
        "reason": "当选",
        "document_no": "",
    }
    # ID numbers carry the synthetic county's code and are unique.
    hashes = Deputy.objects.filter(memberships__in=seats).values("id_number_hash")
    assert hashes.distinct().count() == seats.count()


@on_postgres
def test_large_suggestions_have_a_serving_proposer_and_a_unit_of_his_county(
    large: dict[str, int],
) -> None:
    mass = Suggestion.objects.filter(term__congress__division__code__startswith="9")
    assert mass.count() == VOLUME.suggestions
    # Every proposer exists and holds a seat in the suggestion's term.
    assert (
        mass.exclude(
            proposer__memberships__term_id=F("term_id"), proposer__memberships__status="serving"
        ).count()
        == 0
    )
    seats = dict(
        Membership.objects.filter(term__congress__division__code__startswith="9").values_list(
            "deputy_id", "term_id"
        )
    )
    assert all(seats[p] == t for p, t in mass.values_list("proposer_id", "term_id"))
    assert not mass.filter(status="submitted").exclude(assigned_on=None)
    assigned = mass.exclude(status="submitted")
    assert Assignment.objects.filter(suggestion__in=assigned).count() == assigned.count()
    assert not Assignment.objects.filter(suggestion__in=mass).exclude(
        unit__division_id=F("suggestion__term__congress__division_id")
    )
    answered = mass.filter(status__in=["replied", "closed"])
    assert Reply.objects.filter(suggestion__in=answered).count() == answered.count()
    assert not Reply.objects.filter(suggestion__in=mass.filter(status="assigned"))
    # Numbers run per series without a gap, and the series know their last number.
    for key, last in NumberSeries.objects.filter(key__in=mass.values("series")).values_list(
        "key", "last"
    ):
        numbers = sorted(mass.filter(series=key).values_list("number", flat=True))
        assert numbers == list(range(1, last + 1))


@on_postgres
def test_large_opinions_are_tied_to_stations_and_their_deputies(large: dict[str, int]) -> None:
    mass = Opinion.objects.filter(station__organisation__division__code__startswith="9")
    assert mass.count() == VOLUME.opinions
    assert set(mass.values_list("station__level", flat=True)) == {"post"}
    assert not Station.objects.filter(
        organisation__division__code__startswith="9", organisation__kind="station"
    ).exclude(level__in=["post", "studio"])
    # A deputy who handles or is addressed enters that station (Art 79).
    entering = set(StationDeputy.objects.values_list("station_id", "deputy_id"))
    for st, d in OpinionAssignee.objects.filter(opinion__in=mass).values_list(
        "opinion__station_id", "deputy_id"
    ):
        assert (st, d) in entering
    for st, d in mass.exclude(addressed_to=None).values_list("station_id", "addressed_to_id"):
        assert (st, d) in entering
    assert not mass.filter(status="received").exclude(assigned_at=None)
    assert not mass.exclude(status="received").filter(assignees__isnull=True)
    codes = mass.values("tracking_code").annotate(n=Count("id")).filter(n__gt=1)
    assert not codes


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_large_scale_is_refused_on_sqlite_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("seed", "--scale", "large", stdout=io.StringIO())


def test_progress_line_shows_rate_and_time_left() -> None:
    line = RateProgress.line("deputies and seats", 250_000, 1_000_000, 50.0)
    assert "250,000/1,000,000" in line
    assert "25.0%" in line
    assert "5,000 rows/s" in line
    assert "ETA 2m30s" in line
    assert "done in 3m20s" in RateProgress.line("x", 10, 10, 200.0)


@on_postgres
def test_large_scale_extends_only_an_empty_or_a_prefecture_database() -> None:
    """The small data set is neither: the command says so and writes nothing."""
    deputies = Deputy.objects.count()
    with pytest.raises(CommandError, match="not the prefecture data set"):
        call_command("seed", "--scale", "large", "--size-factor", "0.001", stdout=io.StringIO())
    assert Deputy.objects.count() == deputies


def test_progress_reports_the_end_of_a_stage_once() -> None:
    out = io.StringIO()
    progress = RateProgress(out)
    progress("suggestions", 0, 10)
    progress("suggestions", 10, 10)
    progress("suggestions", 10, 10)  # the final call after the last chunk
    assert out.getvalue().count("done in") == 1
    assert out.getvalue().endswith("\n")
