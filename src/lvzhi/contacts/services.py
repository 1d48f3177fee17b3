"""Every change of state of chapter 4 is one function here: permission, rule, rows in one
transaction, one audit event, notifications (R33-R35)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.text import clean_text
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Expertise, Organisation, OrgKind, Term

from . import events as contact_events
from . import policies, rules, selectors, workflow
from .models import (
    ORGAN_KINDS,
    Activity,
    ActivityKind,
    Contact,
    Engagement,
    EngagementPurpose,
    Holder,
    HolderKind,
    Link,
    MeetingRequest,
    Method,
    Opinion,
    OpinionStatus,
    YearReport,
)


def _clean(text: str, limit: int, field: str, *, required: bool = False) -> str:
    text = clean_text(text)
    if required and not text:
        raise ValidationFailed(_("This field is required."), field=field)
    if len(text) > limit:
        raise ValidationFailed(
            _("The text is too long (at most %(n)s characters).") % {"n": limit}, field=field
        )
    return text


def _require_serving(deputies: Sequence[Deputy], term_id: int, field: str) -> None:
    """Every one of ``deputies`` holds a serving seat in the congress term; otherwise the
    refusal (on ``field``) names those who do not."""
    serving = set(
        registry_selectors.deputies_serving_in(term_id)
        .filter(pk__in=[d.pk for d in deputies])
        .values_list("pk", flat=True)
    )
    strangers = [d.name for d in deputies if d.pk not in serving]
    if strangers:
        raise ValidationFailed(
            _("Not serving deputies of this congress term: %(names)s")
            % {"names": "、".join(strangers)},
            field=field,
        )


def _locked_holder(holder: Holder) -> Holder:
    return (
        Holder.objects.select_for_update(of=("self",))
        .select_related("organisation", "term")
        .get(pk=holder.pk)
    )


# ---- holders and links (R33) ----------------------------------------------------------------


# Which kind of holder belongs to which kind of organisation.
HOLDER_ORG_KINDS: dict[str, frozenset[str]] = {
    HolderKind.SC_MEMBER: frozenset({OrgKind.STANDING_COMMITTEE}),
    HolderKind.COMMITTEE_HEAD: frozenset({OrgKind.SPECIAL_COMMITTEE}),
    HolderKind.ORGAN_LEADER: policies.ORGAN_ORG_KINDS,
    HolderKind.ORGAN_PRINCIPAL: policies.ORGAN_ORG_KINDS,
}
# One active holder of these kinds per organisation: the committee's head leads its group
# (R36), an organ has one principal leader (R38).
SINGLE_KINDS = frozenset({HolderKind.COMMITTEE_HEAD, HolderKind.ORGAN_PRINCIPAL})


@transaction.atomic
def holder_create(
    *,
    actor: User | None,
    name: str,
    organisation: Organisation,
    term: Term,
    kind: str = HolderKind.SC_MEMBER,
    electoral_unit: Organisation | None = None,
    user: User | None = None,
    fields: list[Expertise] | None = None,
) -> Holder:
    """Register who holds a contact obligation: a Standing Committee member (with the
    electoral unit that elected them, Art 67), the head of a special committee who leads its
    professional group (with the committee's fields, Art 72), or a leadership member or the
    principal leader of an organ (Art 75)."""
    if actor is not None and not policies.staff_over(actor, organisation):
        raise PermissionDenied(_("You do not keep the records of this organisation."))
    name = _clean(name, 64, "name", required=True)
    if kind not in HolderKind.values:
        raise ValidationFailed(_("Choose a kind."), field="kind")
    if organisation.kind not in HOLDER_ORG_KINDS[kind]:
        raise ValidationFailed(
            _("A %(kind)s cannot be registered on %(org)s.")
            % {"kind": HolderKind(kind).label, "org": organisation.name},
            field="kind",
        )
    if electoral_unit is not None and electoral_unit.congress_id != term.congress_id:
        raise ValidationFailed(
            _("The electoral unit belongs to another congress."), field="electoral_unit"
        )
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if (
        kind in SINGLE_KINDS
        and Holder.objects.filter(organisation=organisation, kind=kind, is_active=True).exists()
    ):
        raise ValidationFailed(
            _("%(org)s already has a %(kind)s.")
            % {"org": organisation.name, "kind": HolderKind(kind).label},
            field="kind",
        )
    if (
        user is not None
        and Holder.objects.filter(
            user=user, kind=kind, organisation=organisation, is_active=True
        ).exists()
    ):
        raise ValidationFailed(_("This account is already registered here."), field="user")
    holder = Holder.objects.create(
        name=name,
        kind=kind,
        organisation=organisation,
        term=term,
        electoral_unit=electoral_unit,
        user=user,
        created_at=clock.now(),
    )
    if fields:
        holder.fields.set(fields)
    audit.record(
        actor=actor,
        action="contacts.holder_created",
        obj=holder,
        after={"organisation": organisation.name, "kind": kind},
    )
    return holder


@transaction.atomic
def holder_end(*, actor: User, holder: Holder, on: dt.date | None = None) -> Holder:
    """A member leaves the Standing Committee (a head or leader leaves office): the holder is
    no longer active and the open links end that day; contacts and reports stay."""
    h = _locked_holder(holder)
    if not policies.staff_over(actor, h.organisation):
        raise NotFound(_("No such member."))
    if not h.is_active:
        raise IllegalTransition(_("This person has already left."))
    on = on or clock.today()
    ended = Link.objects.filter(holder=h, ended_on__isnull=True, linked_on__lte=on).update(
        ended_on=on
    )
    Link.objects.filter(holder=h, ended_on__isnull=True).delete()  # linked for a later day
    h.is_active = False
    h.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="contacts.holder_ended",
        obj=h,
        after={"on": on.isoformat(), "links": ended},
    )
    return h


@dataclass(frozen=True)
class LinkResult:
    link: Link
    warning: str = ""


@transaction.atomic
def link_create(
    *, actor: User | None, holder: Holder, deputy: Deputy, on: dt.date | None = None
) -> LinkResult:
    """R33 (Art 67): link a deputy of the member's term. A fourth deputy is linked but the
    office is warned (the rule says three)."""
    h = _locked_holder(holder)
    if actor is not None and not policies.can_manage(actor, h):
        raise NotFound(_("No such member."))
    if not registry_selectors.is_serving(deputy.pk, h.term_id):
        raise ValidationFailed(
            _("%(name)s holds no serving seat in this congress term.") % {"name": deputy.name},
            field="deputy",
        )
    if Link.objects.filter(holder=h, deputy=deputy, ended_on__isnull=True).exists():
        raise ValidationFailed(
            _("%(name)s is already linked to this member.") % {"name": deputy.name},
            field="deputy",
        )
    link = Link.objects.create(
        holder=h, deputy=deputy, linked_on=on or clock.today(), linked_by=actor
    )
    count = Link.objects.filter(holder=h, ended_on__isnull=True).count()
    warning = _link_warning(h, deputy, count)
    audit.record(
        actor=actor,
        action="contacts.linked",
        obj=h,
        after={"deputy": deputy.name, "links": count},
    )
    contact_events.link_created(link=link, actor=actor)
    return LinkResult(link=link, warning=warning)


def _link_warning(h: Holder, deputy: Deputy, count: int) -> str:
    """The rule a new link puts the holder off, if any: warned, never refused."""
    if h.kind == HolderKind.SC_MEMBER and count > rules.MEMBER_LINKS:
        return _(
            "%(name)s is now linked to %(count)s deputies; the rule is %(rule)s (R33, Art 67)."
        ) % {"name": h.name, "count": count, "rule": rules.MEMBER_LINKS}
    if h.kind == HolderKind.COMMITTEE_HEAD and rules.committee_group_warning(count):
        return _(
            "The professional group now has %(count)s deputies; the rule is %(min)s-%(max)s "
            "(R36, Art 72)."
        ) % {
            "count": count,
            "min": rules.COMMITTEE_GROUP_MIN,
            "max": rules.COMMITTEE_GROUP_MAX,
        }
    if h.kind in ORGAN_KINDS:
        if not deputy.is_grassroots:
            return _(
                "%(name)s is not a grassroots deputy; the rule asks for grassroots deputies "
                "(R38, Art 75)."
            ) % {"name": deputy.name}
        if count > rules.LEADER_LINKS_ABOUT[1]:
            return _(
                "%(name)s is now linked to %(count)s deputies; the rule is about %(rule)s "
                "(R38, Art 75)."
            ) % {"name": h.name, "count": count, "rule": rules.LEADER_LINKS}
    return ""


@transaction.atomic
def link_end(*, actor: User | None, link: Link, on: dt.date | None = None) -> Link:
    h = _locked_holder(link.holder)
    if actor is not None and not policies.can_manage(actor, h):
        raise NotFound(_("No such member."))
    link = Link.objects.select_for_update().get(pk=link.pk)
    if link.ended_on is not None:
        raise IllegalTransition(_("This link has already ended."))
    on = on or clock.today()
    if on < link.linked_on:
        raise ValidationFailed(_("A link cannot end before it began."), field="on")
    link.ended_on = on
    link.save(update_fields=["ended_on"])
    audit.record(actor=actor, action="contacts.unlinked", obj=h, after={"deputy": str(link.deputy)})
    return link


# ---- contacts (R34) --------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *,
    actor: User,
    holder: Holder,
    deputy: Deputy,
    method: str,
    on: dt.date,
    note: str = "",
    opinion: str = "",
) -> Contact:
    """R34 (Art 68): the member logs a contact with a linked deputy; an opinion the deputy
    gave on the way is recorded with it for an answer (R35)."""
    h = _locked_holder(holder)
    if not policies.can_log(actor, h):
        raise NotFound(_("No such member."))
    if method not in Method.values:
        raise ValidationFailed(_("Choose how you were in contact."), field="method")
    if not Link.objects.filter(holder=h, deputy=deputy, ended_on__isnull=True).exists():
        raise ValidationFailed(_("This deputy is not linked to you."), field="deputy")
    today = clock.today()
    if on > today:
        raise ValidationFailed(_("The date cannot be in the future."), field="on")
    if on < h.term.starts_on:
        raise ValidationFailed(_("The date is before the congress term began."), field="on")
    note = _clean(note, rules.MAX_NOTE_CHARS, "note")
    opinion = _clean(opinion, rules.MAX_OPINION_CHARS, "opinion")
    contact = Contact.objects.create(
        holder=h,
        deputy=deputy,
        method=method,
        on=on,
        note=note,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    if opinion:
        Opinion.objects.create(
            holder=h,
            deputy=deputy,
            contact=contact,
            text=opinion,
            raised_on=on,
            recorded_by=actor,
        )
    audit.record(
        actor=actor,
        action="contacts.contact_logged",
        obj=contact,
        after={"member": h.name, "deputy": deputy.name, "method": method, "on": on.isoformat()},
    )
    contact_events.contact_logged(contact=contact, actor=actor)
    return contact


# ---- opinions (R35) --------------------------------------------------------------------------

# The workflow of an opinion is data (workflow.OPINION).
_move = workflow.OPINION.apply


def _locked_opinion(opinion: Opinion) -> Opinion:
    return (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("holder__organisation", "deputy__user", "forwarded_to")
        .get(pk=opinion.pk)
    )


@transaction.atomic
def opinion_answer(*, actor: User, opinion: Opinion, answer: str) -> Opinion:
    """R35 (Art 69): the member (or, for a forwarded one, the deputy-affairs body) answers;
    the deputy is notified and sees the answer on their page."""
    o = _locked_opinion(opinion)
    if not policies.can_answer(actor, o):
        if o.status == OpinionStatus.ANSWERED and policies.can_view(actor, o.holder):
            raise IllegalTransition(_("This opinion has already been answered."))
        raise NotFound(_("No such opinion."))
    answer = _clean(answer, rules.MAX_OPINION_CHARS, "answer", required=True)
    _move("answer", o)
    o.answer, o.answered_by, o.answered_at = answer, actor, clock.now()
    o.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(actor=actor, action="contacts.opinion_answered", obj=o)
    contact_events.opinion_answered(opinion=o, actor=actor)
    return o


@transaction.atomic
def opinion_forward(*, actor: User, opinion: Opinion) -> Opinion:
    """R35 (Art 69): what the member cannot answer goes to the deputy-affairs body."""
    o = _locked_opinion(opinion)
    if o.holder.kind != HolderKind.SC_MEMBER:
        raise ValidationFailed(
            _("Only opinions given to Standing Committee members are forwarded.")
        )
    if not policies.can_forward(actor, o):
        if policies.can_view(actor, o.holder):
            raise IllegalTransition(_("Only an opinion waiting for an answer can be forwarded."))
        raise NotFound(_("No such opinion."))
    body = selectors.deputy_affairs_body(o.holder.organisation)
    if body is None:
        raise ValidationFailed(_("This Standing Committee has no deputy-affairs body."))
    _move("forward", o)
    o.forwarded_to, o.forwarded_at = body, clock.now()
    o.save(update_fields=["status", "forwarded_to", "forwarded_at"])
    audit.record(actor=actor, action="contacts.opinion_forwarded", obj=o, after={"to": body.name})
    contact_events.opinion_forwarded(opinion=o, actor=actor)
    return o


# ---- activities (R36, R38) and year-end reports (R34, R37) ---------------------------------

# Which activity belongs to which organisation.
ACTIVITY_ORG_KINDS: dict[str, frozenset[str]] = {
    ActivityKind.GROUP: frozenset({OrgKind.SPECIAL_COMMITTEE}),
    ActivityKind.FORUM: policies.ORGAN_ORG_KINDS,
    ActivityKind.BRIEFING: policies.ORGAN_ORG_KINDS,
}


@dataclass(frozen=True)
class ActivityResult:
    activity: Activity
    warning: str = ""


@transaction.atomic
def activity_record(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    title: str,
    held_on: dt.date,
    participants: list[Deputy],
    summary: str = "",
) -> ActivityResult:
    """R36 (Art 72): a special committee's professional group meets (led by the committee's
    head); R38 (Art 75): an organ's principal leader holds a forum with deputies, or the organ
    briefs deputies. A forum with fewer than 10 deputies is recorded, with a warning that it
    does not satisfy R38."""
    if not policies.staff_over(actor, organisation):
        raise NotFound(_("No such organisation."))
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Choose a kind of activity."), field="kind")
    if organisation.kind not in ACTIVITY_ORG_KINDS[kind]:
        raise ValidationFailed(
            _("%(org)s does not hold this kind of activity.") % {"org": organisation.name},
            field="kind",
        )
    title = _clean(title, 200, "title", required=True)
    summary = _clean(summary, rules.MAX_OPINION_CHARS, "summary")
    if held_on > clock.today():
        raise ValidationFailed(
            _("Record an activity once it has taken place; the date is in the future."),
            field="held_on",
        )
    leader_kind = (
        HolderKind.COMMITTEE_HEAD
        if kind == ActivityKind.GROUP
        else (HolderKind.ORGAN_PRINCIPAL if kind == ActivityKind.FORUM else None)
    )
    leader = (
        Holder.objects.filter(organisation=organisation, kind=leader_kind, is_active=True).first()
        if leader_kind
        else None
    )
    if leader_kind and leader is None:
        raise ValidationFailed(
            _("Register the %(kind)s of %(org)s first: the activity is led by them.")
            % {"kind": HolderKind(leader_kind).label, "org": organisation.name},
            field="kind",
        )
    if not participants:
        raise ValidationFailed(_("Tick the deputies who took part."), field="participants")
    term_id = leader.term_id if leader else _organ_term(organisation)
    _require_serving(participants, term_id, "participants")
    a = Activity.objects.create(
        organisation=organisation,
        holder=leader,
        kind=kind,
        title=title,
        held_on=held_on,
        summary=summary,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    a.participants.set(participants)
    warning = ""
    if kind == ActivityKind.FORUM and not rules.forum_counts(len(participants)):
        warning = _(
            "A forum with %(n)s deputies does not satisfy the rule of at least %(min)s "
            "(R38, Art 75)."
        ) % {"n": len(participants), "min": rules.FORUM_MIN_DEPUTIES}
    audit.record(
        actor=actor,
        action="contacts.activity_recorded",
        obj=a,
        after={"kind": kind, "held_on": held_on.isoformat(), "deputies": len(participants)},
    )
    contact_events.activity_recorded(activity=a, actor=actor)
    return ActivityResult(activity=a, warning=warning)


def _organ_term(organisation: Organisation) -> int:
    """The current term of the congress of the organ's level (a briefing has no leader)."""
    term = selectors.organ_term(organisation)
    if term is None:
        raise ValidationFailed(_("No current congress term for this organisation."))
    return term.pk


