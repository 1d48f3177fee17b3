"""supervision: views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _lazy

from lvzhi.core import clock
from lvzhi.registry.models import Deputy

from .. import policies, rules
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import ReportForm
from ..common.views import (
    attach_decide_form,
    committees_of,
    decide_view,
    invite_form,
    opinion_form,
    opinion_view,
    organised_list_view,
    organised_views,
    prefecture_term,
)
from ..legislation import selectors as legislation_selectors
from ..models import Supervision, SupervisionKind
from . import selectors, services
from .forms import SupervisionForm, SupervisionOpinionForm

# ---- supervision ---------------------------------------------------------------------------


supervisions = organised_list_view(
    lambda user: committees_of(user, policies.SUPERVISION_ROLES),
    lambda data, committees: SupervisionForm(
        data, committees=committees, places=common_selectors.county_standing_committees()
    ),
    lambda u, c: services.supervision_create(
        actor=u,
        term=prefecture_term(),
        committee=common_selectors.organisation(c["committee"]),
        place=common_selectors.organisation(c["place"]),
        **pages.picked(c, "kind", "title", "tasks", "held_on"),
    ),
    _lazy("The activity has been created; invite deputies of the place concerned."),
    "activities:supervision",
    "activities/supervisions.html",
    selectors.supervisions_for,
    lambda _items: {"minimum": rules.MIN_LOCAL_DEPUTIES},
)


_supervision = pages.loader(selectors.supervision, policies.can_view_supervision)


def _supervision_page(
    request: HttpRequest, s: Supervision, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    staff = policies.can_run_supervision(request.user, s.committee)
    invitations = selectors.invitations_of(s)
    local = sum(1 for i in invitations if i.is_local)
    me = policies.deputy_id(request.user)
    forms = forms or {}
    taken = {i.deputy_id for i in invitations}
    proposed: list[Deputy] = []
    if staff and s.reported_at is None:
        forms.setdefault("invite", invite_form(s, taken=taken))
        if s.kind == SupervisionKind.BUDGET:
            proposed = legislation_selectors.proposed_deputies(
                s.term, selectors.finance_expertise_ids(), exclude=list(taken)
            )
        forms.setdefault("report", ReportForm(initial={"report": s.report}))
    if s.reported_at is None and (staff or me in taken):
        forms.setdefault("opinion", opinion_form(SupervisionOpinionForm, invitations, staff, me))
    opinions = selectors.opinions_of(s)
    for op in opinions:
        attach_decide_form(staff, "o", op)
    return render(
        request,
        "activities/supervision.html",
        {
            "s": s,
            "invitations": invitations,
            "local": local,
            "warning": selectors.r28_warning(local),
            "opinions": opinions,
            "staff": staff,
            "forms": forms,
            "proposed": proposed,
            "today": clock.today(),
        },
        status=status,
    )


supervision, _supervision_action, supervision_invite, supervision_report = organised_views(
    _supervision,
    _supervision_page,
    "supervision",
    services.supervision_invite,
    services.supervision_report,
)


supervision_tasks = pages.action_view(
    _supervision_action,
    "",
    None,
    lambda u, s, c: services.supervision_send_tasks(actor=u, supervision=s),
    _lazy("The tasks have been sent to the deputies."),
)


supervision_opinion = opinion_view(
    _supervision,
    _supervision_action,
    SupervisionOpinionForm,
    selectors.invitee_choices,
    services.supervision_opinion_add,
    "supervision",
    ("body",),
)


supervision_decide = decide_view(
    _supervision,
    selectors.opinion_of,
    "o",
    services.supervision_opinion_decide,
    "opinion",
    "activities:supervision",
)
