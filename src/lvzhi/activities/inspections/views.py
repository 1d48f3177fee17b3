"""inspections: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import DetailAction, acting_user, search_text

from .. import policies
from ..common import selectors as common_selectors
from ..common.forms import DeputyChoiceForm, ReportForm
from ..common.views import (
    invite_view,
    organisers_of,
    page_of,
    prefecture_term,
    report_view,
)
from ..models import (
    Inspection,
    InspectionStatus,
)
from . import selectors, services
from .forms import InspectionForm, OpinionForm, RouteForm

# ---- inspections ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inspections(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    organisers = organisers_of(request.user)
    if not organisers and policies.deputy_id(request.user) is None:
        raise Http404
    term = prefecture_term()
    sessions = [(s.pk, f"{s}（{s.opens_on:%Y-%m-%d}）") for s in common_selectors.sessions_of(term)]
    form = InspectionForm(
        request.POST if request.method == "POST" else None, organisers=organisers, sessions=sessions
    )
    if request.method == "POST" and organisers and form.is_valid():
        c = form.cleaned_data
        try:
            insp = services.inspection_plan(
                actor=acting_user(request),
                kind=c["kind"],
                term=term,
                organiser=common_selectors.organisation(c["organiser"]),
                title=c["title"],
                starts_on=c["starts_on"],
                ends_on=c["ends_on"],
                sites=c["sites"],
                session=common_selectors.session(c["session"]) if c["session"] else None,
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request, _("The inspection has been planned. Invite the deputies taking part.")
            )
            for w in insp.warnings:
                messages.warning(request, w)
            return redirect("activities:inspection", pk=insp.pk)
    page, query = page_of(request, selectors.inspections_for(request.user, q))
    return render(
        request,
        "activities/inspections.html",
        {"page": page, "query": query, "q": q, "form": form if organisers else None},
        status=400 if form.errors else 200,
    )


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    i = selectors.inspection(pk)
    if i is None or not policies.can_view_inspection(request.user, i):
        raise Http404
    return i


def _inspection_page(
    request: HttpRequest, i: Inspection, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    organiser = policies.can_organise_inspection(user, i.organiser)
    participants = selectors.participants_of(i)
    me = policies.deputy_id(user)
    forms = forms or {}
    pchoices = [(p.deputy_id, p.deputy.name) for p in participants]
    if organiser and i.status != InspectionStatus.REPORTED:
        taken = {p.deputy_id for p in participants}
        forms.setdefault(
            "invite",
            DeputyChoiceForm(term_id=i.term_id, exclude=taken, prefix="invite"),
        )
    if i.status != InspectionStatus.PLANNED and (
        organiser or me in {p.deputy_id for p in participants}
    ):
        own = [c for c in pchoices if organiser or c[0] == me]
        forms.setdefault("opinion", OpinionForm(deputies=own, prefix="opinion"))
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


@login_required
@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection(request, pk))


_inspection_action = DetailAction(_inspection, _inspection_page, "activities:inspection").run


inspection_invite = invite_view(
    _inspection, _inspection_action, services.inspection_invite, "inspection"
)


@login_required
@require_POST
def inspection_notify(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_action(
        request,
        pk,
        "",
        None,
        lambda u, i, c: services.inspection_notify(actor=u, inspection=i),
        _("The deputies have been notified."),
    )


@login_required
@require_POST
def inspection_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    deps = selectors.participant_choices(i)
    form = OpinionForm(request.POST, deputies=deps, prefix="opinion")
    return _inspection_action(
        request,
        pk,
        "opinion",
        form,
        lambda u, i, c: services.inspection_opinion_add(
            actor=u,
            inspection=i,
            deputy=common_selectors.deputy(c["deputy"]),
            title=c["title"],
            body=c["body"],
        ),
        _("The opinion has been recorded."),
    )


inspection_report = report_view(_inspection_action, services.inspection_report, "inspection")


@login_required
@require_POST
def opinion_route(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    i = _inspection(request, pk)
    op = selectors.opinion_of(i, opinion_id)
    if op is None:
        raise Http404
    units = common_selectors.handling_unit_choices()
    form = RouteForm(request.POST, units=units, prefix=f"r{op.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose where the opinion goes."))
        return redirect("activities:inspection", pk=pk)
    c = form.cleaned_data
    try:
        services.opinion_route(
            actor=acting_user(request),
            opinion=op,
            route=c["route"],
            unit=common_selectors.organisation_or_none(c["unit"]),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The opinion has been routed."))
    return redirect("activities:inspection", pk=pk)


@login_required
@require_POST
def opinion_suggest(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    i = _inspection(request, pk)
    op = selectors.opinion_of(i, opinion_id)
    if op is None:
        raise Http404
    try:
        op = services.opinion_submit_as_suggestion(actor=acting_user(request), opinion=op)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:inspection", pk=pk)
    messages.success(request, _("Your opinion has been submitted as a suggestion."))
    return redirect("suggestions:detail", pk=op.suggestion_id)
