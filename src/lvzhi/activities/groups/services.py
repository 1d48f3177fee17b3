"""groups: services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import Conflict, NotFound, ValidationFailed
from lvzhi.core.models import Division, User
from lvzhi.core.text import one_line
from lvzhi.registry.models import (
    Deputy,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Term,
)
from lvzhi.suggestions import services as suggestion_services

from .. import policies, rules
from ..common import selectors as common_selectors
from ..common.services import event, locked, text_field, title_field
from ..models import ActivityKind, ActivityPhoto, Attendance, DeputyGroup, GroupActivity, GroupPlan

# ---- deputy groups (R19-R21) ---------------------------------------------------------------


def _group_member(deputy: Deputy, org: Organisation, field: str) -> None:
    if not Membership.objects.filter(
        deputy=deputy, deputy_group=org, status=MembershipStatus.SERVING
    ).exists():
        raise ValidationFailed(
            _("%(name)s is not a serving member of this group.") % {"name": deputy.name},
            field=field,
        )


def _covers(congress_division: Division, place: Division | None) -> bool:
    """R19: the congress's area covers the place: its own division or one of its ancestors."""
    seen = 0
    while place is not None and seen < 8:
        if place.pk == congress_division.pk:
            return True
        place = place.parent
        seen += 1
    return False


@transaction.atomic
def group_member_add(
    *, actor: User, organisation: Organisation, membership: Membership
) -> Membership:
    """R19 (Art 35-36, "各级人大代表混合编组"): the staff put a serving deputy of any level —
    prefecture, county or township congress — whose congress covers the group's place into
    the group; a seat already in another group moves (the event records both)."""
    if organisation.kind != OrgKind.DEPUTY_GROUP or not policies.can_form_group(
        actor, organisation
    ):
        raise NotFound(_("No such deputy group."))
    m = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("term__congress__division", "deputy")
        .get(pk=membership.pk)
    )
    if m.status != MembershipStatus.SERVING or not m.term.is_current:
        raise ValidationFailed(
            _("%(name)s holds no serving seat in this congress term.") % {"name": m.deputy.name},
            field="deputy",
        )
    if not _covers(m.term.congress.division, organisation.division):
        raise ValidationFailed(
            _("%(name)s is a deputy of a congress whose area does not include this group's place.")
            % {"name": m.deputy.name},
            field="deputy",
        )
    previous = m.deputy_group_id
    if previous != organisation.pk:
        m.deputy_group = organisation
        m.save(update_fields=["deputy_group"])
        event(
            f"group_org:{organisation.pk}",
            actor,
            "member_added",
            deputy=m.deputy_id,
            level=m.term.congress.level,
            from_group=previous,
        )
    return m


