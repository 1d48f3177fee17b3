"""R03 (Art 5): the duty archive lists every kind of duty with counts that match the records
of the apps that keep them; the page's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.contacts.models import Contact
from lvzhi.core import clock
from lvzhi.meetings.models import Inquiry, Speech
from lvzhi.proposals.models import CoSigner as PCoSigner
from lvzhi.proposals.models import Proposal
from lvzhi.records import counts, rules, selectors, services, sources
from lvzhi.records.models import EntryStatus
from lvzhi.registry.models import Membership
from lvzhi.stations.models import DONE_STATUSES, OpinionAssignee
from lvzhi.suggestions.models import CoSigner, Suggestion
from lvzhi.voting.models import NamedVote, Receipt

from .conftest import pdf, persona

pytestmark = pytest.mark.django_db


def test_archive_lists_every_kind_with_counts_matching_the_source_records_R03(seat):
    year = clock.today().year
    d = seat.deputy_id
    a = selectors.archive(seat, year)
    got = {s.kind: s.count for s in a.sections}
    assert [s.kind for s in a.sections] == list(rules.KIND_KEYS)
    assert all(s.recorded for s in a.sections)
    expected = {
        "speech": Speech.objects.filter(deputy_id=d, recorded_at__year=year).count(),
        "inquiry": Inquiry.objects.filter(deputy_id=d, asked_at__year=year).count(),
        "vote": NamedVote.objects.filter(deputy_id=d, poll__closed_at__year=year).count()
        + Receipt.objects.filter(deputy_id=d, poll__closed_at__year=year).count(),
        "suggestion_led": Suggestion.objects.filter(proposer_id=d, submitted_at__year=year).count(),
        "suggestion_cosigned": CoSigner.objects.filter(
            deputy_id=d, status="confirmed", suggestion__submitted_at__year=year
        ).count(),
        "proposal_led": Proposal.objects.filter(proposer_id=d, submitted_at__year=year).count(),
        "proposal_cosigned": PCoSigner.objects.filter(
            deputy_id=d, status="confirmed", proposal__submitted_at__year=year
        ).count(),
        "opinion_answered": OpinionAssignee.objects.filter(
            deputy_id=d, opinion__status__in=DONE_STATUSES, opinion__handled_at__year=year
        ).count(),
        # The demo: one of the deputy's three entries confirmed by 伊宁市.
        "own_entry": 1,
    }
    contacts = Contact.objects.filter(deputy_id=d, on__year=year).count()
    assert got["contact"] >= contacts
    for kind, n in expected.items():
        assert got[kind] == n, kind
    # The demo deputy has a year of work: the archive is not empty.
    assert sum(got.values()) > 0
    # The items listed are the ones counted.
    for s in a.sections:
        if s.kind not in ("attendance", "absence", "leave"):
            assert len(s.items) == s.count, s.kind


def test_bulk_counts_of_the_evaluation_agree_with_each_archive_R48():
    """The evaluation counts everyone at once; the figures are those of each archive."""
    year = clock.today().year
    seats = Membership.objects.filter(
        selectors.seats_in_year(year), term__congress__level="prefecture", term__is_current=True
    ).select_related("deputy", "electoral_unit", "term__congress")
    bulk = counts.all_counts(year, seats)
    checked = 0
    for seat in list(seats.order_by("id"))[:40]:
        a = selectors.archive(seat, year)
        for s in a.sections:
            key = seat.pk if s.kind == "own_entry" else seat.deputy_id
            assert bulk[s.kind].get(key, 0) == s.count, (seat.pk, s.kind)
        checked += 1
    assert checked > 10


def test_a_kind_the_platform_does_not_record_shows_not_yet_recorded_not_zero(
    seat, monkeypatch, login
):
    """Issue 10: a capability not built shows 尚未记录 rather than 0."""
    real = sources.recorded
    monkeypatch.setattr(sources, "recorded", lambda app: app != "lvzhi.stations" and real(app))
    a = selectors.archive(seat, clock.today().year)
    by_kind = {s.kind: s for s in a.sections}
    assert not by_kind["station_duty"].recorded
    assert a.counts["station_duty"] is None and a.counts["opinion_answered"] is None
    page = login("deputy").get(f"/records/{seat.pk}/{clock.today().year}/")
    html = page.content.decode()
    assert 'data-kind="station_duty"><span class="muted">尚未记录' in html


def _add_records(seat, n: int) -> None:
    from lvzhi.meetings.models import Meeting

    meeting = Meeting.objects.order_by("id").first()
    now = clock.now()
    Speech.objects.bulk_create(
        [
            Speech(meeting=meeting, deputy_id=seat.deputy_id, recorded_at=now, text=f"发言{i}")
            for i in range(n)
        ]
    )
    office = persona("office")
    Contact.objects.bulk_create(
        [
            Contact(
                holder_id=_holder_id(),
                deputy_id=seat.deputy_id,
                method="visit",
                on=clock.today(),
                recorded_by=office,
                recorded_at=now,
            )
            for _ in range(n)
        ]
    )
    for i in range(3):
        services.entry_add(
            actor=persona("deputy"),
            seat=seat,
            kind="study",
            on=clock.today(),
            title=f"学习{i}",
            description="集中学习",
            upload=pdf(),
        )


def _holder_id() -> int:
    from lvzhi.contacts.models import Holder

    return Holder.objects.values_list("id", flat=True).order_by("id")[0]


def test_archive_page_query_count_does_not_grow_with_the_data(seat, login):
    client = login("deputy")
    url = f"/records/{seat.pk}/{clock.today().year}/"
    client.get(url)  # warm caches (session, grants)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _add_records(seat, 30)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after) == len(before)


def test_returned_entry_does_not_count_and_shows_its_reason(seat, login):
    year = clock.today().year
    a = selectors.archive(seat, year)
    returned = [e for e in a.entries if e.status == EntryStatus.RETURNED]
    assert returned and returned[0].return_reason
    html = login("deputy").get(f"/records/{seat.pk}/{year}/").content.decode()
    assert returned[0].return_reason in html


def test_entry_dated_in_the_future_is_refused(seat):
    from lvzhi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.entry_add(
            actor=persona("deputy"),
            seat=seat,
            kind="study",
            on=clock.today() + dt.timedelta(days=1),
            title="未来",
            description="x",
            upload=pdf(),
        )


def test_archive_counts_only_duties_that_have_happened_not_scheduled_ones_R03(seat):
    """R03 (Art 5): an inspection scheduled for next week is not a duty done; the archive and
    the evaluation's bulk counts (R48) count it once its day has come."""
    from lvzhi.activities.models import Inspection, InspectionKind, InspectionParticipant
    from lvzhi.registry.models import Organisation

    year = clock.today().year
    today = dt.date(year, 6, 10)
    noon = dt.datetime(year, 6, 10, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    seats = Membership.objects.filter(pk=seat.pk)
    with clock.frozen(noon):
        before = selectors.archive(seat, year).counts["inspection"]
        bulk_before = counts.all_counts(year, seats)["inspection"].get(seat.deputy_id, 0)
    for starts, title in ((today + dt.timedelta(days=7), "下周视察"), (today, "今日视察")):
        i = Inspection.objects.create(
            kind=InspectionKind.CENTRALISED,
            term=seat.term,
            organiser=Organisation.objects.filter(kind="committee").first()
            or Organisation.objects.first(),
            title=title,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=2),
            sites="各地",
            created_by=persona("office"),
            created_at=noon - dt.timedelta(days=30),
        )
        InspectionParticipant.objects.create(inspection=i, deputy_id=seat.deputy_id)
    with clock.frozen(noon):
        a = selectors.archive(seat, year)
        bulk = counts.all_counts(year, seats)["inspection"].get(seat.deputy_id, 0)
    titles = [i.title for s in a.sections if s.kind == "inspection" for i in s.items]
    assert "今日视察" in titles and "下周视察" not in titles
    assert a.counts["inspection"] == before + 1
    assert bulk == bulk_before + 1
