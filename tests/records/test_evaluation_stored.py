"""Issue 26.3: the evaluation reads counts stored per seat and refreshed from what changed
(``records/stored.py``). They must give exactly what counting every source again gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import clock
from lvzhi.records import selectors, services, stored
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
