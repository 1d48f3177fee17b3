"""Deputy groups (R19-R21): formation, plans, activities, the quarterly flag."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.activities import rules, selectors, services
from lvzhi.activities.models import ActivityKind, DeputyGroup, GroupActivity, GroupPlan
from lvzhi.core.errors import Conflict, NotFound, ValidationFailed
from lvzhi.registry.models import Membership, MembershipStatus, Organisation, OrgKind

from .conftest import persona

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _record(
    group: DeputyGroup, day: dt.date, actor_name: str = "groupleader", **kw: object
) -> GroupActivity:
    present = kw.pop("present", None) or list(
        Membership.objects.filter(
            deputy_group_id=group.organisation_id, status="serving"
        ).values_list("deputy_id", flat=True)[:2]
    )
    return services.group_activity_record(
        actor=persona(actor_name),
        group=group,
        kind=kw.pop("kind", ActivityKind.VISIT_VOTERS),
        title=kw.pop("title", "走访选民"),
        held_on=day,
        place="联络站",
        content="听取群众意见",
        present=present,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_r20_quarter_without_activity_flags_group_and_one_activity_clears_it(
    leader_group: DeputyGroup, frozen: object
) -> None:
    # Given a group with no activity in the first quarter of 2027
    frozen(dt.date(2027, 3, 31))  # type: ignore[operator]
    # When the quarter has not ended yet, it is not flagged
    assert selectors.quarter_statuses([leader_group], 2027)[leader_group.pk][0].flagged is False
    # When the quarter has ended
    frozen(dt.date(2027, 4, 1))  # type: ignore[operator]
    statuses = selectors.quarter_statuses([leader_group], 2027)[leader_group.pk]
    # Then the group is flagged for Q1 (and only Q1: Q2 is running)
    assert [s.quarter for s in statuses if s.flagged] == [1]
    assert [g.pk for g, qs in selectors.flagged_groups([leader_group], 2027)] == [leader_group.pk]
    # When the leader records one activity held in Q1
    _record(leader_group, dt.date(2027, 3, 20))
    # Then the flag is cleared
    statuses = selectors.quarter_statuses([leader_group], 2027)[leader_group.pk]
    assert [s.flagged for s in statuses] == [False, False, False, False]
    assert statuses[0].activities == 1
    assert selectors.flagged_groups([leader_group], 2027) == []


def test_r20_quarters_before_formation_are_not_flagged() -> None:
    assert rules.flagged_quarters([], 2027, dt.date(2027, 12, 31), dt.date(2027, 5, 1)) == [2, 3]


def test_r20_quarter_bounds() -> None:
    assert rules.quarter_bounds(2027, 1) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert rules.quarter_bounds(2027, 4) == (dt.date(2027, 10, 1), dt.date(2027, 12, 31))


def test_r19_group_formed_after_first_session_with_leaders_of_its_members(frozen: object) -> None:
    frozen(dt.date(2026, 5, 1))  # type: ignore[operator]
    org = (
        Organisation.objects.filter(kind=OrgKind.DEPUTY_GROUP, deputy_group_profile__isnull=True)
        .filter(group_memberships__status="serving")
        .distinct()
        .first()
    )
    assert org is not None
    ms = list(Membership.objects.filter(deputy_group=org, status="serving").select_related("term"))
    term = ms[0].term
    leader = ms[0].deputy
    before = DeputyGroup.objects.count()
    # A date not after the first session is refused, and nothing is written
    first = term.sessions.get(number=1)
    with pytest.raises(ValidationFailed) as exc:
        services.group_form(
            actor=persona("admin"),
            organisation=org,
            term=term,
            formed_on=first.closes_on,
            leader=leader,
        )
    assert exc.value.field == "formed_on"
    assert DeputyGroup.objects.count() == before
    # A leader from outside the group is refused
    outsider = Membership.objects.exclude(deputy_group=org).first()
    assert outsider is not None
    with pytest.raises(ValidationFailed):
        services.group_form(
            actor=persona("admin"),
            organisation=org,
            term=term,
            formed_on=first.closes_on + dt.timedelta(days=1),
            leader=outsider.deputy,
        )
    g = services.group_form(
        actor=persona("admin"),
        organisation=org,
        term=term,
        formed_on=first.closes_on + dt.timedelta(days=1),
        leader=leader,
        deputy_leader=ms[1].deputy if len(ms) > 1 else None,
    )
    assert g.leader_id == leader.pk
    with pytest.raises(Conflict):
        services.group_form(
            actor=persona("admin"),
            organisation=org,
            term=term,
            formed_on=first.closes_on + dt.timedelta(days=1),
            leader=leader,
        )


def test_r19_deputy_cannot_form_a_group(frozen: object) -> None:
    org = Organisation.objects.filter(
        kind=OrgKind.DEPUTY_GROUP, deputy_group_profile__isnull=True
    ).first()
    assert org is not None
    ms = Membership.objects.filter(deputy_group=org).first()
    if ms is None:
        pytest.skip("no member")
    with pytest.raises(NotFound):
        services.group_form(
            actor=persona("deputy"),
            organisation=org,
            term=ms.term,
            formed_on=dt.date(2025, 1, 1),
            leader=ms.deputy,
        )
    assert not DeputyGroup.objects.filter(organisation=org).exists()


def test_r21_leader_saves_the_annual_plan_once_per_year(
    leader_group: DeputyGroup, frozen: object
) -> None:
    frozen(dt.date(2027, 1, 10))  # type: ignore[operator]
    services.group_plan_save(
        actor=persona("groupleader"), group=leader_group, year=2027, content="一季度学习"
    )
    services.group_plan_save(
        actor=persona("groupleader"),
        group=leader_group,
        year=2027,
        content="一季度学习；二季度走访",
    )
    assert GroupPlan.objects.get(group=leader_group, year=2027).content == "一季度学习；二季度走访"
    with pytest.raises(ValidationFailed):
        services.group_plan_save(
            actor=persona("groupleader"), group=leader_group, year=2027, content="  \x00 "
        )


def test_r21_activity_needs_attendance_content_and_past_date(
    leader_group: DeputyGroup, frozen: object
) -> None:
    frozen(dt.date(2027, 2, 10))  # type: ignore[operator]
    before = GroupActivity.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        _record(leader_group, dt.date(2027, 2, 11))
    assert exc.value.field == "held_on"
    with pytest.raises(ValidationFailed) as exc:
        _record(leader_group, dt.date(2027, 2, 9), present=[], kind="bogus")
    with pytest.raises(ValidationFailed) as exc:
        _record(leader_group, dt.date(2027, 2, 9), present=[999999999])
    assert exc.value.field == "present"
    with pytest.raises(ValidationFailed):
        _record(leader_group, dt.date(2027, 2, 9), title="x" * 201)
    assert GroupActivity.objects.count() == before
    a = _record(leader_group, dt.date(2027, 2, 9), report="")
    members = Membership.objects.filter(
        deputy_group_id=leader_group.organisation_id, status="serving"
    ).count()
    assert a.attendance.count() == members
    assert a.attendance.filter(present=True).count() == 2
    services.group_activity_report(actor=persona("groupleader"), activity=a, report="活动报告")
    a.refresh_from_db()
    assert a.report == "活动报告"


def test_r21_another_groups_leader_cannot_record(leader_group: DeputyGroup, frozen: object) -> None:
    other = (
        DeputyGroup.objects.exclude(pk=leader_group.pk)
        .exclude(leader__user__username="groupleader")
        .first()
    )
    assert other is not None
    frozen(dt.date(2027, 2, 10))  # type: ignore[operator]
    before = GroupActivity.objects.count()
    with pytest.raises(NotFound):
        _record(other, dt.date(2027, 2, 9), present=[other.leader_id])
    assert GroupActivity.objects.count() == before


def test_activity_photo_checked_by_content(leader_group: DeputyGroup, frozen: object) -> None:
    frozen(dt.date(2027, 2, 10))  # type: ignore[operator]
    a = _record(leader_group, dt.date(2027, 2, 9))
    photo = services.activity_photo_add(
        actor=persona("groupleader"), activity=a, upload=SimpleUploadedFile("x.png", PNG)
    )
    assert photo.content_type == "image/png"
    with pytest.raises(ValidationFailed):
        services.activity_photo_add(
            actor=persona("groupleader"),
            activity=a,
            upload=SimpleUploadedFile("fake.jpg", b"<html>not an image"),
        )
    with pytest.raises(ValidationFailed):
        services.activity_photo_add(
            actor=persona("groupleader"),
            activity=a,
            upload=SimpleUploadedFile("doc.pdf", b"%PDF-1.4 hello"),
        )
    assert a.photos.count() == 1
    assert io.BytesIO(PNG).read(4) == PNG[:4]


def test_participations_of_lists_attended_group_activity(
    leader_group: DeputyGroup, frozen: object
) -> None:
    frozen(dt.date(2027, 2, 10))  # type: ignore[operator]
    a = _record(leader_group, dt.date(2027, 2, 9))
    present = a.attendance.filter(present=True).first()
    absent = a.attendance.filter(present=False).first()
    assert present is not None
    rows = selectors.participations_of(present.deputy_id, 2027)
    assert [(p.kind, p.title, p.on) for p in rows] == [
        ("group_activity", "走访选民", dt.date(2027, 2, 9))
    ]
    if absent is not None:
        assert selectors.participations_of(absent.deputy_id, 2027) == []


def test_r19_a_group_mixes_deputies_of_every_level() -> None:
    """R19 (Art 35-36, "各级人大代表混合编组"): a township's deputy group holds a deputy of the
    prefecture, of the county and of the township congress; a deputy of a congress whose area
    does not cover the group's place is refused."""
    from lvzhi.registry.models import Level, MembershipStatus

    serving = Membership.objects.filter(status=MembershipStatus.SERVING, term__is_current=True)
    township_seat = (
        serving.filter(term__congress__level=Level.TOWNSHIP)
        .select_related("term__congress")
        .first()
    )
    assert township_seat is not None
    town = township_seat.term.congress.division
    org = Organisation.objects.get(kind=OrgKind.DEPUTY_GROUP, division=town)
    county_seat = serving.filter(
        term__congress__level=Level.COUNTY, term__congress__division=town.parent
    ).first()
    pref_seat = serving.filter(term__congress__level=Level.PREFECTURE).first()
    assert county_seat is not None and pref_seat is not None
    office = persona("office")
    for seat in (pref_seat, county_seat, township_seat):
        services.group_member_add(actor=office, organisation=org, membership=seat)
    levels = set(serving.filter(deputy_group=org).values_list("term__congress__level", flat=True))
    assert levels == {Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP}
    elsewhere = (
        serving.exclude(term__congress__division__in=[town, town.parent])
        .filter(term__congress__level__in=[Level.COUNTY, Level.TOWNSHIP])
        .first()
    )
    assert elsewhere is not None
    with pytest.raises(ValidationFailed):
        services.group_member_add(actor=office, organisation=org, membership=elsewhere)


