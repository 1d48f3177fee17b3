"""inspections: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core import clock
from lvzhi.core.errors import DomainError
from lvzhi.core.http import acting_user
from lvzhi.core.models import User

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import ReportForm
from ..common.views import (
    invite_form,
    opinion_form,
    opinion_view,
    organised_list,
    organised_views,
    organisers_of,
    prefecture_term,
)
from ..models import Inspection, InspectionStatus
from . import selectors, services
from .forms import InspectionForm, OpinionForm, RouteForm

# ---- inspections ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inspections(request: HttpRequest) -> HttpResponse:
    organisers = organisers_of(request.user)
    term = prefecture_term()

    def form() -> InspectionForm:
        sessions = [
            (s.pk, f"{s}（{s.opens_on:%Y-%m-%d}）") for s in common_selectors.sessions_of(term)
        ]
        return InspectionForm(pages.posted(request), organisers=organisers, sessions=sessions)

    def plan(u: User, c: dict[str, Any]) -> Inspection:
        return services.inspection_plan(
            actor=u,
            term=term,
            organiser=common_selectors.organisation(c["organiser"]),
            session=common_selectors.session(c["session"]) if c["session"] else None,
            **pages.picked(c, "kind", "title", "starts_on", "ends_on", "sites"),
        )

    return organised_list(
        request,
        organisers,
        form,
        plan,
        _("The inspection has been planned. Invite the deputies taking part."),
        pages.to_page_warned(request, "activities:inspection"),
        "activities/inspections.html",
        selectors.inspections_for,
    )


_inspection = pages.loader(selectors.inspection, policies.can_view_inspection)


def _inspection_page(
    request: HttpRequest, i: Inspection, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    organiser = policies.can_organise_inspection(user, i.organiser)
    participants = selectors.participants_of(i)
    me = policies.deputy_id(user)
    forms = forms or {}
    if organiser and i.status != InspectionStatus.REPORTED:
        taken = {p.deputy_id for p in participants}
        forms.setdefault("invite", invite_form(i, taken=taken))
    if i.status != InspectionStatus.PLANNED and (
        organiser or me in {p.deputy_id for p in participants}
    ):
        forms.setdefault("opinion", opinion_form(OpinionForm, participants, organiser, me))
    if organiser and i.status != InspectionStatus.PLANNED:
        forms.setdefault("report", ReportForm(initial={"report": i.report}))
    units = common_selectors.handling_unit_choices() if organiser else []
    opinions = selectors.opinions_of(i)
    for op in opinions:
        op.route_form = RouteForm(units=units, prefix=f"r{op.pk}") if organiser else None  # type: ignore[attr-defined]
    return render(
        request,
        "activities/inspection.html",
        {
            "i": i,
            "participants": participants,
            "opinions": opinions,
            "organiser": organiser,
            "me": me,
            "forms": forms,
            "today": clock.today(),
        },
        status=status,
    )


inspection, _inspection_action, inspection_invite, inspection_report = organised_views(
    _inspection,
    _inspection_page,
    "inspection",
    services.inspection_invite,
    services.inspection_report,
)


inspection_notify = pages.action_view(
    _inspection_action,
    "",
    None,
    lambda u, i, c: services.inspection_notify(actor=u, inspection=i),
    _lazy("The deputies have been notified."),
)


inspection_opinion = opinion_view(
    _inspection,
    _inspection_action,
    OpinionForm,
    selectors.participant_choices,
    services.inspection_opinion_add,
    "inspection",
    ("title", "body"),
)


opinion_route = pages.row_step_view(
    _inspection,
    selectors.opinion_of,
    lambda r, op: RouteForm(
        r.POST, units=common_selectors.handling_unit_choices(), prefix=f"r{op.pk}"
    ),
    lambda u, op, c: services.opinion_route(
        actor=u,
        opinion=op,
        route=c["route"],
        unit=common_selectors.organisation_or_none(c["unit"]),
    ),
    _lazy("Choose where the opinion goes."),
    _lazy("The opinion has been routed."),
    "activities:inspection",
)


@login_required
@require_POST
def opinion_suggest(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    op = pages.found(selectors.opinion_of(_inspection(request, pk), opinion_id))
    try:
        op = services.opinion_submit_as_suggestion(actor=acting_user(request), opinion=op)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:inspection", pk=pk)
    messages.success(request, _("Your opinion has been submitted as a suggestion."))
    return redirect("suggestions:detail", pk=op.suggestion_id)
