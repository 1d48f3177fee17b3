"""legislation: views."""

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
from lvzhi.core.http import acting_user, csv_response, search_text

from .. import policies
from ..common import selectors as common_selectors
from ..common.forms import DecideForm, InviteManyForm
from ..common.views import (
    attach_decide_form,
    committees_of,
    page_of,
    prefecture_term,
)
from ..models import (
    Comment,
    Draft,
    LegislativeProject,
)
from . import selectors, services
from .forms import CommentForm, DraftForm, ProjectForm, StageForm

# ---- legislation ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    committees = committees_of(request.user, policies.LEGISLATION_ROLES)
    if not committees and policies.deputy_id(request.user) is None:
        raise Http404
    form = ProjectForm(request.POST if request.method == "POST" else None, committees=committees)
    if request.method == "POST" and committees and form.is_valid():
        c = form.cleaned_data
        try:
            p = services.project_create(
                actor=acting_user(request),
                term=prefecture_term(),
                committee=common_selectors.organisation(c["committee"]),
                title=c["title"],
                expertise_ids=[e.pk for e in c["expertise"]],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The legislative project has been created."))
            return redirect("activities:project", pk=p.pk)
    page, query = page_of(request, selectors.projects_for(request.user, q))
    return render(
        request,
        "activities/projects.html",
        {"page": page, "query": query, "q": q, "form": form if committees else None},
        status=400 if form.errors else 200,
    )


def _project(request: HttpRequest, pk: int) -> LegislativeProject:
    p = selectors.project(pk)
    if p is None or not policies.can_view_project(request.user, p):
        raise Http404
    return p


def _project_page(
    request: HttpRequest,
    p: LegislativeProject,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    staff = policies.can_run_legislation(request.user, p.committee)
    stages = selectors.stages_with_invitations(p)
    forms = forms or {}
    expertise = selectors.expertise_of(p)
    expertise_ids = [e.pk for e in expertise]
    if staff:
        forms.setdefault("stage", StageForm(initial={"starts_on": clock.today()}))
        forms.setdefault("draft", DraftForm())
        proposed = selectors.proposed_deputies(p.term, expertise_ids)
        for row in stages:
            taken = {inv.deputy_id for inv in row["invitations"]}
            row["proposed"] = [d for d in proposed if d.pk not in taken]
            row["form"] = forms.get(f"invite{row['stage'].pk}") or InviteManyForm(
                term_id=p.term_id, exclude=taken, prefix=f"s{row['stage'].pk}"
            )
    return render(
        request,
        "activities/project.html",
        {
            "p": p,
            "stages": stages,
            "staff": staff,
            "forms": forms,
            "expertise": expertise,
            "drafts": selectors.drafts_of(p),
        },
        status=status,
    )


@login_required
@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


@login_required
@require_POST
def stage_open(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.stage_open(actor=acting_user(request), project=p, **form.cleaned_data)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The stage has been opened; invite the deputies."))
            return redirect("activities:project", pk=pk)
    return _project_page(request, p, {"stage": form}, status=400)


@login_required
@require_POST
def stage_invite(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    p = _project(request, pk)
    st = selectors.stage_of(p, stage_id)
    if st is None:
        raise Http404
    form = InviteManyForm(request.POST, term_id=p.term_id, prefix=f"s{st.pk}")
    if form.is_valid():
        try:
            services.stage_invite(
                actor=acting_user(request),
                stage=st,
                deputies=list(form.cleaned_data["deputies"]),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            warning = selectors.stage_warning(selectors.invitation_count(st))
            if warning:
                messages.warning(request, warning)
            messages.success(request, _("The deputies have been invited."))
            return redirect("activities:project", pk=pk)
    return _project_page(request, p, {f"invite{st.pk}": form}, status=400)


@login_required
@require_POST
def draft_open(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    form = DraftForm(request.POST)
    if form.is_valid():
        try:
            d = services.draft_open(actor=acting_user(request), project=p, **form.cleaned_data)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The draft is open for the deputies' comments."))
            return redirect("activities:draft", pk=d.pk)
    return _project_page(request, p, {"draft": form}, status=400)


def _draft(request: HttpRequest, pk: int) -> Draft:
    d = selectors.draft(pk)
    if d is None or not policies.can_view_project(request.user, d.project):
        raise Http404
    return d


@login_required
@require_GET
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    d = _draft(request, pk)
    staff = policies.can_run_legislation(request.user, d.project.committee)
    me = policies.deputy_id(request.user)
    articles = selectors.articles_of(d)
    comments: dict[int, list[Comment]] = {}
    for c in selectors.adoption_report(d):
        if staff or c.deputy_id == me:
            comments.setdefault(c.article_id, []).append(c)
            attach_decide_form(staff, "c", c)
    return render(
        request,
        "activities/draft.html",
        {
            "d": d,
            "rows": [(a, comments.get(a.pk, [])) for a in articles],
            "staff": staff,
            "can_comment": me is not None and clock.today() <= d.closes_on and not staff,
        },
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int, article_id: int) -> HttpResponse:
    d = _draft(request, pk)
    a = selectors.article_of(d, article_id)
    if a is None:
        raise Http404
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your comment (at most 5,000 characters)."))
        return redirect(f"/activities/drafts/{d.pk}/#a{a.number}")
    try:
        services.comment_add(actor=acting_user(request), article=a, body=form.cleaned_data["body"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Your comment on article %(n)d has been sent.") % {"n": a.number}
        )
    return redirect(f"/activities/drafts/{d.pk}/#a{a.number}")


@login_required
@require_POST
def comment_decide(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    d = _draft(request, pk)
    c = selectors.comment_of(d, comment_id)
    if c is None:
        raise Http404
    form = DecideForm(request.POST, prefix=f"c{c.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the decision and give the reason."))
    else:
        try:
            services.comment_decide(actor=acting_user(request), comment=c, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The adoption has been recorded."))
    return redirect("activities:draft", pk=d.pk)


@login_required
@require_GET
def draft_report(request: HttpRequest, pk: int) -> HttpResponse:
    d = _draft(request, pk)
    comments = selectors.adoption_report(d)
    staff = policies.can_run_legislation(request.user, d.project.committee)
    if request.GET.get("format") == "csv" and staff:
        return csv_response(
            f"草案意见-{d.pk}.csv",
            [_("Article"), _("Deputy"), _("Comment"), _("Adoption"), _("Reason")],
            (
                [c.article.number, c.deputy.name, c.body, c.get_decision_display(), c.reason]
                for c in comments
            ),
        )
    return render(
        request,
        "activities/draft_report.html",
        {
            "d": d,
            "comments": comments,
            "summary": selectors.adoption_summary(comments),
            "staff": staff,
        },
    )
