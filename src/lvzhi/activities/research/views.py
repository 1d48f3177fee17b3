"""research: views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _lazy

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import ReportForm
from ..common.views import (
    invite_form,
    organised_list_view,
    organised_views,
    organisers_of,
    prefecture_term,
)
from ..models import Research, ResearchMethod
from . import selectors, services
from .forms import FeedbackForm, ForwardForm, ResearchForm

# ---- thematic research ---------------------------------------------------------------------


research_list = organised_list_view(
    organisers_of,
    lambda data, organisers: ResearchForm(data, organisers=organisers),
    lambda u, c: services.research_create(
        actor=u,
        term=prefecture_term(),
        organiser=common_selectors.organisation(c["organiser"]),
        **pages.picked(c, "title", "plan", "methods", "starts_on", "ends_on"),
    ),
    _lazy("The research has been planned; invite the deputies."),
    "activities:research",
    "activities/research_list.html",
    selectors.research_for,
    lambda items: {"awaiting": selectors.forwards_awaiting_count(items)},
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
        forms.setdefault("invite", invite_form(r, taken=taken))
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


research, _research_action, research_invite, research_report = organised_views(
    _research, _research_page, "research", services.research_invite, services.research_report
)


research_forward = pages.action_view(
    _research_action,
    "forward",
    lambda r, _pk: ForwardForm(r.POST, organs=common_selectors.handling_unit_choices()),
    lambda u, r, c: services.research_forward(
        actor=u, research=r, organ=common_selectors.organisation(c["organ"])
    ),
    _lazy("The report has been forwarded."),
)


research_feedback = pages.row_step_view(
    _research,
    selectors.forward_of,
    lambda r, f: FeedbackForm(r.POST, prefix=f"f{f.pk}"),
    lambda u, f, c: services.research_feedback(actor=u, forward=f, feedback=c["feedback"]),
    _lazy("Write how the organ handled the report."),
    _lazy("The feedback has been sent to the deputies."),
    "activities:research",
)
