"""R30-R31: deputies attending a Standing Committee meeting without a vote (列席)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lvzhi.core.errors import Conflict, ValidationFailed
from lvzhi.meetings import planner, services
from lvzhi.meetings.models import Participant, ParticipantRole

from .helpers import sc_meeting, sitting_now, u

pytestmark = pytest.mark.django_db


def test_r30_planner_proposes_about_ten_with_reasons_and_skips_members() -> None:
    meeting, people = sc_meeting(members=3)
    proposals = planner.propose(meeting)
    assert 0 < len(proposals) <= 10
    assert all(p.reasons for p in proposals)
    assert not {p.deputy.pk for p in proposals} & {d.pk for d in people}
    scores = [p.score for p in proposals]
    assert scores == sorted(scores, reverse=True)


def test_r30_not_yet_invited_this_term_ranks_first_and_coverage_rises() -> None:
    meeting, _people = sc_meeting(members=1)
    before, serving = planner.coverage(meeting)
    first = planner.propose(meeting)[0]
    assert "本届尚未列席" in planner.reason_text(first)
    services.attendees_fix(
        actor=u("office"), meeting=meeting, invitations={first.deputy.pk: "基层代表"}
    )
    # The coverage counts attendance: the invitation alone does not raise it, the check-in does.
    assert planner.coverage(meeting) == (before, serving)
    services.check_in(actor=u("office"), sitting=sitting_now(meeting), deputy=first.deputy)
    after, serving_after = planner.coverage(meeting)
    assert (after, serving_after) == (before + 1, serving)
    next_meeting, _p = sc_meeting(members=1)
    assert first.deputy.pk not in [
        p.deputy.pk for p in planner.propose(next_meeting) if "本届尚未列席" in p.reasons
    ]


def test_r31_list_fixed_under_10_days_needs_a_reason_and_is_fixed_once() -> None:
    meeting, _people = sc_meeting(members=1, opens_in_days=5)
    pick = planner.propose(meeting)[0].deputy
    with pytest.raises(ValidationFailed) as exc:
        services.attendees_fix(actor=u("office"), meeting=meeting, invitations={pick.pk: "x"})
    assert "10" in exc.value.message
    assert not Participant.objects.filter(meeting=meeting, role=ParticipantRole.NON_VOTING)
    services.attendees_fix(
        actor=u("office"), meeting=meeting, invitations={pick.pk: "x"}, late_reason="议题调整"
    )
    meeting.refresh_from_db()
    assert meeting.attendees_late_reason == "议题调整" and meeting.attendees_fixed_at
    with pytest.raises(Conflict):
        services.attendees_fix(actor=u("office"), meeting=meeting, invitations={pick.pk: "x"})


def test_r31_attendees_page_fixes_the_proposed_list(login) -> None:
    meeting, _people = sc_meeting(members=1, opens_in_days=12)
    client = login("office")
    page = client.get(f"/meetings/{meeting.pk}/attendees/")
    assert page.status_code == 200 and "覆盖" in page.content.decode()
    ids = [p.deputy.pk for p in planner.propose(meeting)]
    data = {"deputy": [str(i) for i in ids], **{f"reason_{i}": "基层代表" for i in ids}}
    assert client.post(f"/meetings/{meeting.pk}/attendees/", data).status_code == 302
    invited = Participant.objects.filter(meeting=meeting, role=ParticipantRole.NON_VOTING)
    assert sorted(invited.values_list("deputy_id", flat=True)) == sorted(ids)
    assert login("deputy").get(f"/meetings/{meeting.pk}/attendees/").status_code == 404


def test_r30_a_list_over_the_limit_is_refused_with_a_message_not_cut(login) -> None:
    """rules.ATTENDEES_LIST_MAX: the page used to keep the first 50 ticked deputies silently."""
    from lvzhi.meetings import rules
    from lvzhi.registry.models import Deputy

    meeting, _people = sc_meeting(members=1)
    ids = list(
        Deputy.objects.order_by("pk").values_list("pk", flat=True)[: rules.ATTENDEES_LIST_MAX + 1]
    )
    assert len(ids) == rules.ATTENDEES_LIST_MAX + 1
    with pytest.raises(ValidationFailed) as exc:
        services.attendees_fix(
            actor=u("office"), meeting=meeting, invitations={i: "x" for i in ids}
        )
    assert exc.value.field == "deputies" and str(rules.ATTENDEES_LIST_MAX) in exc.value.message
    page = login("office").post(
        f"/meetings/{meeting.pk}/attendees/", {"deputy": [str(i) for i in ids]}
    )
    assert page.status_code == 400
    assert f"至多邀请 {rules.ATTENDEES_LIST_MAX} 名代表列席" in page.content.decode()
    assert not Participant.objects.filter(meeting=meeting, role=ParticipantRole.NON_VOTING)


def test_r31_a_late_reason_over_the_column_is_refused_and_kept_on_the_page(login) -> None:
    from lvzhi.meetings import rules

    meeting, _people = sc_meeting(members=1, opens_in_days=5)
    pick = planner.propose(meeting)[0].deputy
    long_reason = "议" * (rules.LATE_REASON_MAX_LENGTH + 1)
    with pytest.raises(ValidationFailed) as exc:
        services.attendees_fix(
            actor=u("office"), meeting=meeting, invitations={pick.pk: "x"}, late_reason=long_reason
        )
    assert exc.value.field == "late_reason"
    page = login("office").post(
        f"/meetings/{meeting.pk}/attendees/",
        {"deputy": [str(pick.pk)], f"reason_{pick.pk}": "x", "late_reason": long_reason},
    )
    assert page.status_code == 400 and long_reason in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.attendees_fixed_at is None


def test_r30_coverage_counts_attendance_not_invitations() -> None:
    """R30 (Art 56): term coverage counts deputies who attended (checked in to a sitting or
    registered), not those only invited; the compliance figure agrees."""
    from lvzhi.meetings import selectors

    meeting, _people = sc_meeting(members=1, opens_in_days=12)
    picks = [p.deputy for p in planner.propose(meeting)[:2]]
    before, _serving = planner.coverage(meeting)
    services.attendees_fix(
        actor=u("office"), meeting=meeting, invitations={d.pk: "基层代表" for d in picks}
    )
    assert planner.coverage(meeting)[0] == before
    services.check_in(actor=u("office"), sitting=sitting_now(meeting), deputy=picks[0])
    assert planner.coverage(meeting)[0] == before + 1
    end = timezone.localdate(meeting.opens_at)
    start = end.replace(month=1, day=1)
    attended = selectors.non_voting_term_coverage(meeting.congress_id, start, end)
    assert picks[0].pk in attended and picks[1].pk not in attended


def test_r30_staff_may_add_any_serving_deputy_of_the_term_besides_the_proposed(login) -> None:
    """R30: the planner proposes about ten; the staff may add any other serving deputy of the
    term, and no one else."""
    from lvzhi.registry.models import Deputy, Membership

    meeting, people = sc_meeting(members=1, opens_in_days=12)
    proposed = {p.deputy.pk for p in planner.propose(meeting)}
    other = (
        Membership.objects.filter(
            term=meeting.congress.terms.get(is_current=True), status="serving"
        )
        .exclude(deputy_id__in=proposed | {d.pk for d in people})
        .order_by("id")
        .first()
        .deputy
    )
    client = login("office")
    page = client.get(f"/meetings/{meeting.pk}/attendees/").content.decode()
    assert f'value="{other.pk}"' in page and other.name in page
    outsider = Deputy.objects.exclude(
        memberships__term__congress=meeting.congress, memberships__status="serving"
    ).first()
    assert outsider is not None
    with pytest.raises(ValidationFailed):
        services.attendees_fix(actor=u("office"), meeting=meeting, invitations={outsider.pk: "x"})
    first = next(iter(proposed))
    data = {"deputy": [str(first), str(other.pk)], f"reason_{first}": "基层代表"}
    assert client.post(f"/meetings/{meeting.pk}/attendees/", data).status_code == 302
    invited = dict(
        Participant.objects.filter(meeting=meeting, role=ParticipantRole.NON_VOTING).values_list(
            "deputy_id", "reason"
        )
    )
    assert set(invited) == {first, other.pk}
    assert invited[other.pk]  # a reason is recorded for the staff's own choice
