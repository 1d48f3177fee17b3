"""Every change of state between sessions is one function here: permission, rule, rows in one
transaction, one timeline event, notifications (R19-R29)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core import clock
from lvzhi.core import events as core_events
from lvzhi.core.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lvzhi.core.events import Event
from lvzhi.core.i18n import Localized
from lvzhi.core.models import Division, User
from lvzhi.core.notifications import notify
from lvzhi.core.text import clean_text, one_line
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import (
    Deputy,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Role,
    Session,
    Term,
)
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.models import Category

from . import events as activity_events
from . import policies, rules
from .models import (
    ActivityKind,
    ActivityPhoto,
    Article,
    Attendance,
    Comment,
    Decision,
    DeputyGroup,
    Draft,
    GroupActivity,
    GroupPlan,
    Inspection,
    InspectionKind,
    InspectionOpinion,
    InspectionParticipant,
    InspectionStatus,
    LegislativeProject,
    Material,
    MaterialKind,
    Progress,
    Reply,
    Research,
    ResearchForward,
    ResearchMethod,
    ResearchParticipant,
    Route,
    Stage,
    StageInvitation,
    StageKind,
    Supervision,
    SupervisionInvitation,
    SupervisionKind,
    SupervisionOpinion,
    Thread,
    Training,
    TrainingAttendance,
    TrainingKind,
)


def _event(subject: str, actor: User | None, kind: str, **payload: Any) -> Event:
    """One event in the log through the kind's constructor (``activities/events.py``)."""
    step = activity_events.step_of(subject, kind)
    return core_events.constructors("activities")[step](subject=subject, actor=actor, **payload)


def _text(
    value: str, field: str, label: str, *, max_length: int = rules.MAX_TEXT, required: bool = True
) -> str:
    value = clean_text(value)
    if required and not value:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise ValidationFailed(
            _("%(label)s is too long (at most %(n)d characters).")
            % {"label": label, "n": max_length},
            field=field,
        )
    return value


def _title(value: str, field: str = "title") -> str:
    return _text(" ".join((value or "").split()), field, _("The title"), max_length=200)


def _serving(deputy: Deputy, term: Term, field: str = "deputy") -> None:
    if not registry_selectors.is_serving(deputy.pk, term.pk):
        raise ValidationFailed(
            _("%(name)s holds no serving seat in this congress term.") % {"name": deputy.name},
            field=field,
        )


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
        _event(
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
    first = Session.objects.filter(term=term, number=1).first()
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
    _event(f"group:{group.pk}", actor, "group_formed", leader=leader.name)
    return group


def _managed_group(actor: User, group: DeputyGroup) -> DeputyGroup:
    g = (
        DeputyGroup.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=group.pk)
    )
    if not policies.can_manage_group(actor, g):
        raise NotFound(_("No such deputy group."))
    return g


@transaction.atomic
def group_plan_save(*, actor: User, group: DeputyGroup, year: int, content: str) -> GroupPlan:
    """R21: the group's plan for the year (年初有计划)."""
    g = _managed_group(actor, group)
    if not 2000 <= year <= clock.today().year + 1:
        raise ValidationFailed(_("Choose this year or the next."), field="year")
    content = _text(content, "content", _("The plan"))
    plan, _created = GroupPlan.objects.update_or_create(
        group=g,
        year=year,
        defaults={"content": content, "updated_at": clock.now(), "updated_by": actor},
    )
    _event(f"group:{g.pk}", actor, "plan_saved", year=year)
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
    title = _title(title)
    place = _text(place, "place", _("The place"), max_length=200)
    content = _text(content, "content", _("The content"))
    report = _text(report, "report", _("The report"), required=False)
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
    _event(
        f"group:{g.pk}", actor, "activity_recorded", activity=a.pk, title=title, present=len(chosen)
    )
    return a


@transaction.atomic
def group_activity_report(*, actor: User, activity: GroupActivity, report: str) -> GroupActivity:
    """R21: the report that follows an activity (事后有报告)."""
    g = _managed_group(actor, activity.group)
    a = GroupActivity.objects.select_for_update().get(pk=activity.pk, group=g)
    a.report = _text(report, "report", _("The report"))
    a.save(update_fields=["report"])
    _event(f"group:{g.pk}", actor, "activity_reported", activity=a.pk)
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
    _event(f"group:{g.pk}", actor, "photo_added", activity=a.pk)
    return photo


# ---- inspections (R22-R24) -----------------------------------------------------------------


