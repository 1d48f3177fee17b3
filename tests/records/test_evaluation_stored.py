"""Issue 26.3: the evaluation reads counts stored per seat and refreshed from what changed
(``records/stored.py``). They must give exactly what counting every source again gives."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import clock
from lvzhi.records import evaluation, rules, selectors, services, stored
from lvzhi.records.models import DirtyDeputy, DutyCount
from lvzhi.registry.models import Congress, Level, Membership

from .conftest import persona

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "not __import__('django.db').db.connection.vendor == 'postgresql'",
        reason="the counts are stored on PostgreSQL only",
    ),
]


def _both(congress: Congress | None, year: int, values: object = None) -> None:
    """Stored and recounted evaluations, seat by seat: the same counts, scores, places and
    flags."""
    kept = selectors.evaluate(congress, year, values=values, use_stored=True)  # type: ignore[arg-type]
    again = selectors.evaluate(congress, year, values=values, use_stored=False)  # type: ignore[arg-type]
    assert [r.membership.pk for r in kept] == [r.membership.pk for r in again]
    for a, b in zip(kept, again, strict=True):
        assert a.counts == b.counts, a.membership.pk
        assert (a.score, a.rank, a.of) == (b.score, b.rank, b.of), a.membership.pk
        assert [(f.kind, f.reasons) for f in a.flags] == [(f.kind, f.reasons) for f in b.flags]


def _prefecture() -> Congress:
    return Congress.objects.get(level=Level.PREFECTURE)


def _deputies(n: int, offset: int = 0) -> list[Membership]:
    return list(
        Membership.objects.filter(
            selectors.seats_in_year(clock.today().year),
            term__congress__level=Level.PREFECTURE,
            term__is_current=True,
        ).order_by("id")[offset : offset + n]
    )


def test_the_triggers_watch_every_table_the_counts_read() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE 'lvzhi_duty_%%'"
        )
        watched = {r[0] for r in cursor.fetchall()}
    assert watched == set(stored.WATCHED)


def test_stored_counts_equal_counting_again_after_varied_changes_seat_by_seat() -> None:
    from lvzhi.contacts.models import Contact, Holder
    from lvzhi.meetings.models import CheckIn, Meeting, Sitting, Speech
    from lvzhi.records.models import DisciplineNote
    from lvzhi.stations.models import Activity as StationActivity
    from lvzhi.stations.models import Evaluation, Station

    at = clock.now().replace(hour=4, minute=0, second=0, microsecond=0)
    year = clock.today().year
    pref = _prefecture()
    values = selectors.scheme_values(pref, year)[1]
    office = persona("office")
    with clock.frozen(at):
        _both(pref, year)  # stores the prefecture's seats
        _both(None, year, values)  # and every other congress's
        assert DutyCount.objects.filter(year=year).exists()
        seats = _deputies(12)
        meeting = Meeting.objects.order_by("id").first()
        # New records, written as a bulk load would (no service, no event).
        Speech.objects.bulk_create(
            Speech(meeting=meeting, deputy_id=s.deputy_id, text="发言", recorded_at=at)
            for s in seats[:6]
        )
        DisciplineNote.objects.create(
            deputy_id=seats[6].deputy_id,
            on=at.date(),
            kind="late",
            note="迟到",
            recorded_by=office,
            recorded_at=at,
        )
        # A record removed, a parent changed: a check-in gone, a sitting moved to next week
        # (its members' attendance and absences change), a report's evaluation changed.
        CheckIn.objects.filter(
            pk__in=CheckIn.objects.filter(sitting__meeting__opens_at__year=year).values("pk")[:1]
        ).delete()
        sitting = Sitting.objects.filter(meeting__opens_at__year=year, starts_at__lte=at).first()
        if sitting is not None:
            Sitting.objects.filter(pk=sitting.pk).update(starts_at=at + dt.timedelta(days=7))
        StationActivity.objects.filter(held_on__year=year, kind="report").update(
            evaluation=Evaluation.UNSATISFIED
        )
        # Duties dated ahead: not counted today, counted once their day has come.
        holder = Holder.objects.first()
        station = Station.objects.first()
        for s in seats[7:10]:
            Contact.objects.create(
                holder=holder,
                deputy_id=s.deputy_id,
                method="visit",
                on=at.date() + dt.timedelta(days=2),
                note="",
                recorded_by=office,
                recorded_at=at,
            )
        report = StationActivity.objects.create(
            station=station,
            kind="report",
            held_on=at.date() + dt.timedelta(days=1),
            title="述职",
            summary="",
            participants=30,
            evaluation=Evaluation.SATISFIED,
            recorded_at=at,
        )
        report.deputies.add(*[s.deputy_id for s in seats[10:12]])
        assert DirtyDeputy.objects.exists()
        _both(pref, year)
        _both(None, year, values)
        # The marks of the seats read are consumed.
        assert not DirtyDeputy.objects.filter(deputy_id__in=[s.deputy_id for s in seats]).exists()
        contacts_then = DutyCount.objects.get(year=year, membership=seats[7]).counts
    # Three days on: the contacts and the report have happened, the moved sitting not yet.
    with clock.frozen(at + dt.timedelta(days=3)):
        _both(pref, year)
        _both(None, year, values)
        contacts_now = DutyCount.objects.get(year=year, membership=seats[7]).counts
        assert contacts_now.get("contact", 0) == contacts_then.get("contact", 0) + 1
    # And back (a clock set back un-counts them).
    with clock.frozen(at):
        _both(pref, year)


def test_a_newly_recorded_duty_changes_the_stored_evaluation(seat: Membership) -> None:
    year = clock.today().year
    congress = seat.term.congress

    def mine() -> dict[str, int | None]:
        row = next(r for r in selectors.evaluate(congress, year) if r.membership.pk == seat.pk)
        return row.counts

    before = mine()
    stored_before = DutyCount.objects.get(year=year, membership=seat).counts
    services.discipline_note(
        actor=persona("office"),
        deputy=seat.deputy,
        on=clock.today(),
        kind="late",
        note="会议迟到十分钟。",
    )
    after = mine()
    assert after["discipline"] == (before["discipline"] or 0) + 1
    assert DutyCount.objects.get(year=year, membership=seat).counts.get("discipline", 0) == (
        stored_before.get("discipline", 0) + 1
    )


def _queries(congress: Congress, year: int) -> int:
    with CaptureQueriesContext(connection) as q:
        rows = selectors.evaluate(congress, year)
    assert rows
    return len(q)


def test_evaluating_one_congress_costs_the_same_queries_whatever_the_data() -> None:
    """A fixed number of queries, with few records changed or many, and for a small
    congress or the prefecture's."""
    from lvzhi.meetings.models import Meeting, Speech

    year = clock.today().year
    pref = _prefecture()
    small = (
        Congress.objects.exclude(pk=pref.pk)
        .filter(terms__is_current=True, terms__memberships__isnull=False)
        .order_by("id")
        .first()
    )
    assert small is not None
    selectors.evaluate(pref, year)
    selectors.evaluate(small, year)  # both stored
    meeting = Meeting.objects.order_by("id").first()
    seats = _deputies(200)

    def speeches(some: list[Membership], each: int) -> None:
        Speech.objects.bulk_create(
            Speech(meeting=meeting, deputy_id=s.deputy_id, text="发言", recorded_at=clock.now())
            for s in some
            for _ in range(each)
        )

    speeches(seats[:1], 1)
    few = _queries(pref, year)
    speeches(seats, 3)
    many = _queries(pref, year)
    assert many == few
    theirs = Membership.objects.filter(
        selectors.seats_in_year(year), term__congress=small, term__is_current=True
    ).first()
    assert theirs is not None
    speeches([theirs], 1)
    assert _queries(small, year) == few
    assert DutyCount.objects.get(year=year, membership=seats[0]).counts["speech"] >= 4


