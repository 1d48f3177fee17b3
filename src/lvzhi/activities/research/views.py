"""research: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
    Research,
    ResearchMethod,
)
from . import selectors, services
from .forms import FeedbackForm, ForwardForm, ResearchForm

# ---- thematic research ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def research_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    organisers = organisers_of(request.user)
    if not organisers and policies.deputy_id(request.user) is None:
        raise Http404
    form = ResearchForm(request.POST if request.method == "POST" else None, organisers=organisers)
    if request.method == "POST" and organisers and form.is_valid():
        c = form.cleaned_data
        try:
            r = services.research_create(
                actor=acting_user(request),
                term=prefecture_term(),
                organiser=common_selectors.organisation(c["organiser"]),
                title=c["title"],
                plan=c["plan"],
                methods=c["methods"],
                starts_on=c["starts_on"],
                ends_on=c["ends_on"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The research has been planned; invite the deputies."))
            return redirect("activities:research", pk=r.pk)
    items = selectors.research_for(request.user, q)
    page, query = page_of(request, items)
    return render(
        request,
        "activities/research_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "form": form if organisers else None,
            "awaiting": selectors.forwards_awaiting_count(items),
        },
        status=400 if form.errors else 200,
    )


def _research(request: HttpRequest, pk: int) -> Research:
    r = selectors.research(pk)
    if r is None or not policies.can_view_research(request.user, r):
        raise Http404
    return r


def _research_page(
    request: HttpRequest, r: Research, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    staff = policies.can_organise_inspection(request.user, r.organiser)
    participants = selectors.participants_of(r)
    forwards = selectors.forwards_of(r)
    forms = forms or {}
    if staff:
        taken = {p.deputy_id for p in participants}
        forms.setdefault(
            "invite",
            DeputyChoiceForm(term_id=r.term_id, exclude=taken, prefix="invite"),
        )
        forms.setdefault("report", ReportForm(initial={"report": r.report}))
        if r.reported_at:
            done = {f.organ_id for f in forwards}
            forms.setdefault(
                "forward",
                ForwardForm(
                    organs=[u for u in common_selectors.handling_unit_choices() if u[0] not in done]
                ),
            )
        for f in forwards:
            f.form = FeedbackForm(prefix=f"f{f.pk}", initial={"feedback": f.feedback})  # type: ignore[attr-defined]
    return render(
        request,
        "activities/research.html",
        {
            "r": r,
            "participants": participants,
            "forwards": forwards,
            "staff": staff,
            "forms": forms,
            "method_labels": [label for v, label in ResearchMethod.choices if v in r.methods],
        },
        status=status,
    )


@login_required
@require_GET
def research(request: HttpRequest, pk: int) -> HttpResponse:
    return _research_page(request, _research(request, pk))


_research_action = DetailAction(_research, _research_page, "activities:research").run


research_invite = invite_view(_research, _research_action, services.research_invite, "research")


research_report = report_view(_research_action, services.research_report, "research")


@login_required
@require_POST
def research_forward(request: HttpRequest, pk: int) -> HttpResponse:
    form = ForwardForm(request.POST, organs=common_selectors.handling_unit_choices())
    return _research_action(
        request,
        pk,
        "forward",
        form,
        lambda u, r, c: services.research_forward(
            actor=u, research=r, organ=common_selectors.organisation(c["organ"])
        ),
        _("The report has been forwarded."),
    )


@login_required
@require_POST
def research_feedback(request: HttpRequest, pk: int, forward_id: int) -> HttpResponse:
    r = _research(request, pk)
    f = selectors.forward_of(r, forward_id)
    if f is None:
        raise Http404
    form = FeedbackForm(request.POST, prefix=f"f{f.pk}")
    if not form.is_valid():
        messages.error(request, _("Write how the organ handled the report."))
        return redirect("activities:research", pk=pk)
    try:
        services.research_feedback(
            actor=acting_user(request), forward=f, feedback=form.cleaned_data["feedback"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The feedback has been sent to the deputies."))
    return redirect("activities:research", pk=pk)
