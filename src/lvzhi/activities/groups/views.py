"""groups: views."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock
from lvzhi.core.http import csv_response, search_text

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import ReportForm
from ..common.views import page_of, report_view, year_param
from ..models import DeputyGroup, GroupActivity
from . import selectors, services
from .forms import ActivityForm, GroupFormForm, GroupMemberForm, PhotoForm, PlanForm

# ---- deputy groups -------------------------------------------------------------------------


_group = pages.loader(selectors.group, policies.can_view_group)


@login_required
@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    q = search_text(request)
    flagged_only = request.GET.get("flagged") == "1"
    rows = selectors.groups_listed(request.user, q)
    statuses = selectors.quarter_statuses(rows, year)
    items: list[dict[str, Any]] = [
        {"group": g, "quarters": statuses[g.pk], "flagged": any(s.flagged for s in statuses[g.pk])}
        for g in rows
    ]
    if flagged_only:
        items = [i for i in items if i["flagged"]]
    if request.GET.get("format") == "csv":
        return csv_response(
            f"代表小组-{year}.csv",
            [_("Deputy group"), _("Group leader"), "Q1", "Q2", "Q3", "Q4", _("Flagged quarters")],
            (
                [i["group"].organisation.name, i["group"].leader.name]
                + [s.activities for s in i["quarters"]]
                + [" ".join(f"Q{s.quarter}" for s in i["quarters"] if s.flagged)]
                for i in items
            ),
        )
    page, query = page_of(request, items)
    unformed = selectors.unformed_groups(request.user)
    return render(
        request,
        "activities/groups.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "year": year,
            "flagged_only": flagged_only,
            "unformed": unformed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_form(request: HttpRequest, org_id: int) -> HttpResponse:
    org = selectors.group_organisation(org_id)
    if org is None or not policies.can_form_group(request.user, org):
        raise Http404
    members = selectors.serving_seats_of(org)
    member_choices = _member_choices(members)
    terms = sorted({(m.term_id, str(m.term)) for m in members})
    return pages.form_page(
        request,
        GroupFormForm(request.POST or None, members=member_choices, terms=terms),
        lambda u, c: services.group_form(
            actor=u,
            organisation=org,
            term=common_selectors.term(c["term"]),
            formed_on=c["formed_on"],
            leader=common_selectors.deputy(c["leader"]),
            deputy_leader=common_selectors.deputy(c["deputy_leader"])
            if c["deputy_leader"]
            else None,
        ),
        _("The group has been formed."),
        "activities:group",
        "activities/group_form.html",
        lambda: {"org": org, "members": members},
    )


def _member_choices(members: Iterable[Any]) -> list[tuple[int, str]]:
    """Deputies as choices, each with the level of the congress the seat is in."""
    return [(m.deputy_id, f"{m.deputy.name}（{m.get_level_display()}）") for m in members]


def _group_page(
    request: HttpRequest,
    g: DeputyGroup,
    plan_form: Any = None,
    status: int = 200,
    member_form: GroupMemberForm | None = None,
) -> HttpResponse:
    year = year_param(request)
    plan = selectors.plan_of(g, year)
    members = selectors.group_members(g)
    can_manage = policies.can_manage_group(request.user, g)
    if plan_form is None and can_manage:
        plan_form = PlanForm(initial={"year": year, "content": plan.content if plan else ""})
    return render(
        request,
        "activities/group.html",
        {
            "g": g,
            "year": year,
            "plan": plan,
            "plan_form": plan_form,
            "members": members,
            "levels": sorted({m.get_level_display() for m in members}),
            "quarters": selectors.quarter_statuses([g], year)[g.pk],
            "activities": selectors.recent_group_activities(g),
            "can_manage": can_manage,
            "member_form": member_form
            or GroupMemberForm(candidates=selectors.group_candidate_deputies(g))
            if policies.can_form_group(request.user, g.organisation)
            else None,
        },
        status=status,
    )


group = pages.detail_view(_group, _group_page)


@login_required
@require_POST
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """R19: the staff add a serving deputy of any level to the group (混合编组)."""
    g = _group(request, pk)
    if not policies.can_form_group(request.user, g.organisation):
        raise Http404
    form = GroupMemberForm(request.POST, candidates=selectors.group_candidate_deputies(g))
    seat = selectors.group_seat_for(g, form.cleaned_data["deputy"]) if form.is_valid() else None
    if seat is None:
        if form.is_valid():
            form.add_error("deputy", _("Choose a deputy."))
        return _group_page(request, g, member_form=form, status=400)
    return pages.posted_step(
        request,
        None,
        lambda u, _c: services.group_member_add(
            actor=u, organisation=g.organisation, membership=seat
        ),
        "",
        _("The deputy has joined the group."),
        redirect("activities:group", pk=g.pk),
    )


@login_required
@require_POST
def group_plan(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    form = PlanForm(request.POST)
    return pages.form_saved(
        request,
        form,
        lambda u, c: services.group_plan_save(
            actor=u, group=g, year=c["year"], content=c["content"]
        ),
        _("The plan has been saved."),
        lambda _plan: redirect(
            f"{request.path.rsplit('plan/', 1)[0]}?year={form.cleaned_data['year']}"
        ),
    ) or _group_page(request, g, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    if not policies.can_manage_group(request.user, g):
        raise Http404
    members = _member_choices(selectors.group_members(g))
    form = ActivityForm(
        request.POST or None,
        members=members,
        initial={"held_on": clock.today(), "present": [m[0] for m in members]},
    )
    return pages.form_page(
        request,
        form,
        lambda u, c: services.group_activity_record(
            actor=u,
            group=g,
            **pages.picked(c, "kind", "title", "held_on", "place", "content", "report", "present"),
        ),
        _("The activity has been recorded."),
        "activities:activity",
        "activities/activity_form.html",
        lambda: {"g": g},
    )


_activity = pages.loader(
    selectors.group_activity, lambda user, a: policies.can_view_group(user, a.group)
)


def _activity_page(
    request: HttpRequest, a: GroupActivity, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    can_manage = policies.can_manage_group(request.user, a.group)
    forms = forms or {}
    if can_manage:
        forms.setdefault("report", ReportForm(initial={"report": a.report}))
        forms.setdefault("photo", PhotoForm())
    return render(
        request,
        "activities/activity.html",
        {
            "a": a,
            "attendance": selectors.attendance_of(a),
            "photos": selectors.photos_of(a),
            "forms": forms,
            "can_manage": can_manage,
        },
        status=status,
    )


activity, _activity_action = pages.detail_views(_activity, _activity_page, "activities:activity")


activity_report = report_view(_activity_action, services.group_activity_report, "activity")


activity_photo = pages.action_view(
    _activity_action,
    "photo",
    lambda r, _pk: PhotoForm(r.POST, r.FILES),
    lambda u, a, c: services.activity_photo_add(actor=u, activity=a, upload=c["file"]),
    _lazy("The photo has been added."),
)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, photo_id: int) -> HttpResponseBase:
    p = pages.found(selectors.photo_of(_activity(request, pk), photo_id))
    from lvzhi.core.privatefiles import download

    return download(p.file, content_type=p.content_type, as_attachment=False)
