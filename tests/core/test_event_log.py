"""The one append-only event log (issue 17): registered kinds, one event per state change in
every app's main services, nothing deleted with its subject, the database refusing changes, and
the old timeline rows arriving in the log."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import translation

from lvzhi.core import clock, eventcopy, events
from lvzhi.core.models import Event
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.models import Extension, Suggestion

from ..suggestions import helpers as sh

pytestmark = pytest.mark.django_db

APPS = [
    "suggestions",
    "proposals",
    "meetings",
    "contacts",
    "stations",
    "voting",
    "activities",
    "records",
    "registry",
]


@contextmanager
def writes_one(kind: str) -> Iterator[None]:
    """The block appends exactly one event to the log, of ``kind``."""
    before = Event.objects.aggregate(m=Max("id"))["m"] or 0
    yield
    new = list(Event.objects.filter(id__gt=before).values_list("kind", flat=True))
    assert new == [kind]


# ---- the registry --------------------------------------------------------------------------


@pytest.mark.parametrize("app", APPS)
def test_every_app_on_the_log_registers_its_kinds(app: str) -> None:
    assert events.kinds(app), f"{app} registers no event kind"


def test_every_registered_kind_has_a_translated_label_and_its_own_constructor() -> None:
    kinds = events.kinds()
    assert len(kinds) == len({k.code for k in kinds})
    for k in kinds:
        assert k.code.split(".", 1)[0] in APPS
        with translation.override(None):
            msgid = str(k.label)
        assert msgid and msgid != k.code
        with translation.override("zh-hans"):
            assert str(k.label) != msgid, f"{k.code}: {msgid!r} has no zh_Hans translation"
        assert callable(k.constructor)
        assert k.constructor.event_kind == k.code  # type: ignore[attr-defined]
        params = inspect.signature(k.constructor).parameters
        assert "actor" in params
        assert all(p.kind == p.KEYWORD_ONLY for p in params.values())


def test_an_unknown_kind_is_refused() -> None:
    s = sh.draft()
    with pytest.raises(events.UnknownEventKind):
        events.record(kind="suggestions.teleported", subject=s, actor=None)


def test_the_timeline_shows_the_registered_label() -> None:
    s = sh.submitted()
    with translation.override("zh-hans"):
        labels = [e.label for e in s.timeline]
    assert labels[:2] == ["起草建议", "已提交"]


# ---- one event per state change ------------------------------------------------------------


def test_suggestion_services_write_one_event_each() -> None:
    with writes_one("suggestions.drafted"):
        s = sh.draft()
    invitee = sh.fellow_deputies(1)[0]
    with writes_one("suggestions.cosigner_invited"):
        suggestion_services.cosigner_invite(actor=sh.deputy_user(), suggestion=s, deputy=invitee)
    with writes_one("suggestions.cosign_confirmed"):
        suggestion_services.cosign_respond(actor=invitee.user, suggestion=s, accept=True)
    with writes_one("suggestions.submitted"):
        s = suggestion_services.submit(actor=sh.deputy_user(), suggestion=s)
    p = sh.plan()
    with writes_one("suggestions.assigned"):
        s = suggestion_services.assign(
            actor=sh.u("office"),
            suggestion=s,
            lead=sh.education_bureau(),
            co_units=[],
            plan=p,
            assigned_on=dt.date(2026, 3, 10),
        )
    assert s.due_on is not None
    with writes_one("suggestions.extension_requested"):
        suggestion_services.extension_request(
            actor=sh.u("handling"),
            suggestion=s,
            reason="需要协调资金",
            requested_due_on=s.due_on + dt.timedelta(days=30),
        )
    with writes_one("suggestions.extension_approved"):
        suggestion_services.extension_decide(
            actor=sh.u("office"), extension=Extension.objects.get(suggestion=s), approve=True
        )
    with writes_one("suggestions.replied"):
        suggestion_services.reply(
            actor=sh.u("handling"),
            suggestion=s,
            result_class="A",
            body="已将相关学校改扩建列入今年计划，预计秋季开学前完工。",
        )
    with writes_one("suggestions.evaluated"):
        suggestion_services.evaluate(actor=sh.deputy_user(), suggestion=s, rating="satisfied")


def test_proposal_services_write_one_event_each() -> None:
    from lvzhi.proposals import services

    from ..proposals import helpers as ph

    with clock.frozen(ph.before_deadline()):
        with writes_one("proposals.drafted"):
            p = ph.draft()
        co = ph.colleagues(1)[0]
        with writes_one("proposals.cosigner_invited"):
            services.cosigner_invite(actor=ph.proposer(), proposal=p, deputy=co)
        with writes_one("proposals.cosign_declined"):
            services.cosign_respond(actor=co.user, proposal=p, accept=False)
    p = ph.received()
    day = dt.date(2026, 1, 12)
    sec = ph.u("secretariat")
    with writes_one("proposals.recommended"):
        services.recommend(
            actor=sec, proposal=p, text="建议提请审查。", on=day, document_no="秘〔2026〕1号"
        )
    with writes_one("proposals.reported"):
        services.committee_report(
            actor=sec, proposal=p, text="建议列入议程。", on=day, document_no="审〔2026〕1号"
        )
    with writes_one("proposals.placed"):
        services.presidium_decide(
            actor=sec, proposal=p, placed=True, on=day, document_no="主〔2026〕1号"
        )


def test_meeting_services_write_one_event_each() -> None:
    from lvzhi.meetings import services
    from lvzhi.meetings.models import MeetingKind

    from ..meetings import helpers as mh

    opens = clock.now() + dt.timedelta(days=20)
    with writes_one("meetings.created"):
        meeting = services.meeting_create(
            actor=mh.u("office"),
            congress=mh.congress(),
            kind=MeetingKind.STANDING_COMMITTEE,
            title="自治州十五届人大常委会第三十一次会议",
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=1),
            place="州人大常委会会议室",
        )
    people = mh.deputies_with_accounts(2)
    with writes_one("meetings.participants_added"):
        services.participants_add(
            actor=mh.u("office"), meeting=meeting, deputy_ids=[d.pk for d in people]
        )
    with writes_one("meetings.sitting_added"):
        sitting = mh.sitting_now(meeting)
    with writes_one("meetings.checked_in"):
        services.check_in(actor=people[0].user, sitting=sitting)
    with writes_one("meetings.leave_requested"):
        leave = services.leave_request(actor=people[1].user, meeting=meeting, reason="出差")
    with writes_one("meetings.leave_decided"):
        services.leave_decide(actor=mh.u("admin"), leave=leave, approve=True)


def test_contacts_meeting_request_services_write_one_event_each() -> None:
    from lvzhi.contacts import services

    from ..contacts import test_meetings as cm

    with writes_one("contacts.meeting_requested"):
        mr = cm.request()
    with clock.frozen(cm.BETWEEN + dt.timedelta(days=1)):
        with writes_one("contacts.meeting_arranged"):
            services.meeting_request_arrange(actor=cm.u("office"), request=mr, note="已联系")
        with writes_one("contacts.meeting_declined"):
            services.meeting_request_decline(actor=cm.u("office"), request=mr, reason="已答复")


def test_station_opinion_services_write_one_event_each() -> None:
    from lvzhi.stations import services
    from lvzhi.stations.models import MatterLevel, Outcome

    from ..stations import helpers as st

    with writes_one("stations.received"):
        o = st.received()
    with writes_one("stations.assigned"):
        o = services.opinion_assign(
            actor=st.u("station"),
            opinion=o,
            deputies=[st.persona_deputy()],
            matter_level=MatterLevel.LOCAL,
        )
    with writes_one("stations.handled"):
        o = services.opinion_handle(
            actor=st.u("deputy"), opinion=o, outcome=Outcome.ANSWERED, note="已现场答复。"
        )
    with writes_one("stations.answered"):
        o = services.opinion_answer(actor=st.u("station"), opinion=o, feedback="已电话告知。")
    with writes_one("stations.closed"):
        services.opinion_close(actor=st.u("station"), opinion=o)


def test_poll_state_changes_are_logged_and_no_event_names_a_voter() -> None:
    from lvzhi.voting import services
    from lvzhi.voting.models import Candidate

    from ..voting import helpers as vh

    meeting, people = vh.sc_meeting(members=6)
    sitting = vh.sitting_now(meeting)
    vh.check_in(sitting, people[:5])
    with writes_one("voting.poll_created"):
        poll = services.poll_create(
            actor=vh.u("office"), sitting=sitting, kind="named", subject="bill", title="条例草案"
        )
    with writes_one("voting.poll_opened"):
        poll = services.poll_open(actor=vh.u("office"), poll=poll)
    with writes_one("voting.poll_closed"):
        services.poll_close(actor=vh.u("office"), poll=poll)

    election, voters = vh.election()
    election = services.poll_open(actor=vh.u("office"), poll=election)
    a = Candidate.objects.filter(poll=election).first()
    assert a is not None
    before = Event.objects.count()
    services.ballot_cast(actor=voters[0].user, poll=election, marks={a.pk: "yes"})
    assert Event.objects.count() == before  # a secret ballot leaves no trace in the log
    election2, _p = vh.election()
    election2 = services.poll_open(actor=vh.u("office"), poll=election2)
    with writes_one("voting.poll_counted"):
        services.poll_record_count(actor=vh.u("office"), poll=election2, issued=6, returned=6)
    voter_users = {d.user_id for d in [*people, *voters]}
    for e in Event.objects.filter(kind__startswith="voting."):
        assert e.actor_id not in voter_users
        assert not {"deputy", "voter", "ballot", "choice"} & set(e.data)


def test_activities_services_write_one_event_each() -> None:
    from lvzhi.activities import services
    from lvzhi.activities.models import Thread

    thread = Thread.objects.filter(hidden=False, locked=False).first()
    assert thread is not None
    with writes_one("activities.thread_moderated_lock"):
        services.thread_moderate(actor=sh.u("office"), thread=thread, action="lock")
    e = events.of(thread).last()
    assert e is not None and e.subject_type == "activities.thread"
    assert e.subject_id == thread.pk


def test_registry_seat_services_write_one_event_each() -> None:
    from lvzhi.registry import services
    from lvzhi.registry.models import MembershipStatus

    from ..registry.factories import deputy_data, yining_membership

    yining = sh.u("yining")
    with writes_one("registry.seat_elected"):
        deputy = services.deputy_create(
            actor=yining, data=deputy_data(), membership=yining_membership()
        )
    seat = deputy.memberships.get()
    with writes_one("registry.seat_status_changed"):
        services.membership_change_status(
            actor=yining, membership=seat, status=MembershipStatus.SUSPENDED, on=dt.date(2024, 6, 1)
        )
    e = events.of(seat).last()
    assert e is not None and e.subject_label == str(seat)
    with translation.override("zh-hans"):
        assert e.detail.startswith("暂停执行代表职务 · 2024-06-01")


# ---- nothing is deleted with its subject; the log cannot be changed ------------------------


def test_deleting_a_subject_keeps_its_events() -> None:
    s = sh.draft()
    pk = s.pk
    Suggestion.objects.filter(pk=pk).delete()
    kept = Event.objects.filter(subject_type="suggestions.suggestion", subject_id=pk)
    assert list(kept.values_list("kind", "subject_label")) == [
        ("suggestions.drafted", "关于加快通村公路提升改造的建议")
    ]


def test_the_application_refuses_to_change_or_delete_an_event() -> None:
    e = sh.draft().timeline[0]
    with pytest.raises(RuntimeError):
        e.save()
    with pytest.raises(RuntimeError):
        e.delete()


def test_the_database_refuses_an_update_of_the_log() -> None:
    e = sh.draft().timeline[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=e.pk).update(kind="suggestions.withdrawn")
    assert Event.objects.get(pk=e.pk).kind == "suggestions.drafted"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_event SET kind = 'suggestions.withdrawn' WHERE id = %s",
        "DELETE FROM core_event WHERE id = %s",
        "TRUNCATE core_event",
    ],
)
def test_postgresql_refuses_update_delete_and_truncate_of_the_log(sql: str) -> None:
    e = sh.draft().timeline[0]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test connections allow the flush's TRUNCATE (tests/conftest.py); not here.
        cursor.execute("SET LOCAL lvzhi.events_purge = 'off'")
        cursor.execute(sql, [e.pk] if "%s" in sql else None)
    assert Event.objects.filter(pk=e.pk).exists()


# ---- the old rows arrive -------------------------------------------------------------------


def test_old_timeline_rows_arrive_in_the_log_with_their_kind_actor_and_data() -> None:
    s = sh.submitted()
    office = sh.u("office")
    at = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    old_rows = [
        {
            "at": at,
            "actor_id": office.pk,
            "kind": "classified",
            "subject_id": s.pk,
            "subject_label": s.title,
            "term_id": s.term_id,
            "data": {"category": "education", "key_supervision": True},
        },
        {
            "at": at,
            "actor_id": None,
            "kind": "screening_flagged",
            "subject_id": s.pk,
            "subject_label": s.title,
            "data": {"reasons": ["personal"]},
        },
    ]
    converted = eventcopy.convert(
        old_rows,
        app="suggestions",
        subject_type="suggestions.suggestion",
        actors={office.pk: str(office)},
    )
    Event.objects.bulk_create([Event(**f) for f in converted])
    arrived = [e for e in events.timeline(s) if e.occurred_at == at]
    assert [(e.kind, e.actor_id, e.actor_label) for e in arrived] == [
        ("suggestions.classified", office.pk, str(office)),
        ("suggestions.screening_flagged", None, ""),
    ]
    assert arrived[0].data == {"category": "education", "key_supervision": True}
    assert arrived[0].term_id == s.term_id
    assert all(e.label != e.kind for e in arrived)


def test_old_meeting_request_rows_get_their_note_as_data() -> None:
    rows = [{"at": clock.now(), "actor_id": None, "kind": "declined", "subject_id": 7,
             "subject_label": "关于牧区道路除雪问题", "note": "已书面答复"}]  # fmt: skip
    (fields,) = eventcopy.convert(
        rows,
        app="contacts",
        subject_type="contacts.meetingrequest",
        actors={},
        kind_of=lambda k: f"meeting_{k}",
        data_of=lambda row: {"note": row["note"]},
    )
    assert fields["kind"] == "contacts.meeting_declined"
    assert fields["data"] == {"note": "已书面答复"}
    assert fields["kind"] in {k.code for k in events.kinds("contacts")}


# ---- the audit pages read the log ----------------------------------------------------------


def test_administrators_read_the_domain_events_beside_the_audit_log(login) -> None:
    from django.urls import reverse

    s = sh.submitted(title="关于冬季牧道除雪的建议")
    admin = login("admin")
    url = reverse("registry:event_log")
    body = admin.get(url, {"q": "冬季牧道", "action": "suggestions."}).content.decode()
    assert "关于冬季牧道除雪的建议" in body and "已提交" in body
    assert "起草建议" in body
    none = admin.get(url, {"q": "冬季牧道", "action": "proposals."}).content.decode()
    assert "关于冬季牧道除雪的建议" not in none
    response = admin.get(url, {"q": "冬季牧道", "format": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv.count("关于冬季牧道除雪的建议") == len(s.timeline)
    assert (
        reverse("registry:event_log") in admin.get(reverse("registry:audit_list")).content.decode()
    )
    assert login("office").get(url).status_code == 403


def test_the_meeting_page_shows_its_staff_the_timeline_from_the_log(login) -> None:
    from django.urls import reverse

    from ..meetings import helpers as mh

    meeting, people = mh.sc_meeting(members=2)
    sitting = mh.sitting_now(meeting)
    mh.check_in(sitting, people[:1])
    url = reverse("meetings:detail", args=[meeting.pk])
    body = login("office").get(url).content.decode()
    assert "会议已创建" in body and "增加与会代表" in body and "增加场次" in body
    assert "代表签到" not in body  # each deputy's check-in is on the attendance page
    assert "会议已创建" not in login(people[0].user.username).get(url).content.decode()