def centralised_warnings(
    term: Term,
    starts_on: dt.date,
    ends_on: dt.date,
    session: Session | None,
    exclude: int | None = None,
) -> list[str]:
    """R22: a centralised inspection is held once a year, at year-end or at least one month
    before the session; anything else is allowed but warned."""
    out = []
    opens = session.opens_on if session is not None else None
    if not rules.centralised_timing_ok(ends_on, opens):
        out.append(
            _(
                "A centralised inspection is held at year-end or ends at least one month before "
                "the session (Art 41)."
            )
        )
    others = Inspection.objects.filter(
        term=term, kind=InspectionKind.CENTRALISED, starts_on__year=starts_on.year
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        out.append(
            _("There is already a centralised inspection in %(year)d; it is held once a year.")
            % {"year": starts_on.year}
        )
    return out


@transaction.atomic
def inspection_plan(
    *,
    actor: User,
    kind: str,
    term: Term,
    organiser: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    sites: str,
    session: Session | None = None,
    deputies: Iterable[Deputy] = (),
) -> Inspection:
    """R23: the plan fixes topic, sites and times and the deputies taking part."""
    if not policies.can_organise_inspection(actor, organiser):
        raise PermissionDenied(_("You cannot organise inspections for this body."))
    if kind not in InspectionKind.values:
        raise ValidationFailed(_("Choose the kind of inspection."), field="kind")
    title = _title(title)
    sites = _text(sites, "sites", _("The sites and times"))
    if ends_on < starts_on:
        raise ValidationFailed(_("The end lies before the start."), field="ends_on")
    if session is not None and session.term_id != term.pk:
        raise ValidationFailed(_("The session belongs to another term."), field="session")
    warnings = (
        centralised_warnings(term, starts_on, ends_on, session)
        if kind == InspectionKind.CENTRALISED
        else []
    )
    insp = Inspection.objects.create(
        kind=kind,
        term=term,
        organiser=organiser,
        session=session,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        sites=sites,
        warnings=warnings,
        created_by=actor,
        created_at=clock.now(),
    )
    for d in deputies:
        _serving(d, term, "deputies")
        InspectionParticipant.objects.get_or_create(inspection=insp, deputy=d)
    _event(f"inspection:{insp.pk}", actor, "planned", warnings=warnings)
    return insp


def _organised(actor: User, inspection: Inspection) -> Inspection:
    i = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("organiser", "term")
        .get(pk=inspection.pk)
    )
    if not policies.can_organise_inspection(actor, i.organiser):
        raise NotFound(_("No such inspection."))
    return i


@transaction.atomic
def inspection_invite(
    *, actor: User, inspection: Inspection, deputy: Deputy
) -> InspectionParticipant:
    i = _organised(actor, inspection)
    if i.status == InspectionStatus.REPORTED:
        raise IllegalTransition(_("The inspection has been reported."))
    _serving(deputy, i.term)
    p, created = InspectionParticipant.objects.get_or_create(inspection=i, deputy=deputy)
    if not created:
        raise ValidationFailed(
            _("%(name)s has already been invited.") % {"name": deputy.name}, field="deputy"
        )
    if i.status == InspectionStatus.NOTIFIED:
        _notify_participants(i, [p])
    _event(f"inspection:{i.pk}", actor, "invited", deputy=deputy.name)
    return p


def _notify_participants(i: Inspection, participants: list[InspectionParticipant]) -> None:
    users = list(
        User.objects.filter(deputy__in=[p.deputy_id for p in participants], is_active=True)
    )
    notify(
        users=users,
        title=Localized(
            gettext_noop("Inspection %(title)s from %(start)s: prepare in advance"),
            title=i.title,
            start=i.starts_on.isoformat(),
        ),
        body=i.sites,
        url=reverse("activities:inspection", args=[i.pk]),
        key=f"inspection:{i.pk}:notice",
    )
    InspectionParticipant.objects.filter(pk__in=[p.pk for p in participants]).update(
        notified_at=clock.now()
    )


@transaction.atomic
def inspection_notify(*, actor: User, inspection: Inspection) -> Inspection:
    """R23: the deputies are told in advance (before the first day) so they can prepare."""
    i = _organised(actor, inspection)
    if i.status != InspectionStatus.PLANNED:
        raise IllegalTransition(_("The deputies have already been notified."))
    if clock.today() >= i.starts_on:
        raise ValidationFailed(_("Deputies are notified before the inspection starts (Art 43)."))
    participants = list(i.participants.all())
    if not participants:
        raise ValidationFailed(_("Invite the deputies taking part first."))
    _notify_participants(i, participants)
    i.status, i.notified_at = InspectionStatus.NOTIFIED, clock.now()
    i.save(update_fields=["status", "notified_at"])
    _event(f"inspection:{i.pk}", actor, "notified", deputies=len(participants))
    return i


@transaction.atomic
def inspection_opinion_add(
    *, actor: User, inspection: Inspection, deputy: Deputy, title: str, body: str
) -> InspectionOpinion:
    """An opinion a participating deputy formed in the inspection (Art 42): recorded by the
    deputy or by the organiser."""
    i = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .get(pk=inspection.pk)
    )
    own = policies.deputy_id(actor) == deputy.pk
    if not (own or policies.can_organise_inspection(actor, i.organiser)):
        raise NotFound(_("No such inspection."))
    if not i.participants.filter(deputy=deputy).exists():
        raise ValidationFailed(_("Only deputies taking part give opinions here."), field="deputy")
    if i.status == InspectionStatus.PLANNED:
        raise IllegalTransition(_("Opinions are recorded once the deputies have been notified."))
    op = InspectionOpinion.objects.create(
        inspection=i,
        deputy=deputy,
        title=_title(title),
        body=_text(body, "body", _("The opinion")),
        created_at=clock.now(),
    )
    _event(f"inspection:{i.pk}", actor, "opinion_added", deputy=deputy.name)
    return op


