"""common: services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core import events as core_events
from lvzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.events import Event
from lvzhi.core.models import User
from lvzhi.core.text import bounded_text
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, OrgKind, Term

from .. import events as activity_events
from .. import policies, rules
from ..models import Decision, Inspection, Research, Supervision

M = TypeVar("M", bound=Model)
Organised = TypeVar("Organised", Inspection, Research)


def event(subject: str, actor: User | None, kind: str, **payload: Any) -> Event:
    """One event in the log through the kind's constructor (``activities/events.py``)."""
    step = activity_events.step_of(subject, kind)
    return core_events.constructors("activities")[step](subject=subject, actor=actor, **payload)


def text_field(
    value: str, field: str, label: str, *, max_length: int = rules.MAX_TEXT, required: bool = True
) -> str:
    return bounded_text(value, field, label, max_length, required=required)


def title_field(value: str, field: str = "title") -> str:
    return text_field(" ".join((value or "").split()), field, _("The title"), max_length=200)


def contribution(model: type[M], body: str, label: str, max_length: int, **fields: Any) -> M:
    """A comment, an opinion or a forum reply (a ``model`` row with ``fields``): its text
    ``body`` (``label``, at most ``max_length``) and when it was written."""
    return model._default_manager.create(
        **fields,
        body=text_field(body, "body", label, max_length=max_length),
        created_at=clock.now(),
    )


def require_serving(deputy: Deputy, term: Term, field: str = "deputy") -> None:
    if not registry_selectors.is_serving(deputy.pk, term.pk):
        raise ValidationFailed(
            _("%(name)s holds no serving seat in this congress term.") % {"name": deputy.name},
            field=field,
        )


def invite_once(
    model: type[M], deputy: Deputy, term: Term, defaults: dict[str, Any], **activity: Any
) -> M:
    """R23, R25, R28: ``deputy``, serving in ``term``, invited to the ``activity`` (its row in
    ``model`` made with ``defaults``); inviting the deputy again is refused by name."""
    require_serving(deputy, term)
    row, created = model._default_manager.get_or_create(
        deputy=deputy, defaults=defaults, **activity
    )
    if not created:
        raise ValidationFailed(
            _("%(name)s has already been invited.") % {"name": deputy.name}, field="deputy"
        )
    return row


def take_part(model: type[M], term: Term, deputies: Iterable[Deputy], **activity: Any) -> None:
    """R23, R25: the ``deputies`` named when the activity is planned, each serving in ``term``,
    take part in it (one ``model`` row each, kept when already there)."""
    for d in deputies:
        require_serving(d, term, "deputies")
        model._default_manager.get_or_create(deputy=d, **activity)


def report_written(
    obj: Inspection | Research | Supervision, actor: User, subject: str, report: str, *also: str
) -> None:
    """R24, R25, R28: the activity's report and when it was written (with the ``also`` fields
    the caller set), saved and logged as the subject's "reported"."""
    obj.report = text_field(report, "report", _("The report"))
    obj.reported_at = clock.now()
    obj.save(update_fields=["report", *also, "reported_at"])
    event(subject, actor, "reported")


def require_committee(actor: User, committee: Organisation, allowed: Any) -> None:
    if committee.kind not in (
        OrgKind.SPECIAL_COMMITTEE,
        OrgKind.WORKING_BODY,
        OrgKind.OFFICE,
        OrgKind.DEPUTY_AFFAIRS,
    ):
        raise ValidationFailed(_("Choose a committee or working body."), field="committee")
    if not allowed(actor, committee):
        raise PermissionDenied(_("You do not work for this committee."))


def locked(obj: M, related: tuple[str, ...], may: Callable[[M], bool], missing: str) -> M:
    """``obj`` read again and locked for a change (its ``related`` rows read along, not
    locked); NotFound(``missing``) when the actor ``may`` not change it."""
    row = (
        type(obj)
        ._default_manager.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=obj.pk)
    )
    if not may(row):
        raise NotFound(missing)
    return row


def organised(actor: User, obj: Organised, missing: str) -> Organised:
    """An inspection or a research read again and locked for a change (``locked``) by those
    who organise it for its organising body (R23, R25); NotFound(``missing``) for others."""
    return locked(
        obj,
        ("organiser", "term"),
        lambda row: policies.can_organise_inspection(actor, row.organiser),
        missing,
    )


def decided(decision: str, reason: str) -> tuple[str, str]:
    """R27, R28: whether a deputy's comment or opinion was adopted (not "pending"), and why."""
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationFailed(
            _("Choose adopted, partly adopted or not adopted."), field="decision"
        )
    return decision, text_field(reason, "reason", _("The reason"), max_length=2000)


def require_dates_ordered(starts_on: Any, ends_on: Any) -> None:
    """An inspection, a training or a research ends on or after the day it starts."""
    if ends_on < starts_on:
        raise ValidationFailed(_("The end lies before the start."), field="ends_on")