def test_r19_staff_add_a_deputy_of_another_level_from_the_group_page(
    login: object, leader_group: DeputyGroup
) -> None:
    """R19: the group's page offers, through the person picker (issue 22.2), the serving
    deputies of every level whose congress covers the group's place; the staff add one and
    the page lists their level. A deputy outside the area is refused with the reason beside
    the picker, and nothing the staff typed is lost."""
    client = login("office")  # type: ignore[operator]
    page = client.get(f"/activities/groups/{leader_group.pk}/").content.decode()
    assert 'role="combobox"' in page and "<option" not in page.split("members/add/")[1][:3000]
    seats = list(selectors.group_candidate_seats(leader_group).order_by("level", "sort_key"))
    assert seats
    seat = seats[-1]
    response = client.post(
        f"/activities/groups/{leader_group.pk}/members/add/", {"deputy": str(seat.deputy_id)}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        deputy=seat.deputy, deputy_group=leader_group.organisation
    ).exists()
    assert seat.deputy.name in client.get(f"/activities/groups/{leader_group.pk}/").content.decode()
    outside = (
        Membership.objects.filter(status=MembershipStatus.SERVING, term__is_current=True)
        .exclude(deputy__in=selectors.group_candidate_deputies(leader_group))
        .exclude(deputy_group=leader_group.organisation)
        .first()
    )
    assert outside is not None
    refused = client.post(
        f"/activities/groups/{leader_group.pk}/members/add/", {"deputy": str(outside.deputy_id)}
    )
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert not Membership.objects.filter(
        deputy=outside.deputy, deputy_group=leader_group.organisation
    ).exists()
