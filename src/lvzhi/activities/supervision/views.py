"""supervision: views."""

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
from lvzhi.registry.models import (
    Deputy,
)

from .. import policies, rules
from ..common import selectors as common_selectors
from ..common.forms import DecideForm, DeputyChoiceForm, ReportForm
from ..common.views import (
    attach_decide_form,
    committees_of,
    invite_view,
    page_of,
    prefecture_term,
    report_view,
)
from ..legislation import selectors as legislation_selectors
from ..models import (
    Supervision,
    SupervisionKind,
)
from . import selectors, services
from .forms import SupervisionForm, SupervisionOpinionForm

# ---- supervision ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supervisions(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    committees = committees_of(request.user, policies.SUPERVISION_ROLES)
    if not committees and policies.deputy_id(request.user) is None:
        raise Http404
    form = SupervisionForm(
        request.POST if request.method == "POST" else None,
        committees=committees,
        places=common_selectors.county_standing_committees(),
    )
    if request.method == "POST" and committees and form.is_valid():
        c = form.cleaned_data
        try:
            s = services.supervision_create(
                actor=acting_user(request),
                kind=c["kind"],
                term=prefecture_term(),
                committee=common_selectors.organisation(c["committee"]),
                place=common_selectors.organisation(c["place"]),
                title=c["title"],
                tasks=c["tasks"],
                held_on=c["held_on"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request, _("The activity has been created; invite deputies of the place concerned.")
            )
            return redirect("activities:supervision", pk=s.pk)
    page, query = page_of(request, selectors.supervisions_for(request.user, q))
    return render(
        request,
        "activities/supervisions.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "form": form if committees else None,
            "minimum": rules.MIN_LOCAL_DEPUTIES,
        },
        status=400 if form.errors else 200,
    )


def _supervision(request: HttpRequest, pk: int) -> Supervision:
    s = selectors.supervision(pk)
    if s is None or not policies.can_view_supervision(request.user, s):
        raise Http404
    return s


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
        forms.setdefault(
            "invite", DeputyChoiceForm(term_id=s.term_id, exclude=taken, prefix="invite")
        )
        if s.kind == SupervisionKind.BUDGET:
            proposed = legislation_selectors.proposed_deputies(
                s.term, selectors.finance_expertise_ids(), exclude=list(taken)
            )
        forms.setdefault("report", ReportForm(initial={"report": s.report}))
    if s.reported_at is None and (staff or me in taken):
        forms.setdefault(
            "opinion",
            SupervisionOpinionForm(
                deputies=[
                    (i.deputy_id, i.deputy.name) for i in invitations if staff or i.deputy_id == me
                ],
                prefix="opinion",
            ),
        )
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


@login_required
@require_GET
def supervision(request: HttpRequest, pk: int) -> HttpResponse:
    return _supervision_page(request, _supervision(request, pk))


_supervision_action = DetailAction(_supervision, _supervision_page, "activities:supervision").run


supervision_invite = invite_view(
    _supervision, _supervision_action, services.supervision_invite, "supervision"
)


@login_required
@require_POST
def supervision_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    return _supervision_action(
        request,
        pk,
        "",
        None,
        lambda u, s, c: services.supervision_send_tasks(actor=u, supervision=s),
        _("The tasks have been sent to the deputies."),
    )


@login_required
@require_POST
def supervision_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    s = _supervision(request, pk)
    form = SupervisionOpinionForm(
        request.POST,
        deputies=selectors.invitee_choices(s),
        prefix="opinion",
    )
    return _supervision_action(
        request,
        pk,
        "opinion",
        form,
        lambda u, s, c: services.supervision_opinion_add(
            actor=u, supervision=s, deputy=common_selectors.deputy(c["deputy"]), body=c["body"]
        ),
        _("The opinion has been recorded."),
    )


@login_required
@require_POST
def supervision_decide(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    s = _supervision(request, pk)
    op = selectors.opinion_of(s, opinion_id)
    if op is None:
        raise Http404
    form = DecideForm(request.POST, prefix=f"o{op.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the decision and give the reason."))
        return redirect("activities:supervision", pk=pk)
    try:
        services.supervision_opinion_decide(
            actor=acting_user(request), opinion=op, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The adoption has been recorded."))
    return redirect("activities:supervision", pk=pk)


supervision_report = report_view(_supervision_action, services.supervision_report, "supervision")
