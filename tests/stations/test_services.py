"""The services of stations and opinions, rule by rule (R40, R42, R44)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lvzhi.core import clock, crypto, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import AuditEvent, Notification
from lvzhi.registry.models import Deputy
from lvzhi.stations import services
from lvzhi.stations.models import (
    Channel,
    MatterLevel,
    Opinion,
    Outcome,
    ReceptionDay,
    Station,
    StationDeputy,
    StationLevel,
    Status,
)
from lvzhi.suggestions.models import Status as SuggestionStatus
from lvzhi.suggestions.models import Suggestion

from .helpers import (
    assigned,
    data,
    deputy_account,
    other_station,
    persona_deputy,
    received,
    staff_of,
    station,
    u,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


# ---- R40, R44: stations ------------------------------------------------------------------------


def test_r40_every_station_of_the_tree_has_a_profile_of_its_level() -> None:
    levels = set(Station.objects.values_list("level", flat=True))
    assert levels == {StationLevel.HOME, StationLevel.STUDIO, StationLevel.POST}
    for st in Station.objects.select_related("organisation__division"):
        assert st.organisation.kind == "station"
        assert st.organisation.division is not None
        expected = {"township": "post", "county": "studio"}.get(
            st.organisation.division.level, "home"
        )
        assert st.level == expected


def test_r40_station_profile_only_for_a_station_organisation() -> None:
    org = station().organisation.parent
    assert org is not None
    with pytest.raises(ValidationFailed):
        services.station_create(actor=None, organisation=org, data=services.StationData("a", "b"))
    assert not Station.objects.filter(organisation=org).exists()


def test_r40_deputies_enter_a_station_once() -> None:
    st = station()
    with pytest.raises(ValidationFailed):
        services.station_deputy_add(actor=u("station"), station=st, deputy=persona_deputy())
    assert StationDeputy.objects.filter(station=st, deputy=persona_deputy()).count() == 1


def test_r40_staff_of_another_station_cannot_change_this_one() -> None:
    st = station()
    stranger = staff_of(other_station())
    before = st.address
    with pytest.raises(PermissionDenied):
        services.station_update(
            actor=stranger, station=st, data=services.StationData("别处", "全天", "")
        )
    st.refresh_from_db()
    assert st.address == before


def test_reception_day_lists_only_deputies_entering_the_station() -> None:
    st = station()
    outsider = Deputy.objects.exclude(station_entries__station=st).first()
    assert outsider is not None
    with pytest.raises(ValidationFailed):
        services.reception_day_schedule(
            actor=u("station"),
            station=st,
            day=clock.today() + dt.timedelta(days=3),
            starts_at=dt.time(10),
            ends_at=dt.time(12),
            deputies=[outsider],
        )
    rd = services.reception_day_schedule(
        actor=u("station"),
        station=st,
        day=clock.today() + dt.timedelta(days=3),
        starts_at=dt.time(15),
        ends_at=dt.time(17),
        deputies=[persona_deputy()],
        topic="听取居民意见",
    )
    assert list(rd.deputies.all()) == [persona_deputy()]
    with pytest.raises(ValidationFailed):
        services.reception_day_schedule(
            actor=u("station"),
            station=st,
            day=clock.today() + dt.timedelta(days=4),
            starts_at=dt.time(15),
            ends_at=dt.time(14),
            deputies=[persona_deputy()],
        )
    assert (
        ReceptionDay.objects.filter(station=st, day=clock.today() + dt.timedelta(days=4)).count()
        == 0
    )


# ---- R44: intake ------------------------------------------------------------------------------


def test_r44_online_opinion_gets_a_tracking_code_and_stores_contact_encrypted() -> None:
    o = services.opinion_submit(station=station(), data=data(phone="138 1234 5678"))
    assert o.channel == Channel.ONLINE and o.status == Status.RECEIVED
    assert len(o.tracking_code) == services.CODE_LENGTH
    assert set(o.tracking_code) <= set(services.CODE_ALPHABET)
    assert o.phone_masked == "138****5678" and o.citizen_name_masked == "张*"
    assert "13812345678" not in o.phone_encrypted and "张丽" not in o.citizen_name_encrypted
    assert crypto.decrypt(o.phone_encrypted) == "13812345678"
    assert o.phone_hash == crypto.lookup_hash("13812345678")
    assert Notification.objects.filter(user=u("station"), url__contains=str(o.pk)).exists()


def test_r44_opinion_to_a_deputy_must_name_a_deputy_entering_the_station() -> None:
    outsider = Deputy.objects.exclude(station_entries__station=station()).first()
    count = Opinion.objects.count()
    with pytest.raises(ValidationFailed):
        services.opinion_submit(station=station(), data=data(), deputy=outsider)
    assert Opinion.objects.count() == count


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "\x00\x00"),
        ("phone", "12345"),
        ("phone", ""),
        ("title", "   "),
        ("title", "路" * 101),
        ("body", "太短"),
        ("body", "长" * 2001),
        ("category", "nonsense"),
    ],
)
def test_bad_opinion_data_is_refused_with_the_field_named(field: str, value: str) -> None:
    count = Opinion.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.opinion_record(actor=u("station"), station=station(), data=data(**{field: value}))
    assert exc.value.field == field
    assert Opinion.objects.count() == count


def test_staff_of_another_station_cannot_record_here() -> None:
    count = Opinion.objects.count()
    with pytest.raises(PermissionDenied):
        services.opinion_record(actor=staff_of(other_station()), station=station(), data=data())
    assert Opinion.objects.count() == count


# ---- R42: triage and handling ------------------------------------------------------------------


def test_r42_every_step_sets_the_due_date_of_the_next() -> None:
    monday = dt.date(2026, 3, 2)
    with clock.frozen(at(monday)):
        o = received()
        assert o.due_on == dt.date(2026, 3, 5)  # assign within 3 working days
        o = services.opinion_assign(
            actor=u("station"),
            opinion=o,
            deputies=[persona_deputy()],
            matter_level=MatterLevel.LOCAL,
        )
        assert o.due_on == dt.date(2026, 3, 23)  # handle within 15 working days
        o = services.opinion_handle(
            actor=u("deputy"), opinion=o, outcome=Outcome.ANSWERED, note="已现场答复。"
        )
        assert o.due_on == dt.date(2026, 3, 9)  # answer the citizen within 5 working days
        o = services.opinion_answer(actor=u("station"), opinion=o, feedback="已电话告知。")
        assert o.due_on is None and o.status == Status.ANSWERED
        o = services.opinion_close(actor=u("station"), opinion=o)
    assert o.status == Status.CLOSED
    kinds = list(events.of(o).values_list("kind", flat=True))
    assert kinds == [
        "stations.received",
        "stations.assigned",
        "stations.handled",
        "stations.answered",
        "stations.closed",
    ]


def test_r42_personal_matter_is_not_given_to_deputies() -> None:
    o = received()
    with pytest.raises(ValidationFailed) as exc:
        services.opinion_assign(
            actor=u("station"),
            opinion=o,
            deputies=[persona_deputy()],
            matter_level=MatterLevel.PERSONAL,
        )
    assert exc.value.field == "matter_level"
    o.refresh_from_db()
    assert o.status == Status.RECEIVED and o.assignees.count() == 0


def test_r42_personal_matter_is_redirected_with_an_explanation() -> None:
    o = received()
    with pytest.raises(ValidationFailed):
        services.opinion_redirect(actor=u("station"), opinion=o, explanation="  ")
    o.refresh_from_db()
    assert o.status == Status.RECEIVED
    o = services.opinion_redirect(
        actor=u("station"), opinion=o, explanation="请依法向人民法院起诉或到信访部门反映。"
    )
    assert o.status == Status.HANDLED
    assert (o.matter_level, o.outcome) == (MatterLevel.PERSONAL, Outcome.REDIRECTED)


def test_r42_local_matter_is_not_forwarded_upwards() -> None:
    o = assigned(MatterLevel.LOCAL)
    with pytest.raises(ValidationFailed):
        services.opinion_handle(
            actor=u("deputy"),
            opinion=o,
            outcome=Outcome.FORWARDED,
            note="转上级",
            transferred_to="县人大常委会",
        )
    o.refresh_from_db()
    assert o.status == Status.ASSIGNED and o.outcome == ""


def test_r42_higher_matter_goes_through_the_upper_standing_committee() -> None:
    o = assigned(MatterLevel.HIGHER)
    with pytest.raises(ValidationFailed):
        services.opinion_handle(
            actor=u("deputy"), opinion=o, outcome=Outcome.ANSWERED, note="当场答复"
        )
    with pytest.raises(ValidationFailed) as exc:
        services.opinion_handle(
            actor=u("deputy"), opinion=o, outcome=Outcome.FORWARDED, note="已转交"
        )
    assert exc.value.field == "transferred_to"
    o = services.opinion_handle(
        actor=u("deputy"),
        opinion=o,
        outcome=Outcome.FORWARDED,
        note="已由市人大常委会转交有关部门办理。",
        transferred_to="伊宁市人大常委会",
    )
    assert (o.status, o.transferred_to) == (Status.HANDLED, "伊宁市人大常委会")


def test_r42_not_accepted_needs_a_reason() -> None:
    o = assigned()
    with pytest.raises(ValidationFailed):
        services.opinion_handle(actor=u("deputy"), opinion=o, outcome=Outcome.NOT_ACCEPTED, note="")
    o.refresh_from_db()
    assert o.status == Status.ASSIGNED


def test_r42_deputy_turns_an_opinion_into_a_draft_suggestion_keeping_the_link() -> None:
    o = assigned()
    s = services.opinion_to_suggestion(actor=u("deputy"), opinion=o)
    o.refresh_from_db()
    assert (o.status, o.outcome, o.suggestion_id) == (Status.HANDLED, Outcome.SUGGESTION, s.pk)
    assert s.status == SuggestionStatus.DRAFT and s.proposer == persona_deputy()
    assert o.tracking_code in s.body
    assert "张丽" not in s.body and "13812345678" not in s.body


def test_r42_only_an_assigned_deputy_handles_the_opinion() -> None:
    o = received()
    with pytest.raises(NotFound):
        services.opinion_handle(actor=u("deputy"), opinion=o, outcome=Outcome.ANSWERED, note="答复")
    o = services.opinion_assign(
        actor=u("station"),
        opinion=o,
        deputies=[persona_deputy()],
        matter_level=MatterLevel.LOCAL,
    )
    with pytest.raises(PermissionDenied):
        services.opinion_handle(
            actor=u("station"), opinion=o, outcome=Outcome.ANSWERED, note="答复"
        )
    other = StationDeputy.objects.exclude(deputy=persona_deputy()).filter(station=station()).first()
    assert other is not None
    with pytest.raises(NotFound):
        services.opinion_to_suggestion(actor=deputy_account(other.deputy), opinion=o)
    o.refresh_from_db()
    assert o.status == Status.ASSIGNED and o.suggestion_id is None
    assert not Suggestion.objects.filter(body__contains=o.tracking_code).exists()


def test_r42_assignment_only_to_deputies_entering_the_station() -> None:
    o = received()
    outsider = Deputy.objects.exclude(station_entries__station=station()).first()
    assert outsider is not None
    with pytest.raises(ValidationFailed):
        services.opinion_assign(
            actor=u("station"), opinion=o, deputies=[outsider], matter_level=MatterLevel.LOCAL
        )
    o.refresh_from_db()
    assert o.status == Status.RECEIVED


def test_r42_steps_cannot_be_skipped() -> None:
    o = received()
    with pytest.raises(IllegalTransition):
        services.opinion_answer(actor=u("station"), opinion=o, feedback="已答复")
    with pytest.raises(IllegalTransition):
        services.opinion_close(actor=u("station"), opinion=o)
    o.refresh_from_db()
    assert o.status == Status.RECEIVED and o.feedback == ""


def test_r42_overdue_opinions_are_reminded_once_a_day() -> None:
    monday = dt.date(2026, 3, 2)
    with clock.frozen(at(monday)):
        o = received()
    with clock.frozen(at(monday + dt.timedelta(days=10))):
        first = services.overdue_remind()
        again = services.overdue_remind()
    assert first >= 1 and again == 0
    assert (
        Notification.objects.filter(
            user=u("station"), key__startswith=f"opinion-overdue:{o.pk}:"
        ).count()
        == 1
    )


# ---- privacy ---------------------------------------------------------------------------------


def test_contact_data_is_revealed_to_the_handlers_and_audited() -> None:
    o = assigned()
    name, phone = services.opinion_contact_reveal(actor=u("deputy"), opinion=o)
    assert (name, phone) == ("张丽", "13812345678")
    services.opinion_contact_reveal(actor=u("station"), opinion=o)
    events = AuditEvent.objects.filter(action="opinion.contact_revealed", object_id=str(o.pk))
    assert sorted(events.values_list("actor__username", flat=True)) == ["deputy", "station"]
    assert all("13812345678" not in str(e.after) for e in events)


@pytest.mark.parametrize("who", ["otherstaff", "admin", "office", "unassigned"])
def test_contact_data_is_refused_to_anyone_not_handling_the_opinion(who: str) -> None:
    o = assigned()
    if who == "otherstaff":
        actor = staff_of(other_station())
    elif who == "unassigned":
        other = StationDeputy.objects.exclude(deputy=persona_deputy()).filter(station=station())
        actor = deputy_account(other.first().deputy)  # type: ignore[union-attr]
    else:
        actor = u(who)
    with pytest.raises(NotFound):
        services.opinion_contact_reveal(actor=actor, opinion=o)
    assert not AuditEvent.objects.filter(
        action="opinion.contact_revealed", object_id=str(o.pk)
    ).exists()
