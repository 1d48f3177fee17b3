"""supervision: services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, Term

from .. import policies
from ..common.services import (
    contribution,
    decided,
    event,
    invite_once,
    locked,
    report_written,
    require_committee,
    text_field,
    title_field,
)
from ..models import (
    Decision,
    Supervision,
    SupervisionInvitation,
    SupervisionKind,
    SupervisionOpinion,
)

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
    require_committee(actor, committee, policies.can_run_supervision)
    if kind not in SupervisionKind.values:
        raise ValidationFailed(_("Choose the kind of supervision."), field="kind")
    s = Supervision.objects.create(
        kind=kind,
        term=term,
        committee=committee,
        place=place,
        title=title_field(title),
        tasks=text_field(tasks, "tasks", _("The tasks")),
        held_on=held_on,
        created_by=actor,
        created_at=clock.now(),
    )
    event(f"supervision:{s.pk}", actor, "created")
    return s


def _supervision(actor: User, supervision: Supervision) -> Supervision:
    return locked(
        supervision,
        ("committee", "place", "term"),
        lambda s: policies.can_run_supervision(actor, s.committee),
        _("No such supervision activity."),
    )


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
    inv = invite_once(
        SupervisionInvitation,
        deputy,
        s.term,
        {"invited_at": clock.now(), "is_local": is_local(deputy, s.term, s.place)},
        supervision=s,
    )
    event(f"supervision:{s.pk}", actor, "invited", deputy=deputy.name, local=inv.is_local)
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
    s.tasks_sent_at = clock.now()
    s.save(update_fields=["tasks_sent_at"])
    event(f"supervision:{s.pk}", actor, "tasks_sent", deputies=len(invited))
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
    op = contribution(
        SupervisionOpinion, body, _("The opinion"), 5000, supervision=s, deputy=deputy
    )
    event(f"supervision:{s.pk}", actor, "opinion_added", deputy=deputy.name)
    return op


@transaction.atomic
def supervision_opinion_decide(
    *, actor: User, opinion: SupervisionOpinion, decision: str, reason: str
) -> SupervisionOpinion:
    s = _supervision(actor, opinion.supervision)
    op = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk, supervision=s)
    op.decision, op.reason = decided(decision, reason)
    op.save(update_fields=["decision", "reason"])
    event(f"supervision:{s.pk}", actor, "opinion_decided", opinion=op.pk, decision=decision)
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
    report_written(s, actor, f"supervision:{s.pk}", report)
    return s
