"""research: services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Organisation, Term

from .. import policies
from ..common.services import (
    event,
    invite_once,
    organised,
    report_written,
    require_dates_ordered,
    take_part,
    text_field,
    title_field,
)
from ..models import Research, ResearchForward, ResearchMethod, ResearchParticipant

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
    require_dates_ordered(starts_on, ends_on)
    r = Research.objects.create(
        term=term,
        organiser=organiser,
        title=title_field(title),
        plan=text_field(plan, "plan", _("The plan")),
        methods=methods,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        created_at=clock.now(),
    )
    take_part(ResearchParticipant, term, deputies, research=r)
    event(f"research:{r.pk}", actor, "created")
    return r


def _research(actor: User, research: Research) -> Research:
    return organised(actor, research, _("No such research."))


@transaction.atomic
def research_invite(*, actor: User, research: Research, deputy: Deputy) -> ResearchParticipant:
    r = _research(actor, research)
    p = invite_once(ResearchParticipant, deputy, r.term, {}, research=r)
    event(f"research:{r.pk}", actor, "invited", deputy=deputy.name)
    return p


@transaction.atomic
def research_report(*, actor: User, research: Research, report: str) -> Research:
    r = _research(actor, research)
    report_written(r, actor, f"research:{r.pk}", report)
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
    event(f"research:{r.pk}", actor, "forwarded", organ=organ.name, organ_id=organ.pk)
    return f


def _feedback_saved(f: ResearchForward, actor: User, feedback: str, step: str) -> ResearchForward:
    """R25: how the organ handled the forwarded report, who wrote it and when, saved and
    logged as the research's ``step`` (the organiser's "feedback" or the organ's own
    "unit_replied")."""
    f.feedback = text_field(feedback, "feedback", _("The feedback"))
    f.feedback_at, f.feedback_by = clock.now(), actor
    f.save(update_fields=["feedback", "feedback_at", "feedback_by"])
    event(f"research:{f.research_id}", actor, step, organ=f.organ.name, organ_id=f.organ_id)
    return f


@transaction.atomic
def research_feedback(*, actor: User, forward: ResearchForward, feedback: str) -> ResearchForward:
    """R25: how the organ handled the report, fed back to every deputy who took part."""
    r = _research(actor, forward.research)
    f = (
        ResearchForward.objects.select_for_update(of=("self",))
        .select_related("organ")
        .get(pk=forward.pk, research=r)
    )
    return _feedback_saved(f, actor, feedback, "feedback")


@transaction.atomic
def forward_unit_reply(*, actor: User, forward: ResearchForward, feedback: str) -> ResearchForward:
    """R25 (Art 49, issue 22.3): the organ's own staff write how they handled the forwarded
    report; every deputy who took part is told, as when the organiser records it. Another
    organ's staff get NotFound."""
    f = (
        ResearchForward.objects.select_for_update(of=("self",))
        .select_related("organ", "research")
        .filter(pk=forward.pk)
        .first()
    )
    if f is None or not policies.can_answer_for_unit(actor, f.organ):
        raise NotFound(_("No such report for your unit."))
    return _feedback_saved(f, actor, feedback, "unit_replied")