@transaction.atomic
def report_record(*, actor: User, holder: Holder, year: int) -> YearReport:
    """R34 (Art 68), R37 (Art 73): the written year-end report was generated (again)."""
    if not policies.can_view(actor, holder):
        raise NotFound(_("No such member."))
    report, _created = YearReport.objects.update_or_create(
        holder=holder,
        year=year,
        defaults={"generated_at": clock.now(), "generated_by": actor},
    )
    audit.record(actor=actor, action="contacts.report_generated", obj=holder, after={"year": year})
    return report


def report_document(*, actor: User, holder: Holder, year: int) -> bytes:
    """The year-end report as .docx (R34, R37): generating it records it for the year, the
    same for the member page's button and the API."""
    from . import reports

    report_record(actor=actor, holder=holder, year=year)
    return reports.member_report(holder, year)


# ---- consultations before appointing or inviting deputies (R39) ----------------------------


@transaction.atomic
def engagement_record(
    *,
    actor: User,
    organisation: Organisation,
    deputy: Deputy,
    purpose: str,
    starts_on: dt.date,
    consulted_on: dt.date | None,
    consulted_with: str,
    note: str = "",
) -> Engagement:
    """R39 (Art 76): an organ records that it appoints a deputy as special supervisor (or
    invites them to a trial, meeting or activity) together with the consultation with the
    Standing Committee office that came first. Without it, or after the fact, it is refused."""
    if not policies.staff_over(actor, organisation) or (
        organisation.kind not in policies.ORGAN_ORG_KINDS
    ):
        raise NotFound(_("No such organisation."))
    if purpose not in EngagementPurpose.values:
        raise ValidationFailed(
            _("Choose what the deputy is appointed or invited to."), field="purpose"
        )
    if consulted_on is None:
        raise ValidationFailed(
            _(
                "Consult the Standing Committee office on the choice first, and give the date "
                "(R39, Art 76)."
            ),
            field="consulted_on",
        )
    if consulted_on > starts_on:
        raise ValidationFailed(
            _(
                "The office must be consulted beforehand: the consultation is after the "
                "appointment or invitation (R39, Art 76)."
            ),
            field="consulted_on",
        )
    if consulted_on > clock.today():
        raise ValidationFailed(_("The date cannot be in the future."), field="consulted_on")
    consulted_with = _clean(consulted_with, 100, "consulted_with", required=True)
    note = _clean(note, rules.MAX_NOTE_CHARS, "note")
    if not registry_selectors.is_serving(deputy.pk, _organ_term(organisation)):
        raise ValidationFailed(
            _("%(name)s holds no serving seat in this congress term.") % {"name": deputy.name},
            field="deputy",
        )
    e = Engagement.objects.create(
        organisation=organisation,
        deputy=deputy,
        purpose=purpose,
        starts_on=starts_on,
        consulted_on=consulted_on,
        consulted_with=consulted_with,
        note=note,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    audit.record(
        actor=actor,
        action="contacts.engagement_recorded",
        obj=e,
        after={
            "deputy": deputy.name,
            "purpose": purpose,
            "starts_on": starts_on.isoformat(),
            "consulted_on": consulted_on.isoformat(),
        },
    )
    return e


# ---- meeting requests 约见 (Art 34, R52) ---------------------------------------------------


def _party(actor: User, mr: MeetingRequest) -> bool:
    return (
        policies.is_requester(actor, mr)
        or policies.office_for_meeting(actor, mr)
        or policies.organ_for_meeting(actor, mr)
    )


def _meeting_move(request: MeetingRequest, step: str, actor: User) -> MeetingRequest:
    """One step of the meeting workflow (workflow.MEETING) on the request read again and
    locked, which it returns with its new status (not saved yet): a stranger gets NotFound, a
    step the request's state does not allow IllegalTransition, another party's step
    PermissionDenied."""
    mr = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("term", "organ")
        .get(pk=request.pk)
    )
    if not _party(actor, mr):
        raise NotFound(_("No such meeting request."))
    t = workflow.MEETING.check(step, mr)
    if t.who is not None and not t.who(actor, mr):
        raise PermissionDenied(_("This step is not yours to take."))
    workflow.MEETING.apply(step, mr)
    return mr