@transaction.atomic
def inspection_report(*, actor: User, inspection: Inspection, report: str) -> Inspection:
    """R24: the inspection report (视察报告)."""
    i = _organised(actor, inspection)
    if i.status == InspectionStatus.PLANNED:
        raise IllegalTransition(_("Notify the deputies before reporting."))
    i.report = _text(report, "report", _("The report"))
    i.status, i.reported_at = InspectionStatus.REPORTED, clock.now()
    i.save(update_fields=["report", "status", "reported_at"])
    _event(f"inspection:{i.pk}", actor, "reported")
    return i


@transaction.atomic
def opinion_route(
    *, actor: User, opinion: InspectionOpinion, route: str, unit: Organisation | None = None
) -> InspectionOpinion:
    """R24 (Art 44): an opinion goes to the congress as the deputy's suggestion, or to the
    inspected unit. Suggestions are the deputy's own: the deputy is asked to submit it."""
    i = _organised(actor, opinion.inspection)
    op = InspectionOpinion.objects.select_for_update().get(pk=opinion.pk, inspection=i)
    if op.route != Route.PENDING:
        raise IllegalTransition(_("The opinion has already been routed."))
    if route == Route.UNIT:
        if unit is None or not unit.is_handling_unit:
            raise ValidationFailed(_("Choose the inspected unit."), field="unit")
        op.unit = unit
        notify(
            users=registry_selectors.users_with_role_over(unit, frozenset({Role.HANDLING_UNIT})),
            title=_("Opinion from the inspection %(title)s") % {"title": i.title},
            body=f"{op.title}\n{op.body}",
            url="",
            key=f"inspection-opinion:{op.pk}:unit",
        )
    elif route == Route.SUGGESTION:
        notify(
            users=User.objects.filter(deputy=op.deputy_id),
            title=_("Submit your inspection opinion as a suggestion: %(title)s")
            % {"title": op.title},
            url=reverse("activities:inspection", args=[i.pk]),
            key=f"inspection-opinion:{op.pk}:suggest",
        )
    else:
        raise ValidationFailed(_("Choose where the opinion goes."), field="route")
    op.route, op.routed_at = route, clock.now()
    op.save(update_fields=["route", "unit", "routed_at"])
    _event(f"inspection:{i.pk}", actor, "opinion_routed", route=route, opinion=op.pk)
    return op


@transaction.atomic
def opinion_submit_as_suggestion(
    *, actor: User, opinion: InspectionOpinion, category: str = Category.OTHER
) -> InspectionOpinion:
    """The deputy submits the routed opinion as a suggestion, through the suggestion
    services (drafted and submitted by the deputy, numbered like any other)."""
    op = (
        InspectionOpinion.objects.select_for_update(of=("self",))
        .select_related("inspection__term")
        .get(pk=opinion.pk)
    )
    if policies.deputy_id(actor) != op.deputy_id:
        raise NotFound(_("No such opinion."))
    if op.route != Route.SUGGESTION or op.suggestion_id is not None:
        raise IllegalTransition(_("This opinion is not waiting to become a suggestion."))
    s = suggestion_services.draft_create(
        actor=actor,
        term=op.inspection.term,
        session=None,
        title=op.title,
        body=op.body,
        category=category,
    )
    s = suggestion_services.submit(actor=actor, suggestion=s)
    op.suggestion = s
    op.save(update_fields=["suggestion"])
    _event(f"inspection:{op.inspection_id}", actor, "opinion_suggested", suggestion=s.pk)
    return op


# ---- legislation (R26-R27) -----------------------------------------------------------------


def _committee_org(actor: User, committee: Organisation, allowed: Any) -> None:
    if committee.kind not in (
        OrgKind.SPECIAL_COMMITTEE,
        OrgKind.WORKING_BODY,
        OrgKind.OFFICE,
        OrgKind.DEPUTY_AFFAIRS,
    ):
        raise ValidationFailed(_("Choose a committee or working body."), field="committee")
    if not allowed(actor, committee):
        raise PermissionDenied(_("You do not work for this committee."))


@transaction.atomic
def project_create(
    *,
    actor: User,
    term: Term,
    committee: Organisation,
    title: str,
    expertise_ids: Iterable[int] = (),
) -> LegislativeProject:
    _committee_org(actor, committee, policies.can_run_legislation)
    p = LegislativeProject.objects.create(
        term=term,
        committee=committee,
        title=_title(title),
        created_by=actor,
        created_at=clock.now(),
    )
    p.expertise.set(list(expertise_ids))
    _event(f"project:{p.pk}", actor, "created")
    return p


