"""inspections: services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Organisation, Session, Term
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.models import Category

from .. import policies, rules
from ..common.services import (
    contribution,
    event,
    invite_once,
    organised,
    report_written,
    require_dates_ordered,
    take_part,
    text_field,
    title_field,
)
from ..models import (
    Inspection,
    InspectionKind,
    InspectionOpinion,
    InspectionParticipant,
    InspectionStatus,
    Route,
)

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
    title = title_field(title)
    sites = text_field(sites, "sites", _("The sites and times"))
    require_dates_ordered(starts_on, ends_on)
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
    take_part(InspectionParticipant, term, deputies, inspection=insp)
    event(f"inspection:{insp.pk}", actor, "planned", warnings=warnings)
    return insp


def _organised(actor: User, inspection: Inspection) -> Inspection:
    return organised(actor, inspection, _("No such inspection."))


@transaction.atomic
def inspection_invite(
    *, actor: User, inspection: Inspection, deputy: Deputy
) -> InspectionParticipant:
    i = _organised(actor, inspection)
    if i.status == InspectionStatus.REPORTED:
        raise IllegalTransition(_("The inspection has been reported."))
    p = invite_once(InspectionParticipant, deputy, i.term, {}, inspection=i)
    if i.status == InspectionStatus.NOTIFIED:  # told at once (activities/notices.py)
        _mark_notified([p])
    event(f"inspection:{i.pk}", actor, "invited", deputy=deputy.name)
    return p


def _mark_notified(participants: list[InspectionParticipant]) -> None:
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
    _mark_notified(participants)
    i.status, i.notified_at = InspectionStatus.NOTIFIED, clock.now()
    i.save(update_fields=["status", "notified_at"])
    event(f"inspection:{i.pk}", actor, "notified", deputies=len(participants))
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
    op = contribution(
        InspectionOpinion,
        body,
        _("The opinion"),
        rules.MAX_TEXT,
        inspection=i,
        deputy=deputy,
        title=title_field(title),
    )
    event(f"inspection:{i.pk}", actor, "opinion_added", deputy=deputy.name)
    return op


@transaction.atomic
def inspection_report(*, actor: User, inspection: Inspection, report: str) -> Inspection:
    """R24: the inspection report (视察报告)."""
    i = _organised(actor, inspection)
    if i.status == InspectionStatus.PLANNED:
        raise IllegalTransition(_("Notify the deputies before reporting."))
    i.status = InspectionStatus.REPORTED
    report_written(i, actor, f"inspection:{i.pk}", report, "status")
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
    elif route != Route.SUGGESTION:
        raise ValidationFailed(_("Choose where the opinion goes."), field="route")
    op.route, op.routed_at = route, clock.now()
    op.save(update_fields=["route", "unit", "routed_at"])
    event(f"inspection:{i.pk}", actor, "opinion_routed", route=route, opinion=op.pk)
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
    event(f"inspection:{op.inspection_id}", actor, "opinion_suggested", suggestion=s.pk)
    return op


@transaction.atomic
def opinion_unit_reply(*, actor: User, opinion: InspectionOpinion, reply: str) -> InspectionOpinion:
    """Art 44 (issue 22.3): the inspected unit's staff answer the opinion routed to their unit;
    the deputy who gave it and the organisers are told. Another unit's staff get NotFound."""
    op = (
        InspectionOpinion.objects.select_for_update(of=("self",))
        .select_related("inspection__organiser", "unit")
        .filter(pk=opinion.pk, route=Route.UNIT)
        .first()
    )
    if op is None or op.unit is None or not policies.can_answer_for_unit(actor, op.unit):
        raise NotFound(_("No such opinion for your unit."))
    op.unit_reply = text_field(reply, "reply", _("The reply"))
    op.unit_replied_at = clock.now()
    op.save(update_fields=["unit_reply", "unit_replied_at"])
    i = op.inspection
    event(
        f"inspection:{i.pk}",
        actor,
        "opinion_unit_replied",
        opinion=op.pk,
        organ=op.unit.name,
    )
    return op