def _same_standings(
    congress: Congress | None, year: int, values: evaluation.SchemeValues, unit_ids: object = None
) -> list[evaluation.Standing]:
    """The evaluation of every seat in SQL (``standings``) and the Python path counting
    every source again: seat by seat the same seats, order, scores, places and flags."""
    python = [
        evaluation.standing(r)
        for r in selectors.evaluate(congress, year, unit_ids, values, use_stored=False)
    ]
    sql = selectors.standings(congress, year, unit_ids, values)
    assert len(sql) == len(python)
    for a, b in zip(sql, python, strict=True):
        assert a == b, (a, b)
    return sql


def test_standings_in_sql_equal_the_python_evaluation_seat_by_seat() -> None:
    from lvzhi.meetings.models import CheckIn, Meeting, Speech

    year = clock.today().year
    pref = _prefecture()
    defaults = selectors.scheme_values(pref, year)[1]
    ones = {k: Decimal(1) for k in rules.KIND_KEYS}
    schemes = [
        defaults,
        # Deductions, weights finer than the cent (the score rounds half to even: 3 × 0.125,
        # 0.375 → 0.38; 2 × 0.125 → 0.25; 0.005 × n), a talk at one absence.
        evaluation.SchemeValues(
            {
                **ones,
                "absence": Decimal(-5),
                "speech": Decimal("0.125"),
                "vote": Decimal("0.005"),
                "discipline": Decimal("-2.5"),
            },
            Decimal(3),
            Decimal(8),
            1,
        ),
        # Every weight zero: every seat ties at 0 (one place each unit), commended unless
        # absent; absences not a reason.
        evaluation.SchemeValues(
            {k: Decimal(0) for k in rules.KIND_KEYS}, Decimal(0), Decimal(0), 0
        ),
        # Negative thresholds, a small commendation threshold.
        evaluation.SchemeValues(
            {**defaults.weights, "attendance": Decimal("0.5")}, Decimal(-3), Decimal(1), 3
        ),
    ]
    meeting = Meeting.objects.order_by("id").first()
    seats = _deputies(30)
    # Ties and spread: some deputies speak 1 to 3 times, a check-in removed.
    Speech.objects.bulk_create(
        Speech(meeting=meeting, deputy_id=s.deputy_id, text="发言", recorded_at=clock.now())
        for i, s in enumerate(seats)
        for _ in range(i % 4)
    )
    CheckIn.objects.filter(
        pk__in=CheckIn.objects.filter(sitting__meeting__opens_at__year=year).values("pk")[:1]
    ).delete()
    flags: set[str] = set()
    tied = False
    for values in schemes:
        every = _same_standings(None, year, values)
        flags |= {s.flag for s in every}
        tied |= len({(s.electoral_unit_id, s.rank) for s in every}) < len(every)
        _same_standings(pref, year, values)
        units = list({s.electoral_unit_id for s in every if s.electoral_unit_id})[:2]
        _same_standings(None, year, values, units)
    assert flags == {evaluation.TALK, evaluation.COMMEND, ""}
    assert tied
    # After a change the SQL reads the refreshed counts.
    before = {s.seat_id: s.score for s in selectors.standings(pref, year, None, schemes[1])}
    Speech.objects.bulk_create(
        Speech(meeting=meeting, deputy_id=seats[0].deputy_id, text="发言", recorded_at=clock.now())
        for _ in range(40)
    )
    after = {s.seat_id: s.score for s in _same_standings(pref, year, schemes[1])}
    assert after[seats[0].pk] == before[seats[0].pk] + 5  # 40 × 0.125