def _project(actor: User, project: LegislativeProject) -> LegislativeProject:
    p = (
        LegislativeProject.objects.select_for_update(of=("self",))
        .select_related("committee", "term")
        .get(pk=project.pk)
    )
    if not policies.can_run_legislation(actor, p.committee):
        raise NotFound(_("No such legislative project."))
    return p


@transaction.atomic
def stage_open(*, actor: User, project: LegislativeProject, kind: str, starts_on: dt.date) -> Stage:
    p = _project(actor, project)
    if kind not in StageKind.values:
        raise ValidationFailed(_("Choose the stage."), field="kind")
    if Stage.objects.filter(project=p, kind=kind).exists():
        raise Conflict(_("This stage has already been opened."))
    st = Stage.objects.create(project=p, kind=kind, starts_on=starts_on)
    _event(f"project:{p.pk}", actor, "stage_opened", stage=kind)
    return st


@transaction.atomic
def stage_invite(*, actor: User, stage: Stage, deputies: Iterable[Deputy]) -> list[StageInvitation]:
    """R26: deputies with the relevant knowledge take part in each stage."""
    p = _project(actor, stage.project)
    st = Stage.objects.get(pk=stage.pk, project=p)
    out = []
    for d in deputies:
        _serving(d, p.term, "deputies")
        inv, created = StageInvitation.objects.get_or_create(
            stage=st, deputy=d, defaults={"invited_at": clock.now()}
        )
        if created:
            out.append(inv)
    if not out:
        raise ValidationFailed(_("Choose deputies not invited yet."), field="deputies")
    notify(
        users=User.objects.filter(deputy__in=[i.deputy_id for i in out], is_active=True),
        title=_("Invitation to the %(stage)s of %(title)s")
        % {"stage": st.get_kind_display(), "title": p.title},
        url=reverse("activities:project", args=[p.pk]),
        key=f"stage:{st.pk}:invite:{clock.now().timestamp()}",
    )
    _event(f"project:{p.pk}", actor, "invited", stage=st.kind, deputies=[i.deputy_id for i in out])
    return out


ARTICLE_HEAD = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")


def split_articles(text: str) -> list[str]:
    """A draft's articles: each starts with 第…条; without such heads, each paragraph."""
    lines = clean_text(text).split("\n")
    if any(ARTICLE_HEAD.match(ln) for ln in lines):
        out: list[str] = []
        for ln in lines:
            if ARTICLE_HEAD.match(ln) or not out:
                out.append(ln.strip())
            elif ln.strip():
                out[-1] += "\n" + ln.strip()
        return [a for a in out if a]
    return [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]


@transaction.atomic
def draft_open(
    *, actor: User, project: LegislativeProject, title: str, text: str, closes_on: dt.date
) -> Draft:
    """R26, R27: the draft is opened to the deputies of the term for comments article by
    article; the deputies invited to the project are notified."""
    p = _project(actor, project)
    title = _title(title)
    text = _text(text, "text", _("The text of the draft"), max_length=100000)
    if closes_on <= clock.today():
        raise ValidationFailed(_("Comments must close after today."), field="closes_on")
    articles = split_articles(text)
    if len(articles) > 500:
        raise ValidationFailed(_("A draft has at most 500 articles."), field="text")
    d = Draft.objects.create(project=p, title=title, opened_at=clock.now(), closes_on=closes_on)
    Article.objects.bulk_create(
        [Article(draft=d, number=n, text=t) for n, t in enumerate(articles, start=1)]
    )
    invited = StageInvitation.objects.filter(stage__project=p).values("deputy_id")
    notify(
        users=User.objects.filter(deputy__in=invited, is_active=True),
        title=_("Draft open for comments: %(title)s") % {"title": title},
        url=reverse("activities:draft", args=[d.pk]),
        key=f"draft:{d.pk}:open",
    )
    _event(f"project:{p.pk}", actor, "draft_opened", draft=d.pk, articles=len(articles))
    return d


@transaction.atomic
def comment_add(*, actor: User, article: Article, body: str) -> Comment:
    a = Article.objects.select_related("draft__project").get(pk=article.pk)
    d = policies.deputy_id(actor)
    if d is None or not registry_selectors.is_serving(d, a.draft.project.term_id):
        raise NotFound(_("No such draft."))
    if clock.today() > a.draft.closes_on:
        raise IllegalTransition(
            _("Comments on this draft closed on %(day)s.") % {"day": a.draft.closes_on}
        )
    c = Comment.objects.create(
        article=a,
        deputy_id=d,
        body=_text(body, "body", _("The comment"), max_length=5000),
        created_at=clock.now(),
    )
    _event(f"draft:{a.draft_id}", actor, "commented", article=a.number)
    return c


