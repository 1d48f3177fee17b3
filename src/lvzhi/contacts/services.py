"""Every change of state of chapter 4 is one function here: permission, rule, rows in one
transaction, one audit event, notifications (R33-R35)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.notifications import notify
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, Role, Term

from . import policies, rules, selectors
from .models import Contact, Holder, HolderKind, Link, Method, Opinion, OpinionStatus

DEPUTY_PAGE = "/contacts/deputy/"


def _clean(text: str, limit: int, field: str, *, required: bool = False) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationFailed(_("This field is required."), field=field)
    if len(text) > limit:
        raise ValidationFailed(
            _("The text is too long (at most %(n)s characters).") % {"n": limit}, field=field
        )
    return text


def _locked_holder(holder: Holder) -> Holder:
    return (
        Holder.objects.select_for_update(of=("self",))
        .select_related("organisation", "term")
        .get(pk=holder.pk)
    )


# ---- holders and links (R33) ----------------------------------------------------------------


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
) -> Holder:
    """The office registers a Standing Committee member (with the electoral unit that elected
    them, Art 67)."""
    if actor is not None and not policies.office_over(actor, organisation):
        raise PermissionDenied(_("Only the Standing Committee office registers members."))
    name = _clean(name, 64, "name", required=True)
    if kind not in HolderKind.values:
        raise ValidationFailed(_("Choose a kind."), field="kind")
    if electoral_unit is not None and electoral_unit.congress_id != term.congress_id:
        raise ValidationFailed(
            _("The electoral unit belongs to another congress."), field="electoral_unit"
        )
    if (
        user is not None
        and Holder.objects.filter(user=user, kind=kind, organisation=organisation).exists()
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
    audit.record(
        actor=actor,
        action="contacts.holder_created",
        obj=holder,
        after={"organisation": organisation.name, "kind": kind},
    )
    return holder


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
    warning = ""
    if count > rules.MEMBER_LINKS:
        warning = _(
            "%(name)s is now linked to %(count)s deputies; the rule is %(rule)s (R33, Art 67)."
        ) % {"name": h.name, "count": count, "rule": rules.MEMBER_LINKS}
    audit.record(
        actor=actor,
        action="contacts.linked",
        obj=h,
        after={"deputy": deputy.name, "links": count},
    )
    notify(
        users=[deputy.user],
        title=_("%(name)s of the Standing Committee is now linked to you") % {"name": h.name},
        url=DEPUTY_PAGE,
        key=f"contacts:link:{link.pk}",
    )
    return LinkResult(link=link, warning=warning)


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
    notify(
        users=[deputy.user],
        title=_("%(name)s recorded a contact with you (%(method)s, %(on)s)")
        % {"name": h.name, "method": Method(method).label, "on": on.isoformat()},
        url=DEPUTY_PAGE,
        key=f"contacts:contact:{contact.pk}",
    )
    return contact


# ---- opinions (R35) --------------------------------------------------------------------------

# The workflow of an opinion: from → allowed targets.
OPINION_TRANSITIONS: dict[str, frozenset[str]] = {
    OpinionStatus.RAISED: frozenset({OpinionStatus.ANSWERED, OpinionStatus.FORWARDED}),
    OpinionStatus.FORWARDED: frozenset({OpinionStatus.ANSWERED}),
}


def _move(o: Opinion, to: str) -> None:
    if to not in OPINION_TRANSITIONS.get(o.status, frozenset()):
        raise IllegalTransition(
            _("An opinion that is “%(from)s” cannot become “%(to)s”.")
            % {"from": OpinionStatus(o.status).label, "to": OpinionStatus(to).label}
        )
    o.status = to


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
    _move(o, OpinionStatus.ANSWERED)
    o.answer, o.answered_by, o.answered_at = answer, actor, clock.now()
    o.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(actor=actor, action="contacts.opinion_answered", obj=o)
    notify(
        users=[o.deputy.user],
        title=_("Your opinion to %(name)s has been answered") % {"name": o.holder.name},
        body=answer[:500],
        url=DEPUTY_PAGE,
        key=f"contacts:opinion:{o.pk}:answered",
    )
    return o


@transaction.atomic
def opinion_forward(*, actor: User, opinion: Opinion) -> Opinion:
    """R35 (Art 69): what the member cannot answer goes to the deputy-affairs body."""
    o = _locked_opinion(opinion)
    if not policies.can_forward(actor, o):
        if policies.can_view(actor, o.holder):
            raise IllegalTransition(_("Only an opinion waiting for an answer can be forwarded."))
        raise NotFound(_("No such opinion."))
    body = selectors.deputy_affairs_body(o.holder.organisation)
    if body is None:
        raise ValidationFailed(_("This Standing Committee has no deputy-affairs body."))
    _move(o, OpinionStatus.FORWARDED)
    o.forwarded_to, o.forwarded_at = body, clock.now()
    o.save(update_fields=["status", "forwarded_to", "forwarded_at"])
    audit.record(actor=actor, action="contacts.opinion_forwarded", obj=o, after={"to": body.name})
    staff: Any = registry_selectors.users_with_role_over(body, frozenset({Role.OFFICE}))
    notify(
        users=list(staff),
        title=_("An opinion of deputy %(deputy)s was forwarded by %(name)s")
        % {"deputy": o.deputy.name, "name": o.holder.name},
        url="/contacts/opinions/",
        key=f"contacts:opinion:{o.pk}:forwarded",
    )
    notify(
        users=[o.deputy.user],
        title=_("Your opinion to %(name)s was forwarded to %(body)s")
        % {"name": o.holder.name, "body": body.name},
        url=DEPUTY_PAGE,
        key=f"contacts:opinion:{o.pk}:forwarded-deputy",
    )
    return o