@transaction.atomic
def group_form(
    *,
    actor: User,
    organisation: Organisation,
    term: Term,
    formed_on: dt.date,
    leader: Deputy,
    deputy_leader: Deputy | None = None,
) -> DeputyGroup:
    """R19: the electoral unit forms the group after the congress's first session, with a
    leader and a deputy leader chosen among its members."""
    if organisation.kind != OrgKind.DEPUTY_GROUP or not policies.can_form_group(
        actor, organisation
    ):
        raise NotFound(_("No such deputy group."))
    first = common_selectors.first_session(term)
    if first is not None and formed_on <= first.closes_on:
        raise ValidationFailed(
            _("Groups are formed after the first session closes (%(day)s).")
            % {"day": first.closes_on.isoformat()},
            field="formed_on",
        )
    if formed_on > clock.today():
        raise ValidationFailed(_("The date lies in the future."), field="formed_on")
    _group_member(leader, organisation, "leader")
    if deputy_leader is not None:
        if deputy_leader.pk == leader.pk:
            raise ValidationFailed(
                _("The deputy leader must be another deputy."), field="deputy_leader"
            )
        _group_member(deputy_leader, organisation, "deputy_leader")
    try:
        with transaction.atomic():
            group = DeputyGroup.objects.create(
                organisation=organisation,
                term=term,
                formed_on=formed_on,
                leader=leader,
                deputy_leader=deputy_leader,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(_("This group has already been formed.")) from None
    event(f"group:{group.pk}", actor, "group_formed", leader=leader.name)
    return group


def _managed_group(actor: User, group: DeputyGroup) -> DeputyGroup:
    return locked(
        group,
        ("organisation",),
        lambda g: policies.can_manage_group(actor, g),
        _("No such deputy group."),
    )


@transaction.atomic
def group_plan_save(*, actor: User, group: DeputyGroup, year: int, content: str) -> GroupPlan:
    """R21: the group's plan for the year (年初有计划)."""
    g = _managed_group(actor, group)
    if not 2000 <= year <= clock.today().year + 1:
        raise ValidationFailed(_("Choose this year or the next."), field="year")
    content = text_field(content, "content", _("The plan"))
    plan, _created = GroupPlan.objects.update_or_create(
        group=g,
        year=year,
        defaults={"content": content, "updated_at": clock.now(), "updated_by": actor},
    )
    event(f"group:{g.pk}", actor, "plan_saved", year=year)
    return plan


@transaction.atomic
def group_activity_record(
    *,
    actor: User,
    group: DeputyGroup,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str,
    content: str,
    report: str = "",
    present: Iterable[int] = (),
) -> GroupActivity:
    """R20, R21: a collective activity with its content, attendance of the members and (now
    or later) its report. One activity in a quarter clears that quarter's flag."""
    g = _managed_group(actor, group)
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Choose the kind of activity."), field="kind")
    title = title_field(title)
    place = text_field(place, "place", _("The place"), max_length=200)
    content = text_field(content, "content", _("The content"))
    report = text_field(report, "report", _("The report"), required=False)
    if held_on > clock.today():
        raise ValidationFailed(
            _("Record an activity once it has been held; plan future ones in the annual plan."),
            field="held_on",
        )
    if held_on < g.formed_on:
        raise ValidationFailed(_("The group had not been formed on that day."), field="held_on")
    members = set(
        Membership.objects.filter(
            deputy_group_id=g.organisation_id, status=MembershipStatus.SERVING
        ).values_list("deputy_id", flat=True)
    )
    chosen = {int(p) for p in present}
    if not chosen:
        raise ValidationFailed(_("Mark the members who attended."), field="present")
    if chosen - members:
        raise ValidationFailed(
            _("Only members of the group can be marked present."), field="present"
        )
    a = GroupActivity.objects.create(
        group=g,
        kind=kind,
        title=title,
        held_on=held_on,
        place=place,
        content=content,
        report=report,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    Attendance.objects.bulk_create(
        [Attendance(activity=a, deputy_id=d, present=d in chosen) for d in sorted(members)]
    )
    event(
        f"group:{g.pk}", actor, "activity_recorded", activity=a.pk, title=title, present=len(chosen)
    )
    return a


@transaction.atomic
def group_activity_report(*, actor: User, activity: GroupActivity, report: str) -> GroupActivity:
    """R21: the report that follows an activity (事后有报告)."""
    g = _managed_group(actor, activity.group)
    a = GroupActivity.objects.select_for_update().get(pk=activity.pk, group=g)
    a.report = text_field(report, "report", _("The report"))
    a.save(update_fields=["report"])
    event(f"group:{g.pk}", actor, "activity_reported", activity=a.pk)
    return a


@transaction.atomic
def activity_photo_add(*, actor: User, activity: GroupActivity, upload: Any) -> ActivityPhoto:
    """A photo of the activity: JPEG or PNG, recognised by content, not by name."""
    from django.core.files.base import ContentFile

    g = _managed_group(actor, activity.group)
    a = GroupActivity.objects.get(pk=activity.pk, group=g)
    if a.photos.count() >= rules.MAX_PHOTOS:
        raise ValidationFailed(_("At most %(n)d photos.") % {"n": rules.MAX_PHOTOS}, field="file")
    if upload is None or upload.size > rules.MAX_PHOTO_BYTES:
        raise ValidationFailed(
            _("Choose a photo of at most %(mb)d MB.") % {"mb": rules.MAX_PHOTO_BYTES // 2**20},
            field="file",
        )
    data = upload.read()
    kind = suggestion_services.attachment_kind(data[:8], str(upload.name))
    if kind is None or not kind[0].startswith("image/"):
        raise ValidationFailed(_("A photo must be a JPEG or PNG image."), field="file")
    photo = ActivityPhoto(
        activity=a,
        name=one_line(upload.name, 200),
        content_type=kind[0],
        size=len(data),
        uploaded_at=clock.now(),
    )
    photo.file.save(
        f"{a.pk}-{clock.now().timestamp():.0f}.{kind[1]}", ContentFile(data), save=False
    )
    photo.save()
    event(f"group:{g.pk}", actor, "photo_added", activity=a.pk)
    return photo