@transaction.atomic
def comment_decide(*, actor: User, comment: Comment, decision: str, reason: str) -> Comment:
    """R27: the committee states whether each comment was adopted, and why."""
    c = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article__draft__project__committee")
        .get(pk=comment.pk)
    )
    if not policies.can_run_legislation(actor, c.article.draft.project.committee):
        raise NotFound(_("No such draft."))
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationFailed(
            _("Choose adopted, partly adopted or not adopted."), field="decision"
        )
    c.decision = decision
    c.reason = _text(reason, "reason", _("The reason"), max_length=2000)
    c.decided_at = clock.now()
    c.save(update_fields=["decision", "reason", "decided_at"])
    notify(
        users=User.objects.filter(deputy=c.deputy_id),
        title=_("Your comment on article %(n)d: %(decision)s")
        % {"n": c.article.number, "decision": c.get_decision_display()},
        body=c.reason,
        url=reverse("activities:draft_report", args=[c.article.draft_id]),
        key=f"comment:{c.pk}:decided:{c.decided_at.timestamp()}",
    )
    _event(f"draft:{c.article.draft_id}", actor, "comment_decided", comment=c.pk, decision=decision)
    return c


# ---- supervision (R28-R29) -----------------------------------------------------------------


@transaction.atomic
def supervision_create(
    *,
    actor: User,
    kind: str,
    term: Term,
    committee: Organisation,
    place: Organisation,
    title: str,
    tasks: str,
    held_on: dt.date,
) -> Supervision:
    _committee_org(actor, committee, policies.can_run_supervision)
    if kind not in SupervisionKind.values:
        raise ValidationFailed(_("Choose the kind of supervision."), field="kind")
    s = Supervision.objects.create(
        kind=kind,
        term=term,
        committee=committee,
        place=place,
        title=_title(title),
        tasks=_text(tasks, "tasks", _("The tasks")),
        held_on=held_on,
        created_by=actor,
        created_at=clock.now(),
    )
    _event(f"supervision:{s.pk}", actor, "created")
    return s


def _supervision(actor: User, supervision: Supervision) -> Supervision:
    s = (
        Supervision.objects.select_for_update(of=("self",))
        .select_related("committee", "place", "term")
        .get(pk=supervision.pk)
    )
    if not policies.can_run_supervision(actor, s.committee):
        raise NotFound(_("No such supervision activity."))
    return s


def is_local(deputy: Deputy, term: Term, place: Organisation) -> bool:
    """R28: elected (or seated in a delegation) in the place concerned, in this term."""
    return (
        Membership.objects.filter(deputy=deputy, term=term, status=MembershipStatus.SERVING)
        .filter(
            Q(electoral_unit__path__startswith=place.path)
            | Q(delegation__path__startswith=place.path)
        )
        .exists()
    )


@transaction.atomic
def supervision_invite(
    *, actor: User, supervision: Supervision, deputy: Deputy
) -> SupervisionInvitation:
    s = _supervision(actor, supervision)
    if s.reported_at is not None:
        raise IllegalTransition(_("The report has been written."))
    _serving(deputy, s.term)
    inv, created = SupervisionInvitation.objects.get_or_create(
        supervision=s,
        deputy=deputy,
        defaults={"invited_at": clock.now(), "is_local": is_local(deputy, s.term, s.place)},
    )
    if not created:
        raise ValidationFailed(
            _("%(name)s has already been invited.") % {"name": deputy.name}, field="deputy"
        )
    _event(f"supervision:{s.pk}", actor, "invited", deputy=deputy.name, local=inv.is_local)
    return inv


@transaction.atomic
def supervision_send_tasks(*, actor: User, supervision: Supervision) -> Supervision:
    """R28: the tasks and requirements are sent to the invited deputies beforehand."""
    s = _supervision(actor, supervision)
    if clock.today() >= s.held_on:
        raise ValidationFailed(_("Tasks are sent before the activity (Art 53)."))
    invited = list(s.invitations.values_list("deputy_id", flat=True))
    if not invited:
        raise ValidationFailed(_("Invite the deputies first."))
    notify(
        users=User.objects.filter(deputy__in=invited, is_active=True),
        title=_("Tasks for %(title)s on %(day)s")
        % {"title": s.title, "day": s.held_on.isoformat()},
        body=s.tasks,
        url=reverse("activities:supervision", args=[s.pk]),
        key=f"supervision:{s.pk}:tasks",
    )
    s.tasks_sent_at = clock.now()
    s.save(update_fields=["tasks_sent_at"])
    _event(f"supervision:{s.pk}", actor, "tasks_sent", deputies=len(invited))
    return s


@transaction.atomic
def supervision_opinion_add(
    *, actor: User, supervision: Supervision, deputy: Deputy, body: str
) -> SupervisionOpinion:
    s = Supervision.objects.select_related("committee").get(pk=supervision.pk)
    own = policies.deputy_id(actor) == deputy.pk
    if not (own or policies.can_run_supervision(actor, s.committee)):
        raise NotFound(_("No such supervision activity."))
    if not s.invitations.filter(deputy=deputy).exists():
        raise ValidationFailed(_("Only invited deputies give opinions here."), field="deputy")
    if s.reported_at is not None:
        raise IllegalTransition(_("The report has been written."))
    op = SupervisionOpinion.objects.create(
        supervision=s,
        deputy=deputy,
        body=_text(body, "body", _("The opinion"), max_length=5000),
        created_at=clock.now(),
    )
    _event(f"supervision:{s.pk}", actor, "opinion_added", deputy=deputy.name)
    return op


