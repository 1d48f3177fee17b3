"""R04-R05: speeches per deputy and sitting, briefs quoting them, inquiries and answers."""

from __future__ import annotations

import pytest

from lvzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lvzhi.meetings import selectors, services
from lvzhi.meetings.models import Brief, Inquiry, ParticipantRole, Speech
from lvzhi.registry.models import Organisation, OrgKind

from .helpers import sc_meeting, sitting_now, u

pytestmark = pytest.mark.django_db


def _organ() -> Organisation:
    return Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).order_by("path").first()


def test_r04_speech_recorded_per_deputy_and_sitting_by_staff_only() -> None:
    meeting, people = sc_meeting(members=3)
    sitting = sitting_now(meeting)
    speech = services.speech_record(
        actor=u("office"), meeting=meeting, deputy=people[1], sitting=sitting, text="建议加快立法"
    )
    assert (speech.deputy, speech.sitting, speech.recorded_by) == (people[1], sitting, u("office"))
    with pytest.raises(PermissionDenied):
        services.speech_record(actor=people[0].user, meeting=meeting, deputy=people[0], text="x")
    outsider = u("groupleader").deputy
    with pytest.raises(NotFound):
        services.speech_record(actor=u("office"), meeting=meeting, deputy=outsider, text="x")
    assert Speech.objects.filter(meeting=meeting).count() == 1


def test_r31_deputy_attending_without_a_vote_may_speak() -> None:
    meeting, _people = sc_meeting(members=2)
    guest = u("groupleader").deputy
    services.participants_add(
        actor=u("office"), meeting=meeting, deputy_ids=[guest.pk], role=ParticipantRole.NON_VOTING
    )
    speech = services.speech_record(actor=u("office"), meeting=meeting, deputy=guest, text="意见")
    assert speech.deputy == guest


def test_r05_brief_quotes_speeches_and_counts_the_grassroots_ones() -> None:
    meeting, people = sc_meeting(members=3)
    speeches = [
        services.speech_record(actor=u("office"), meeting=meeting, deputy=d, text=f"发言{i}")
        for i, d in enumerate(people)
    ]
    with pytest.raises(ValidationFailed):
        services.brief_publish(actor=u("office"), meeting=meeting, title="简报", speech_ids=[])
    other, _p = sc_meeting(members=1)
    foreign = services.speech_record(
        actor=u("office"), meeting=other, deputy=_p[0], text="别的会议"
    )
    with pytest.raises(NotFound):
        services.brief_publish(
            actor=u("office"), meeting=meeting, title="简报", speech_ids=[foreign.pk]
        )
    first = services.brief_publish(
        actor=u("office"), meeting=meeting, title="第一期", speech_ids=[s.pk for s in speeches]
    )
    second = services.brief_publish(
        actor=u("office"), meeting=meeting, title="第二期", speech_ids=[speeches[0].pk]
    )
    assert (first.number, second.number) == (1, 2)
    rows = {r.brief.pk: r for r in selectors.deliberation(meeting)["briefs"]}
    assert rows[first.pk].speeches == 3
    assert rows[first.pk].grassroots == sum(1 for d in people if d.is_grassroots)
    assert Brief.objects.filter(meeting=meeting).count() == 2


def test_r04_inquiry_to_an_organ_and_its_answer_recorded_once() -> None:
    meeting, people = sc_meeting(members=2)
    with pytest.raises(ValidationFailed):
        services.inquiry_record(
            actor=u("office"),
            meeting=meeting,
            deputy=people[0],
            organ=Organisation.objects.filter(kind=OrgKind.DELEGATION).first(),
            question="?",
        )
    inquiry = services.inquiry_record(
        actor=u("office"), meeting=meeting, deputy=people[0], organ=_organ(), question="进展如何？"
    )
    services.inquiry_answer(
        actor=u("office"), inquiry=inquiry, answer="正在推进", answered_by="局长 张明"
    )
    with pytest.raises(Conflict):
        services.inquiry_answer(actor=u("office"), inquiry=inquiry, answer="改", answered_by="x")
    inquiry.refresh_from_db()
    assert (inquiry.answer, inquiry.answered_by) == ("正在推进", "局长 张明")
    assert Inquiry.objects.filter(meeting=meeting).count() == 1


def test_deliberation_page_records_and_shows_in_chinese(login) -> None:
    meeting, people = sc_meeting(members=2)
    client = login("office")
    page = client.post(
        f"/meetings/{meeting.pk}/deliberation/",
        {"action": "speech", "deputy": people[1].pk, "sitting": "", "agenda_item": "", "text": ""},
    )
    assert page.status_code == 400 and not Speech.objects.filter(meeting=meeting).exists()
    page = client.post(
        f"/meetings/{meeting.pk}/deliberation/",
        {"action": "speech", "deputy": people[1].pk, "text": "关于草原保护的审议意见"},
    )
    assert page.status_code == 302
    speech = Speech.objects.get(meeting=meeting)
    page = client.post(
        f"/meetings/{meeting.pk}/deliberation/",
        {"action": "brief", "title": "会议简报", "speeches": [speech.pk]},
    )
    assert page.status_code == 302
    brief = Brief.objects.get(meeting=meeting)
    text = login("deputy").get(f"/meetings/briefs/{brief.pk}/").content.decode()
    assert "关于草原保护的审议意见" in text and "第1期" in text
    assert login("station").get(f"/meetings/briefs/{brief.pk}/").status_code == 404
    assert (
        login("deputy")
        .post(f"/meetings/{meeting.pk}/deliberation/", {"action": "speech"})
        .status_code
        == 404
    )
