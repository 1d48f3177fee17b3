"""research: views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core.http import DetailAction, search_text

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import DeputyChoiceForm, ReportForm
from ..common.views import (
    invite_view,
    listed,
    organisers_of,
    prefecture_term,
    report_view,
    require_bodies_or_deputy,
)
from ..models import Research, ResearchMethod
from . import selectors, services
from .forms import FeedbackForm, ForwardForm, ResearchForm

# ---- thematic research ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def research_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    organisers = organisers_of(request.user)
    require_bodies_or_deputy(request, organisers)
    form = ResearchForm(pages.posted(request), organisers=organisers)

    def context() -> dict[str, Any]:
        items = selectors.research_for(request.user, q)
        return listed(request, items, q, awaiting=selectors.forwards_awaiting_count(items))

    return pages.form_page(
        request,
        form,
        lambda u, c: services.research_create(
            actor=u,
            term=prefecture_term(),
            organiser=common_selectors.organisation(c["organiser"]),
            **pages.picked(c, "title", "plan", "methods", "starts_on", "ends_on"),
        ),
        _("The research has been planned; invite the deputies."),
        "activities:research",
        "activities/research_list.html",
        context,
        may_save=bool(organisers),
    )


_research = pages.loader(selectors.research, policies.can_view_research)


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


research = pages.detail_view(_research, _research_page)


_research_action = DetailAction(_research, _research_page, "activities:research").run


research_invite = invite_view(_research, _research_action, services.research_invite, "research")


research_report = report_view(_research_action, services.research_report, "research")


research_forward = pages.action_view(
    _research_action,
    "forward",
    lambda r, _pk: ForwardForm(r.POST, organs=common_selectors.handling_unit_choices()),
    lambda u, r, c: services.research_forward(
        actor=u, research=r, organ=common_selectors.organisation(c["organ"])
    ),
    _lazy("The report has been forwarded."),
)


@login_required
@require_POST
def research_feedback(request: HttpRequest, pk: int, forward_id: int) -> HttpResponse:
    f = pages.found(selectors.forward_of(_research(request, pk), forward_id))
    return pages.posted_step(
        request,
        FeedbackForm(request.POST, prefix=f"f{f.pk}"),
        lambda u, c: services.research_feedback(actor=u, forward=f, feedback=c["feedback"]),
        _("Write how the organ handled the report."),
        _("The feedback has been sent to the deputies."),
        redirect("activities:research", pk=pk),
    )