def _meeting_event(mr: MeetingRequest, actor: User, kind: str, note: str = "") -> None:
    """One event in the log through the kind's constructor (``contacts/events.py``)."""
    events.constructors("contacts")[f"meeting_{kind}"](request=mr, actor=actor, note=note)


def _meeting_saved(
    mr: MeetingRequest, actor: User, kind: str, *fields: str, note: str = ""
) -> MeetingRequest:
    """The step taken: the request's new status and the step's ``fields`` saved, the event
    ``meeting_<kind>`` (with its ``note``) in the log."""
    mr.save(update_fields=["status", *fields])
    _meeting_event(mr, actor, kind, note)
    return mr


def in_session(term: Term, day: dt.date) -> bool:
    return term.sessions.filter(opens_on__lte=day, closes_on__gte=day).exists()


@transaction.atomic
def meeting_request_create(
    *,
    actor: User,
    term: Term,
    organ: Organisation,
    head: str,
    subject: str,
    reason: str,
    co_deputies: list[Deputy] | None = None,
) -> MeetingRequest:
    """Art 34: between sessions a deputy (with others if they wish) asks to meet the head of
    an organ of the same or a lower level."""
    own = policies.deputy_id(actor)
    if own is None:
        raise PermissionDenied(_("Only deputies ask for a meeting."))
    if not registry_selectors.is_serving(own, term.pk):
        raise ValidationFailed(_("You hold no serving seat in this congress term."), field="term")
    today = clock.today()
    if in_session(term, today):
        raise ValidationFailed(
            _(
                "Meeting requests are made between sessions; during the session raise it at the "
                "session (Art 34)."
            )
        )
    body = registry_selectors.congress_body(term.congress_id)
    if (
        body is None
        or organ.kind not in policies.MEETABLE_KINDS
        or not organ.path.startswith(body.path)
    ):
        raise ValidationFailed(
            _("Choose an organ of the same or a lower level than your congress."), field="organ"
        )
    head = _clean(head, 100, "head", required=True)
    subject = _clean(subject, 200, "subject", required=True)
    reason = _clean(reason, rules.MAX_OPINION_CHARS, "reason", required=True)
    others = [d for d in (co_deputies or []) if d.pk != own]
    _require_serving(others, term.pk, "co_deputies")
    mr = MeetingRequest.objects.create(
        term=term,
        organ=organ,
        head=head,
        subject=subject,
        reason=reason,
        requested_by=actor,
        requested_at=clock.now(),
    )
    mr.deputies.set([own, *[d.pk for d in others]])
    _meeting_event(mr, actor, "requested")
    return mr


