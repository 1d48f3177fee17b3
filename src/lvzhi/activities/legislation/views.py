"""legislation: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core import clock
from lvzhi.core.http import csv_response

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import InviteManyForm
from ..common.views import (
    attach_decide_form,
    committees_of,
    decide_view,
    organised_list_view,
    prefecture_term,
)
from ..models import Comment, LegislativeProject
from . import selectors, services
from .forms import CommentForm, DraftForm, ProjectForm, StageForm

# ---- legislation ---------------------------------------------------------------------------


projects = organised_list_view(
    lambda user: committees_of(user, policies.LEGISLATION_ROLES),
    lambda data, committees: ProjectForm(data, committees=committees),
    lambda u, c: services.project_create(
        actor=u,
        term=prefecture_term(),
        committee=common_selectors.organisation(c["committee"]),
        title=c["title"],
        expertise_ids=[e.pk for e in c["expertise"]],
    ),
    _lazy("The legislative project has been created."),
    "activities:project",
    "activities/projects.html",
    selectors.projects_for,
)


_project = pages.loader(selectors.project, policies.can_view_project)


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


project, _project_action = pages.detail_views(_project, _project_page, "activities:project")


stage_open = pages.action_view(
    _project_action,
    "stage",
    lambda r, _pk: StageForm(r.POST),
    lambda u, p, c: services.stage_open(actor=u, project=p, **c),
    _lazy("The stage has been opened; invite the deputies."),
)


@login_required
@require_POST
def stage_invite(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    p = _project(request, pk)
    st = pages.found(selectors.stage_of(p, stage_id))
    form = InviteManyForm(request.POST, term_id=p.term_id, prefix=f"s{st.pk}")

    def invited(_result: Any) -> HttpResponse:
        warning = selectors.stage_warning(selectors.invitation_count(st))
        if warning:
            messages.warning(request, warning)
        return redirect("activities:project", pk=pk)

    return pages.form_saved(
        request,
        form,
        lambda u, c: services.stage_invite(actor=u, stage=st, deputies=list(c["deputies"])),
        _("The deputies have been invited."),
        invited,
    ) or _project_page(request, p, {f"invite{st.pk}": form}, status=400)


@login_required
@require_POST
def draft_open(request: HttpRequest, pk: int) -> HttpResponse:
    p = _project(request, pk)
    form = DraftForm(request.POST)
    return pages.form_saved(
        request,
        form,
        lambda u, c: services.draft_open(actor=u, project=p, **c),
        _("The draft is open for the deputies' comments."),
        "activities:draft",
    ) or _project_page(request, p, {"draft": form}, status=400)


_draft = pages.loader(selectors.draft, lambda user, d: policies.can_view_project(user, d.project))


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
    a = pages.found(selectors.article_of(d, article_id))
    return pages.posted_step(
        request,
        CommentForm(request.POST),
        lambda u, c: services.comment_add(actor=u, article=a, body=c["body"]),
        _("Write your comment (at most 5,000 characters)."),
        _("Your comment on article %(n)d has been sent.") % {"n": a.number},
        redirect(f"/activities/drafts/{d.pk}/#a{a.number}"),
    )


comment_decide = decide_view(
    _draft, selectors.comment_of, "c", services.comment_decide, "comment", "activities:draft"
)


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