@transaction.atomic
def supervision_opinion_decide(
    *, actor: User, opinion: SupervisionOpinion, decision: str, reason: str
) -> SupervisionOpinion:
    s = _supervision(actor, opinion.supervision)
    op = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk, supervision=s)
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationFailed(
            _("Choose adopted, partly adopted or not adopted."), field="decision"
        )
    op.decision, op.reason = decision, _text(reason, "reason", _("The reason"), max_length=2000)
    op.save(update_fields=["decision", "reason"])
    _event(f"supervision:{s.pk}", actor, "opinion_decided", opinion=op.pk, decision=decision)
    return op


@transaction.atomic
def supervision_report(*, actor: User, supervision: Supervision, report: str) -> Supervision:
    """R28: the report states which deputy opinions were adopted; every opinion is decided
    first."""
    s = _supervision(actor, supervision)
    if s.opinions.filter(decision=Decision.PENDING).exists():
        raise ValidationFailed(
            _("Decide on every deputy opinion before the report."), field="report"
        )
    s.report = _text(report, "report", _("The report"))
    s.reported_at = clock.now()
    s.save(update_fields=["report", "reported_at"])
    _event(f"supervision:{s.pk}", actor, "reported")
    return s


# ---- training and learning (R32, R49) ------------------------------------------------------


def training_warnings(term: Term, kind: str, starts_on: dt.date) -> list[str]:
    """R32: onboarding training before the first session; duty training in the first year."""
    out = []
    first = Session.objects.filter(term=term, number=1).first()
    if kind == TrainingKind.ONBOARDING and first is not None and starts_on >= first.opens_on:
        out.append(
            _("Onboarding training is held before the first session (%(day)s, Art 63).")
            % {"day": first.opens_on.isoformat()}
        )
    if kind == TrainingKind.FIRST_YEAR and (
        starts_on > term.starts_on + dt.timedelta(days=rules.FIRST_YEAR_DAYS)
    ):
        out.append(_("Duty training is held in the first year of the term (Art 63)."))
    return out


@transaction.atomic
def training_create(
    *,
    actor: User,
    kind: str,
    term: Term,
    organiser: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    content: str,
) -> Training:
    """R32: the deputy-affairs body or an electoral unit organises a training (Art 63-65)."""
    if not policies.can_organise_training(actor, organiser):
        raise PermissionDenied(_("You cannot organise trainings for this body."))
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("Choose the kind of training."), field="kind")
    if ends_on < starts_on:
        raise ValidationFailed(_("The end lies before the start."), field="ends_on")
    t = Training.objects.create(
        kind=kind,
        term=term,
        organiser=organiser,
        title=_title(title),
        starts_on=starts_on,
        ends_on=ends_on,
        place=_text(place, "place", _("The place"), max_length=200),
        content=_text(content, "content", _("The content")),
        warnings=training_warnings(term, kind, starts_on),
        created_by=actor,
        created_at=clock.now(),
    )
    _event(f"training:{t.pk}", actor, "created", warnings=t.warnings)
    return t


@transaction.atomic
def training_attendance_add(
    *, actor: User, training: Training, deputies: Iterable[Deputy]
) -> list[TrainingAttendance]:
    """Record who attended (考勤); recording a deputy twice changes nothing."""
    t = (
        Training.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .get(pk=training.pk)
    )
    if not policies.can_organise_training(actor, t.organiser):
        raise NotFound(_("No such training."))
    if t.starts_on > clock.today():
        raise ValidationFailed(_("Attendance is recorded once the training has begun."))
    wanted = {d.pk: d for d in deputies}
    serving = set(
        Membership.objects.filter(
            term=t.term, status=MembershipStatus.SERVING, deputy_id__in=list(wanted)
        ).values_list("deputy_id", flat=True)
    )
    for pk, d in wanted.items():
        if pk not in serving:
            _serving(d, t.term, "deputies")  # raises with the deputy's name
    already = set(
        TrainingAttendance.objects.filter(training=t, deputy_id__in=list(wanted)).values_list(
            "deputy_id", flat=True
        )
    )
    now = clock.now()
    out = TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=t, deputy_id=pk, recorded_at=now)
            for pk in wanted
            if pk not in already
        ]
    )
    if out:
        _event(f"training:{t.pk}", actor, "attendance", deputies=[r.deputy_id for r in out])
    return out


