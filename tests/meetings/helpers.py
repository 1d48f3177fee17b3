"""Building blocks for meeting and voting tests: a Standing Committee meeting of the
prefecture with a few members who have accounts, and one sitting."""

from __future__ import annotations

import datetime as dt

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.meetings import services
from lvzhi.meetings.models import Meeting, MeetingKind, Sitting
from lvzhi.registry.models import Congress, Deputy, Membership, Term


def u(name: str) -> User:
    return User.objects.get(username=name)


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def congress() -> Congress:
    return term().congress


def deputies_with_accounts(n: int) -> list[Deputy]:
    """The persona "deputy" first, then serving prefecture deputies given an account."""
    own = Deputy.objects.select_related("user").get(user__username="deputy")
    out = [own]
    for m in (
        Membership.objects.filter(term=term(), status="serving")
        .exclude(deputy=own)
        .select_related("deputy__user")
        .order_by("id")[: n - 1]
    ):
        if m.deputy.user is None:
            user = User.objects.create_user(username=f"d{m.deputy_id}", password="x")
            m.deputy.user = user
            m.deputy.save(update_fields=["user"])
        out.append(m.deputy)
    return out


def sc_meeting(members: int = 6, opens_in_days: int = 20) -> tuple[Meeting, list[Deputy]]:
    opens = clock.now() + dt.timedelta(days=opens_in_days)
    meeting = services.meeting_create(
        actor=u("office"),
        congress=congress(),
        kind=MeetingKind.STANDING_COMMITTEE,
        title="自治州十五届人大常委会第三十次会议",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=1),
        place="州人大常委会会议室",
    )
    people = deputies_with_accounts(members)
    services.participants_add(actor=u("office"), meeting=meeting, deputy_ids=[d.pk for d in people])
    return meeting, people


def sitting_now(meeting: Meeting) -> Sitting:
    return services.sitting_add(
        actor=u("office"), meeting=meeting, title="第一次全体会议", starts_at=clock.now()
    )


def check_in(sitting: Sitting, people: list[Deputy]) -> None:
    for d in people:
        services.check_in(actor=d.user, sitting=sitting)


def session_meeting(members: int = 6, opens_in_days: int = 20) -> tuple[Meeting, list[Deputy]]:
    """A meeting for the term's first session (the demo uses the latest one)."""
    from lvzhi.registry.models import Session

    opens = clock.now() + dt.timedelta(days=opens_in_days)
    meeting = services.meeting_create(
        actor=u("secretariat"),
        congress=congress(),
        kind=MeetingKind.SESSION,
        session=Session.objects.get(term=term(), number=1),
        title="自治州第十五届人民代表大会第一次会议",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=4),
    )
    people = deputies_with_accounts(members)
    services.participants_add(
        actor=u("secretariat"), meeting=meeting, deputy_ids=[d.pk for d in people]
    )
    return meeting, people


def more_deputies(meeting: Meeting, n: int, prefix: str) -> list[Deputy]:
    """The small demo has fewer serving deputies than a large poll has voters: ``n`` more,
    each with an account (``<prefix><i>``), made members of the meeting."""
    template = Deputy.objects.order_by("pk").first()
    assert template is not None
    now = clock.now()
    made = []
    for i in range(n):
        deputy = Deputy.objects.create(
            name=f"测试代表{i}",
            name_pinyin=f"ceshi{i:05d}",
            name_initials="csdb",
            gender=template.gender,
            ethnicity=template.ethnicity,
            political_status=template.political_status,
            birth_date=template.birth_date,
            occupation_category=template.occupation_category,
            created_at=now,
            updated_at=now,
            user=User.objects.create_user(username=f"{prefix}{i}", password="x"),
        )
        made.append(deputy)
    services.participants_add(actor=u("office"), meeting=meeting, deputy_ids=[d.pk for d in made])
    return made