def _speeches(seats: list[Membership], each: int = 1) -> None:
    from lvzhi.meetings.models import Meeting, Speech

    meeting = Meeting.objects.order_by("id").first()
    Speech.objects.bulk_create(
        Speech(meeting=meeting, deputy_id=s.deputy_id, text="发言", recorded_at=clock.now())
        for s in seats
        for _ in range(each)
    )


def _stored_speeches(seat: Membership) -> int:
    return int(
        DutyCount.objects.get(year=clock.today().year, membership=seat).counts.get("speech", 0)
    )


def test_the_periodic_refresh_drains_the_marks_of_congresses_nobody_reads() -> None:
    """``lvzhi duty_counts_refresh`` (deploy/systemd, every 15 minutes) consumes every mark
    and recounts those seats, whichever congress they sit in, with no evaluation read."""
    year = clock.today().year
    pref = _prefecture()
    stored.seat_counts(year, selectors.evaluated_seats(None, year))  # every seat stored
    seats = _deputies(3)
    before = [_stored_speeches(s) for s in seats]
    _speeches(seats, 2)
    assert DirtyDeputy.objects.count() >= 3
    out = io.StringIO()
    call_command("duty_counts_refresh", stdout=out)
    assert "seats recounted" in out.getvalue()
    assert not DirtyDeputy.objects.exists()
    assert [_stored_speeches(s) for s in seats] == [n + 2 for n in before]
    _both(pref, year)


def test_a_truncate_of_a_watched_table_drops_the_stored_counts() -> None:
    """A TRUNCATE has no rows to mark: every stored count goes, and the next evaluation
    counts again — never the counts of the rows that are gone."""
    year = clock.today().year
    pref = _prefecture()
    seats = _deputies(2)
    _speeches(seats, 3)
    selectors.evaluate(pref, year)
    assert _stored_speeches(seats[0]) >= 3
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on the table
        cursor.execute("TRUNCATE meetings_speech CASCADE")
    assert not DutyCount.objects.exists()
    assert not DirtyDeputy.objects.exists()
    _both(pref, year)
    assert _stored_speeches(seats[0]) == 0


def test_a_vote_is_not_marked_when_cast_and_counts_once_its_poll_is_closed() -> None:
    """No INSERT trigger on the votes (one statement less per vote): a vote counts once its
    poll is closed, and the close marks its voters."""
    from lvzhi.voting import services as voting

    from ..voting.helpers import named_poll

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'lvzhi_duty_ins'"
        )
        inserting = {r[0] for r in cursor.fetchall()}
    assert inserting == set(stored.WATCHED) - stored.NO_INSERT_MARK
    assert {"voting_namedvote", "voting_receipt"} == stored.NO_INSERT_MARK

    year = clock.today().year
    pref = _prefecture()
    poll, people = named_poll(members=6, present=5)
    voting.poll_open(actor=persona("office"), poll=poll)
    voter = Membership.objects.get(deputy=people[0], term__congress=pref, term__is_current=True)

    def votes() -> int | None:
        rows = selectors.evaluate(pref, year)
        return next(r for r in rows if r.membership.pk == voter.pk).counts["vote"]

    before = votes()
    DirtyDeputy.objects.all().delete()
    for d in people[:5]:
        voting.vote_cast(actor=d.user, poll=poll, choice="yes")
    assert not DirtyDeputy.objects.exists()  # casting marks nobody
    assert votes() == before  # an open poll's votes do not count yet
    _both(pref, year)
    voting.poll_close(actor=persona("office"), poll=poll)
    assert set(DirtyDeputy.objects.values_list("deputy_id", flat=True)) >= {
        d.pk for d in people[:5]
    }
    assert votes() == (before or 0) + 1
    _both(pref, year)