def material_kind_of(head: bytes, name: str) -> tuple[str, str] | None:
    """(content type, extension) by content: PDF, Word, Excel, JPEG, PNG, or MP4 video."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    return suggestion_services.attachment_kind(head[:8], name)


@transaction.atomic
def material_add(*, actor: User, kind: str, title: str, description: str, upload: Any) -> Material:
    """R49: the office adds laws, documents, courseware and videos to the library."""
    if not policies.can_manage_library(actor):
        raise PermissionDenied(_("Only the deputy-affairs body manages the library."))
    if kind not in MaterialKind.values:
        raise ValidationFailed(_("Choose the kind of material."), field="kind")
    title = _title(title)
    description = _text(description, "description", _("The description"), required=False)
    if upload is None or not upload.size:
        raise ValidationFailed(_("Choose a file."), field="file")
    if upload.size > rules.MAX_MATERIAL_BYTES:
        raise ValidationFailed(
            _("The file is too large; at most %(mb)d MB.")
            % {"mb": rules.MAX_MATERIAL_BYTES // 2**20},
            field="file",
        )
    head = upload.read(16)
    upload.seek(0)
    found = material_kind_of(head, str(upload.name))
    if found is None:
        raise ValidationFailed(_("Upload a PDF, Word, Excel, JPEG, PNG or MP4 file."), field="file")
    m = Material(
        kind=kind,
        title=title,
        description=description,
        file_name=one_line(upload.name, 200),
        content_type=found[0],
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    m.file.save(f"{clock.now().timestamp():.0f}.{found[1]}", upload, save=False)
    m.save()
    _event(f"material:{m.pk}", actor, "added")
    return m


@transaction.atomic
def progress_record(*, actor: User, material: Material, percent: int) -> Progress:
    """R49: a deputy's progress through a material; it only rises, 100 marks it completed."""
    d = policies.deputy_id(actor)
    if d is None:
        raise PermissionDenied(_("Progress is kept for deputies."))
    if not 0 <= percent <= 100:
        raise ValidationFailed(_("Progress is between 0 and 100."), field="percent")
    # The material's row lock serialises a deputy's concurrent saves (two tabs, a retry), so
    # the first save creates the row and the others update it.
    Material.objects.select_for_update().get(pk=material.pk)
    p, _created = Progress.objects.select_for_update().get_or_create(
        material=material, deputy_id=d, defaults={"updated_at": clock.now()}
    )
    if percent > p.percent:
        p.percent = percent
        p.updated_at = clock.now()
        if percent == 100 and p.completed_at is None:
            p.completed_at = clock.now()
        p.save(update_fields=["percent", "updated_at", "completed_at"])
    return p


# ---- forum (Art 84.3) ----------------------------------------------------------------------


@transaction.atomic
def thread_create(*, actor: User, title: str, body: str) -> Thread:
    if not policies.can_use_forum(actor):
        raise PermissionDenied(_("The forum is for deputies."))
    now = clock.now()
    t = Thread.objects.create(
        title=_title(title),
        body=_text(body, "body", _("The text"), max_length=10000),
        author=actor,
        created_at=now,
        last_activity_at=now,
    )
    _event(f"thread:{t.pk}", actor, "created")
    return t


@transaction.atomic
def reply_add(*, actor: User, thread: Thread, body: str) -> Reply:
    if not policies.can_use_forum(actor):
        raise PermissionDenied(_("The forum is for deputies."))
    t = Thread.objects.select_for_update().get(pk=thread.pk)
    if t.hidden and not policies.can_moderate(actor):
        raise NotFound(_("No such thread."))
    if t.locked:
        raise IllegalTransition(_("The thread has been closed by the moderator."))
    r = Reply.objects.create(
        thread=t,
        author=actor,
        body=_text(body, "body", _("The text"), max_length=10000),
        created_at=clock.now(),
    )
    t.reply_count += 1
    t.last_activity_at = r.created_at
    t.save(update_fields=["reply_count", "last_activity_at"])
    if t.author_id != actor.pk:
        notify(
            users=[t.author],
            title=_("New reply to %(title)s") % {"title": t.title},
            url=reverse("activities:thread", args=[t.pk]),
            key=f"thread:{t.pk}:reply:{r.pk}",
        )
    return r


MODERATION_ACTIONS = ("hide", "show", "lock", "unlock")


@transaction.atomic
def thread_moderate(*, actor: User, thread: Thread, action: str, note: str = "") -> Thread:
    """Moderation: hide or show a thread, close or reopen it for replies; logged."""
    if not policies.can_moderate(actor):
        raise NotFound(_("No such thread."))
    if action not in MODERATION_ACTIONS:
        raise ValidationFailed(_("Unknown moderation action."), field="action")
    t = Thread.objects.select_for_update().get(pk=thread.pk)
    note = _text(note, "note", _("The note"), max_length=200, required=action == "hide")
    t.hidden = {"hide": True, "show": False}.get(action, t.hidden)
    t.locked = {"lock": True, "unlock": False}.get(action, t.locked)
    t.moderation_note = note or t.moderation_note
    t.save(update_fields=["hidden", "locked", "moderation_note"])
    _event(f"thread:{t.pk}", actor, f"moderated_{action}", note=note)
    return t