@transaction.atomic
def meeting_request_arrange(*, actor: User, request: MeetingRequest, note: str) -> MeetingRequest:
    """The office takes the request up and passes it to the organ (Art 34)."""
    mr = _meeting_move(request, "arrange", actor)
    mr.arrangement = _clean(note, rules.MAX_NOTE_CHARS, "note", required=True)
    return _meeting_saved(mr, actor, "arranged", "arrangement", note=mr.arrangement)


@transaction.atomic
def meeting_request_confirm(
    *, actor: User, request: MeetingRequest, meets_at: dt.datetime, place: str
) -> MeetingRequest:
    """The organ confirms the date and place."""
    mr = _meeting_move(request, "confirm", actor)
    if meets_at < clock.now():
        raise ValidationFailed(_("The meeting time is in the past."), field="meets_at")
    mr.meets_at = meets_at
    mr.place = _clean(place, 200, "place", required=True)
    when = f"{timezone.localtime(meets_at):%Y-%m-%d %H:%M} {mr.place}"
    return _meeting_saved(mr, actor, "confirmed", "meets_at", "place", note=when)


@transaction.atomic
def meeting_request_record(*, actor: User, request: MeetingRequest, outcome: str) -> MeetingRequest:
    """The meeting took place; its outcome is recorded and reaches the deputies."""
    mr = _meeting_move(request, "record", actor)
    if mr.meets_at is not None and mr.meets_at > clock.now():
        raise ValidationFailed(
            _("The meeting has not taken place yet; record its outcome afterwards."),
            field="outcome",
        )
    mr.outcome = _clean(outcome, rules.MAX_OPINION_CHARS, "outcome", required=True)
    return _meeting_saved(mr, actor, "held", "outcome")


@transaction.atomic
def meeting_request_decline(*, actor: User, request: MeetingRequest, reason: str) -> MeetingRequest:
    mr = _meeting_move(request, "decline", actor)
    mr.decline_reason = _clean(reason, rules.MAX_NOTE_CHARS, "reason", required=True)
    return _meeting_saved(mr, actor, "declined", "decline_reason", note=mr.decline_reason)


@transaction.atomic
def meeting_request_withdraw(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    mr = _meeting_move(request, "withdraw", actor)
    return _meeting_saved(mr, actor, "withdrawn")