@transaction.atomic
def reply_hide(*, actor: User, reply: Reply, note: str) -> Reply:
    if not policies.can_moderate(actor):
        raise NotFound(_("No such thread."))
    r = Reply.objects.select_for_update().get(pk=reply.pk)
    r.hidden = True
    r.moderation_note = _text(note, "note", _("The note"), max_length=200)
    r.save(update_fields=["hidden", "moderation_note"])
    _event(f"thread:{r.thread_id}", actor, "reply_hidden", reply=r.pk, note=r.moderation_note)
    return r


# ---- thematic research (R25) ---------------------------------------------------------------


@transaction.atomic
def research_create(
    *,
    actor: User,
    term: Term,
    organiser: Organisation,
    title: str,
    plan: str,
    methods: Iterable[str],
    starts_on: dt.date,
    ends_on: dt.date,
    deputies: Iterable[Deputy] = (),
) -> Research:
    """Art 46, 48: a working body organises research on a topic with a plan and methods."""
    if not policies.can_organise_inspection(actor, organiser):
        raise PermissionDenied(_("You cannot organise research for this body."))
    methods = list(dict.fromkeys(methods))
    if not methods or any(m not in ResearchMethod.values for m in methods):
        raise ValidationFailed(_("Choose the methods of the research."), field="methods")
    if ends_on < starts_on:
        raise ValidationFailed(_("The end lies before the start."), field="ends_on")
    r = Research.objects.create(
        term=term,
        organiser=organiser,
        title=_title(title),
        plan=_text(plan, "plan", _("The plan")),
        methods=methods,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        created_at=clock.now(),
    )
    for d in deputies:
        _serving(d, term, "deputies")
        ResearchParticipant.objects.get_or_create(research=r, deputy=d)
    _event(f"research:{r.pk}", actor, "created")
    return r


def _research(actor: User, research: Research) -> Research:
    r = (
        Research.objects.select_for_update(of=("self",))
        .select_related("organiser", "term")
        .get(pk=research.pk)
    )
    if not policies.can_organise_inspection(actor, r.organiser):
        raise NotFound(_("No such research."))
    return r


@transaction.atomic
def research_invite(*, actor: User, research: Research, deputy: Deputy) -> ResearchParticipant:
    r = _research(actor, research)
    _serving(deputy, r.term)
    p, created = ResearchParticipant.objects.get_or_create(research=r, deputy=deputy)
    if not created:
        raise ValidationFailed(
            _("%(name)s has already been invited.") % {"name": deputy.name}, field="deputy"
        )
    _event(f"research:{r.pk}", actor, "invited", deputy=deputy.name)
    return p


@transaction.atomic
def research_report(*, actor: User, research: Research, report: str) -> Research:
    r = _research(actor, research)
    r.report = _text(report, "report", _("The report"))
    r.reported_at = clock.now()
    r.save(update_fields=["report", "reported_at"])
    _event(f"research:{r.pk}", actor, "reported")
    return r


@transaction.atomic
def research_forward(*, actor: User, research: Research, organ: Organisation) -> ResearchForward:
    """R25 (Art 49): the office forwards the report to the organs concerned."""
    r = _research(actor, research)
    if r.reported_at is None:
        raise IllegalTransition(_("Write the report before forwarding it."))
    if not organ.is_handling_unit:
        raise ValidationFailed(_("Choose an organ to forward the report to."), field="organ")
    f, created = ResearchForward.objects.get_or_create(
        research=r, organ=organ, defaults={"forwarded_at": clock.now()}
    )
    if not created:
        raise ValidationFailed(_("The report has already been forwarded there."), field="organ")
    notify(
        users=registry_selectors.users_with_role_over(organ, frozenset({Role.HANDLING_UNIT})),
        title=_("Research report for your study: %(title)s") % {"title": r.title},
        body=r.report[:500],
        url="",
        key=f"research:{r.pk}:forward:{organ.pk}",
    )
    _event(f"research:{r.pk}", actor, "forwarded", organ=organ.name)
    return f


@transaction.atomic
def research_feedback(*, actor: User, forward: ResearchForward, feedback: str) -> ResearchForward:
    """R25: how the organ handled the report, fed back to every deputy who took part."""
    r = _research(actor, forward.research)
    f = (
        ResearchForward.objects.select_for_update()
        .select_related("organ")
        .get(pk=forward.pk, research=r)
    )
    f.feedback = _text(feedback, "feedback", _("The feedback"))
    f.feedback_at = clock.now()
    f.save(update_fields=["feedback", "feedback_at"])
    notify(
        users=User.objects.filter(deputy__in=r.participants.values("deputy_id"), is_active=True),
        title=_("How %(organ)s handled the research report %(title)s")
        % {"organ": f.organ.name, "title": r.title},
        body=f.feedback,
        url=reverse("activities:research", args=[r.pk]),
        key=f"research-forward:{f.pk}:feedback:{f.feedback_at.timestamp()}",
    )
    _event(f"research:{r.pk}", actor, "feedback", organ=f.organ.name)
    return f
