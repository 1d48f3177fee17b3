"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import DetailAction, acting_user, csv_response, int_or_none, search_text
from lvzhi.core.pagination import two_phase_page
from lvzhi.core.text import clean_text
from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import (
    Deputy,
    Level,
    Membership,
    Organisation,
    OrgKind,
    RoleAssignment,
    Session,
    Term,
)

from . import policies, rules, selectors, services
from .forms import (
    ActivityForm,
    CommentForm,
    DecideForm,
    DeputyChoiceForm,
    DraftForm,
    FeedbackForm,
    ForwardForm,
    GroupFormForm,
    InspectionForm,
    InviteManyForm,
    MaterialForm,
    ModerateForm,
    OpinionForm,
    PhotoForm,
    PlanForm,
    ProgressForm,
    ProjectForm,
    ReplyForm,
    ReportForm,
    ResearchForm,
    RouteForm,
    StageForm,
    SupervisionForm,
    SupervisionOpinionForm,
    ThreadForm,
    TrainingForm,
)
from .models import (
    ActivityPhoto,
    Article,
    Comment,
    DeputyGroup,
    Draft,
    GroupActivity,
    Inspection,
    InspectionOpinion,
    InspectionStatus,
    LegislativeProject,
    Material,
    MaterialKind,
    Progress,
    Reply,
    Research,
    ResearchForward,
    ResearchMethod,
    Stage,
    Supervision,
    SupervisionKind,
    SupervisionOpinion,
    Thread,
    Training,
    TrainingKind,
)

PAGE_SIZE = 30


def _page(request: HttpRequest, qs: Any) -> tuple[Any, str]:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _year(request: HttpRequest) -> int:
    y = int_or_none(request.GET.get("year"))
    today = clock.today().year
    return y if y is not None and 2000 <= y <= today + 1 else today


def _invite_view(
    load: Callable[[HttpRequest, int], Any],
    action: Callable[..., HttpResponse],
    invite: Callable[..., Any],
    kind: str,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that invites one deputy of the term to an inspection, a supervision
    activity or a research: ``invite(actor=…, <kind>=…, deputy=…)``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = load(request, pk)
        form = DeputyChoiceForm(
            request.POST, deputies=_deputy_choices(obj.term_id), prefix="invite"
        )
        return action(
            request,
            pk,
            "invite",
            form,
            lambda u, o, c: invite(actor=u, deputy=Deputy.objects.get(pk=c["deputy"]), **{kind: o}),
            _("The deputy has been invited."),
        )

    view.__name__ = view.__qualname__ = f"{kind}_invite"
    return view


def _report_view(
    action: Callable[..., HttpResponse], report: Callable[..., Any], kind: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that saves the report of an inspection, a supervision activity or a
    research: ``report(actor=…, <kind>=…, report=…)``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return action(
            request,
            pk,
            "report",
            ReportForm(request.POST),
            lambda u, o, c: report(actor=u, report=c["report"], **{kind: o}),
            _("The report has been saved."),
        )

    view.__name__ = view.__qualname__ = f"{kind}_report"
    return view


def _pref_term() -> Term:
    term = Term.objects.filter(congress__level=Level.PREFECTURE, is_current=True).first()
    if term is None:
        raise Http404
    return term


def _deputy_choices(term_id: int) -> list[tuple[int, str]]:
    return list(registry_selectors.deputies_serving_in(term_id).values_list("id", "name"))


def _granted_bodies(
    user: Any, roles: frozenset[str], kinds: tuple[str, ...]
) -> list[tuple[int, str]]:
    """The bodies the user works for (their grants), or every such body for administrators."""
    if getattr(user, "is_superuser", False) or "admin" in registry_policies.roles_of(user):
        qs = Organisation.objects.filter(kind__in=kinds, is_active=True)
    else:
        qs = Organisation.objects.filter(
            pk__in=RoleAssignment.objects.filter(user=user, role__in=roles).values(
                "organisation_id"
            ),
            kind__in=kinds,
        )
    return list(qs.order_by("path").values_list("id", "name")[:200])


BODY_KINDS = (
    OrgKind.OFFICE,
    OrgKind.DEPUTY_AFFAIRS,
    OrgKind.SPECIAL_COMMITTEE,
    OrgKind.WORKING_BODY,
)
ORGANISER_KINDS = (*BODY_KINDS, OrgKind.STANDING_COMMITTEE, OrgKind.REGIONAL_WORK_COMMITTEE)


# ---- deputy groups -------------------------------------------------------------------------


def _group(request: HttpRequest, pk: int) -> DeputyGroup:
    g = (
        DeputyGroup.objects.select_related("organisation", "leader", "deputy_leader", "term")
        .filter(pk=pk)
        .first()
    )
    if g is None or not policies.can_view_group(request.user, g):
        raise Http404
    return g


@login_required
@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    q = search_text(request)
    qs = selectors.groups_for(request.user)
    if q:
        qs = qs.filter(organisation__name__contains=q)
    flagged_only = request.GET.get("flagged") == "1"
    rows = list(qs.order_by("organisation__path")[:2000])
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
    page, query = _page(request, items)
    unformed: list[Organisation] = []
    if registry_policies.roles_of(request.user) & policies.GROUP_STAFF_ROLES:
        paths = registry_policies.scope_paths(request.user, policies.GROUP_STAFF_ROLES)
        uq = Organisation.objects.filter(
            kind=OrgKind.DEPUTY_GROUP, deputy_group_profile__isnull=True
        )
        if paths is not None:
            uq = uq.filter(registry_policies.subtree_q(paths))
        unformed = list(uq.order_by("path")[:50])
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
    org = Organisation.objects.filter(pk=org_id, kind=OrgKind.DEPUTY_GROUP).first()
    if org is None or not policies.can_form_group(request.user, org):
        raise Http404
    members = list(
        Membership.objects.filter(deputy_group=org, status="serving")
        .select_related("deputy", "term__congress")
        .order_by("sort_key")
    )
    member_choices = [(m.deputy_id, f"{m.deputy.name}（{m.get_level_display()}）") for m in members]
    terms = sorted({(m.term_id, str(m.term)) for m in members})
    form = GroupFormForm(request.POST or None, members=member_choices, terms=terms)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            g = services.group_form(
                actor=acting_user(request),
                organisation=org,
                term=Term.objects.get(pk=c["term"]),
                formed_on=c["formed_on"],
                leader=Deputy.objects.get(pk=c["leader"]),
                deputy_leader=Deputy.objects.get(pk=c["deputy_leader"])
                if c["deputy_leader"]
                else None,
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The group has been formed."))
            return redirect("activities:group", pk=g.pk)
    return render(
        request,
        "activities/group_form.html",
        {"form": form, "org": org, "members": members},
        status=400 if form.errors else 200,
    )


def _members(g: DeputyGroup) -> list[tuple[int, str]]:
    return [
        (m.deputy_id, f"{m.deputy.name}（{m.get_level_display()}）")
        for m in selectors.group_members(g)
    ]


def _group_page(
    request: HttpRequest, g: DeputyGroup, plan_form: Any = None, status: int = 200
) -> HttpResponse:
    year = _year(request)
    plan = g.plans.filter(year=year).first()
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
            "activities": list(selectors.group_activities(g)[:40]),
            "can_manage": can_manage,
            "candidates": selectors.group_candidates(g)
            if policies.can_form_group(request.user, g.organisation)
            else [],
        },
        status=status,
    )


@login_required
@require_GET
def group(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_page(request, _group(request, pk))


@login_required
@require_POST
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """R19: the staff add a serving deputy of any level to the group (混合编组)."""
    g = _group(request, pk)
    if not policies.can_form_group(request.user, g.organisation):
        raise Http404
    seat = Membership.objects.filter(pk=int_or_none(request.POST.get("seat", "")) or 0).first()
    if seat is None:
        messages.error(request, _("Choose a deputy."))
    else:
        try:
            services.group_member_add(
                actor=acting_user(request), organisation=g.organisation, membership=seat
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The deputy has joined the group."))
    return redirect("activities:group", pk=g.pk)


@login_required
@require_POST
def group_plan(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.group_plan_save(
                actor=acting_user(request),
                group=g,
                year=form.cleaned_data["year"],
                content=form.cleaned_data["content"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect(
                f"{request.path.rsplit('plan/', 1)[0]}?year={form.cleaned_data['year']}"
            )
    return _group_page(request, g, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    g = _group(request, pk)
    if not policies.can_manage_group(request.user, g):
        raise Http404
    members = _members(g)
    form = ActivityForm(
        request.POST or None,
        members=members,
        initial={"held_on": clock.today(), "present": [m[0] for m in members]},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            a = services.group_activity_record(
                actor=acting_user(request),
                group=g,
                kind=c["kind"],
                title=c["title"],
                held_on=c["held_on"],
                place=c["place"],
                content=c["content"],
                report=c["report"],
                present=c["present"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The activity has been recorded."))
            return redirect("activities:activity", pk=a.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "g": g},
        status=400 if form.errors else 200,
    )


def _activity(request: HttpRequest, pk: int) -> GroupActivity:
    a = (
        GroupActivity.objects.select_related("group__organisation", "group__leader")
        .filter(pk=pk)
        .first()
    )
    if a is None or not policies.can_view_group(request.user, a.group):
        raise Http404
    return a


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
            "attendance": list(
                a.attendance.select_related("deputy").order_by("-present", "deputy__name_pinyin")
            ),
            "photos": list(a.photos.all()),
            "forms": forms,
            "can_manage": can_manage,
        },
        status=status,
    )


@login_required
@require_GET
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, _activity(request, pk))


@login_required
@require_POST
def activity_report(request: HttpRequest, pk: int) -> HttpResponse:
    a = _activity(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.group_activity_report(
                actor=acting_user(request), activity=a, report=form.cleaned_data["report"]
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("activities:activity", pk=pk)
    return _activity_page(request, a, {"report": form}, status=400)


@login_required
@require_POST
def activity_photo(request: HttpRequest, pk: int) -> HttpResponse:
    a = _activity(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_photo_add(
                actor=acting_user(request), activity=a, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("activities:activity", pk=pk)
    return _activity_page(request, a, {"photo": form}, status=400)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    a = _activity(request, pk)
    p = ActivityPhoto.objects.filter(pk=photo_id, activity=a).first()
    if p is None:
        raise Http404
    response = FileResponse(p.file.open("rb"), content_type=p.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- inspections ---------------------------------------------------------------------------


def _organisers(user: Any) -> list[tuple[int, str]]:
    return _granted_bodies(user, policies.INSPECTION_ROLES, ORGANISER_KINDS)


@login_required
@require_http_methods(["GET", "POST"])
def inspections(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    organisers = _organisers(request.user)
    if not organisers and policies.deputy_id(request.user) is None:
        raise Http404
    term = _pref_term()
    sessions = [
        (s.pk, f"{s}（{s.opens_on:%Y-%m-%d}）")
        for s in Session.objects.filter(term=term).order_by("number")
    ]
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
                organiser=Organisation.objects.get(pk=c["organiser"]),
                title=c["title"],
                starts_on=c["starts_on"],
                ends_on=c["ends_on"],
                sites=c["sites"],
                session=Session.objects.get(pk=c["session"]) if c["session"] else None,
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
    page, query = _page(request, selectors.inspections_for(request.user, q))
    return render(
        request,
        "activities/inspections.html",
        {"page": page, "query": query, "q": q, "form": form if organisers else None},
        status=400 if form.errors else 200,
    )


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    i = Inspection.objects.select_related("organiser", "term", "session").filter(pk=pk).first()
    if i is None or not policies.can_view_inspection(request.user, i):
        raise Http404
    return i


def _inspection_page(
    request: HttpRequest, i: Inspection, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    organiser = policies.can_organise_inspection(user, i.organiser)
    participants = list(i.participants.select_related("deputy").order_by("deputy__name_pinyin"))
    me = policies.deputy_id(user)
    forms = forms or {}
    pchoices = [(p.deputy_id, p.deputy.name) for p in participants]
    if organiser and i.status != InspectionStatus.REPORTED:
        taken = {p.deputy_id for p in participants}
        forms.setdefault(
            "invite",
            DeputyChoiceForm(
                deputies=[c for c in _deputy_choices(i.term_id) if c[0] not in taken],
                prefix="invite",
            ),
        )
    if i.status != InspectionStatus.PLANNED and (
        organiser or me in {p.deputy_id for p in participants}
    ):
        own = [c for c in pchoices if organiser or c[0] == me]
        forms.setdefault("opinion", OpinionForm(deputies=own, prefix="opinion"))
    if organiser and i.status != InspectionStatus.PLANNED:
        forms.setdefault("report", ReportForm(initial={"report": i.report}))
    units = (
        list(registry_selectors.handling_units().values_list("id", "name")[:500])
        if organiser
        else []
    )
    opinions = list(i.opinions.select_related("deputy", "unit", "suggestion").order_by("id"))
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


inspection_invite = _invite_view(
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
    deps = list(i.participants.values_list("deputy_id", "deputy__name"))
    form = OpinionForm(request.POST, deputies=deps, prefix="opinion")
    return _inspection_action(
        request,
        pk,
        "opinion",
        form,
        lambda u, i, c: services.inspection_opinion_add(
            actor=u,
            inspection=i,
            deputy=Deputy.objects.get(pk=c["deputy"]),
            title=c["title"],
            body=c["body"],
        ),
        _("The opinion has been recorded."),
    )


inspection_report = _report_view(_inspection_action, services.inspection_report, "inspection")


@login_required
@require_POST
def opinion_route(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    i = _inspection(request, pk)
    op = InspectionOpinion.objects.filter(pk=opinion_id, inspection=i).first()
    if op is None:
        raise Http404
    units = list(registry_selectors.handling_units().values_list("id", "name"))
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
            unit=Organisation.objects.filter(pk=c["unit"]).first() if c["unit"] else None,
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
    op = InspectionOpinion.objects.filter(pk=opinion_id, inspection=i).first()
    if op is None:
        raise Http404
    try:
        op = services.opinion_submit_as_suggestion(actor=acting_user(request), opinion=op)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activities:inspection", pk=pk)
    messages.success(request, _("Your opinion has been submitted as a suggestion."))
    return redirect("suggestions:detail", pk=op.suggestion_id)


# ---- legislation ---------------------------------------------------------------------------


def _committees(user: Any, roles: frozenset[str]) -> list[tuple[int, str]]:
    return _granted_bodies(user, roles, BODY_KINDS)


@login_required
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    committees = _committees(request.user, policies.LEGISLATION_ROLES)
    if not committees and policies.deputy_id(request.user) is None:
        raise Http404
    form = ProjectForm(request.POST if request.method == "POST" else None, committees=committees)
    if request.method == "POST" and committees and form.is_valid():
        c = form.cleaned_data
        try:
            p = services.project_create(
                actor=acting_user(request),
                term=_pref_term(),
                committee=Organisation.objects.get(pk=c["committee"]),
                title=c["title"],
                expertise_ids=[e.pk for e in c["expertise"]],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The legislative project has been created."))
            return redirect("activities:project", pk=p.pk)
    page, query = _page(request, selectors.projects_for(request.user, q))
    return render(
        request,
        "activities/projects.html",
        {"page": page, "query": query, "q": q, "form": form if committees else None},
        status=400 if form.errors else 200,
    )


def _project(request: HttpRequest, pk: int) -> LegislativeProject:
    p = LegislativeProject.objects.select_related("committee", "term").filter(pk=pk).first()
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
    expertise_ids = list(p.expertise.values_list("id", flat=True))
    if staff:
        forms.setdefault("stage", StageForm(initial={"starts_on": clock.today()}))
        forms.setdefault("draft", DraftForm())
        choices = _deputy_choices(p.term_id)
        proposed = selectors.proposed_deputies(p.term, expertise_ids)
        for row in stages:
            taken = {inv.deputy_id for inv in row["invitations"]}
            row["proposed"] = [d for d in proposed if d.pk not in taken]
            row["form"] = forms.get(f"invite{row['stage'].pk}") or InviteManyForm(
                deputies=[c for c in choices if c[0] not in taken], prefix=f"s{row['stage'].pk}"
            )
    return render(
        request,
        "activities/project.html",
        {
            "p": p,
            "stages": stages,
            "staff": staff,
            "forms": forms,
            "expertise": list(p.expertise.all()),
            "drafts": list(p.drafts.all()),
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
    st = Stage.objects.filter(pk=stage_id, project=p).first()
    if st is None:
        raise Http404
    form = InviteManyForm(request.POST, deputies=_deputy_choices(p.term_id), prefix=f"s{st.pk}")
    if form.is_valid():
        try:
            services.stage_invite(
                actor=acting_user(request),
                stage=st,
                deputies=list(Deputy.objects.filter(pk__in=form.cleaned_data["deputies"])),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            count = st.invitations.count()
            warning = selectors.stage_warning(count)
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
    d = Draft.objects.select_related("project__committee", "project__term").filter(pk=pk).first()
    if d is None or not policies.can_view_project(request.user, d.project):
        raise Http404
    return d


@login_required
@require_GET
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    d = _draft(request, pk)
    staff = policies.can_run_legislation(request.user, d.project.committee)
    me = policies.deputy_id(request.user)
    articles = list(d.articles.all())
    comments: dict[int, list[Comment]] = {}
    for c in selectors.adoption_report(d):
        if staff or c.deputy_id == me:
            comments.setdefault(c.article_id, []).append(c)
            _attach_decide_form(staff, "c", c)
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
    a = Article.objects.filter(pk=article_id, draft=d).first()
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
    c = Comment.objects.filter(pk=comment_id, article__draft=d).first()
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


def _attach_decide_form(staff: bool, tag: str, row: Any) -> None:
    """Each pending comment or opinion gets its own decision form (distinct field ids)."""
    row.decide_form = (
        DecideForm(prefix=f"{tag}{row.pk}") if staff and row.decision == "pending" else None
    )


# ---- supervision ---------------------------------------------------------------------------


def _places() -> list[tuple[int, str]]:
    return list(
        Organisation.objects.filter(kind=OrgKind.STANDING_COMMITTEE, congress__level=Level.COUNTY)
        .order_by("path")
        .values_list("id", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervisions(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    committees = _committees(request.user, policies.SUPERVISION_ROLES)
    if not committees and policies.deputy_id(request.user) is None:
        raise Http404
    form = SupervisionForm(
        request.POST if request.method == "POST" else None, committees=committees, places=_places()
    )
    if request.method == "POST" and committees and form.is_valid():
        c = form.cleaned_data
        try:
            s = services.supervision_create(
                actor=acting_user(request),
                kind=c["kind"],
                term=_pref_term(),
                committee=Organisation.objects.get(pk=c["committee"]),
                place=Organisation.objects.get(pk=c["place"]),
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
    page, query = _page(request, selectors.supervisions_for(request.user, q))
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
    s = Supervision.objects.select_related("committee", "place", "term").filter(pk=pk).first()
    if s is None or not policies.can_view_supervision(request.user, s):
        raise Http404
    return s


def _supervision_page(
    request: HttpRequest, s: Supervision, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    staff = policies.can_run_supervision(request.user, s.committee)
    invitations = list(
        s.invitations.select_related("deputy").order_by("-is_local", "deputy__name_pinyin")
    )
    local = sum(1 for i in invitations if i.is_local)
    me = policies.deputy_id(request.user)
    forms = forms or {}
    taken = {i.deputy_id for i in invitations}
    proposed: list[Deputy] = []
    if staff and s.reported_at is None:
        local_ids = (
            Membership.objects.filter(term=s.term, status="serving")
            .filter(
                Q(electoral_unit__path__startswith=s.place.path)
                | Q(delegation__path__startswith=s.place.path)
            )
            .values("deputy_id")
        )
        choices = list(
            Deputy.objects.filter(pk__in=local_ids)
            .exclude(pk__in=taken)
            .order_by("name_pinyin")
            .values_list("id", "name")
        )
        forms.setdefault("invite", DeputyChoiceForm(deputies=choices, prefix="invite"))
        if s.kind == SupervisionKind.BUDGET:
            proposed = selectors.proposed_deputies(
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
    opinions = list(s.opinions.select_related("deputy"))
    for op in opinions:
        _attach_decide_form(staff, "o", op)
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


supervision_invite = _invite_view(
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
        deputies=list(s.invitations.values_list("deputy_id", "deputy__name")),
        prefix="opinion",
    )
    return _supervision_action(
        request,
        pk,
        "opinion",
        form,
        lambda u, s, c: services.supervision_opinion_add(
            actor=u, supervision=s, deputy=Deputy.objects.get(pk=c["deputy"]), body=c["body"]
        ),
        _("The opinion has been recorded."),
    )


@login_required
@require_POST
def supervision_decide(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    s = _supervision(request, pk)
    op = SupervisionOpinion.objects.filter(pk=opinion_id, supervision=s).first()
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


supervision_report = _report_view(_supervision_action, services.supervision_report, "supervision")


# ---- a deputy's participations -------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    d = policies.deputy_id(request.user)
    if d is None:
        raise Http404
    year = _year(request)
    return render(
        request,
        "activities/mine.html",
        {
            "year": year,
            "items": selectors.participations_of(d, year),
            "years": range(clock.today().year, 2021, -1),
        },
    )


# ---- training and learning -----------------------------------------------------------------


def _trainers(user: Any) -> list[tuple[int, str]]:
    return _granted_bodies(
        user,
        policies.TRAINING_ROLES,
        (*ORGANISER_KINDS, OrgKind.ELECTORAL_UNIT, OrgKind.DELEGATION),
    )


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: HttpRequest) -> HttpResponse:
    organisers = _trainers(request.user)
    if not organisers:
        raise Http404
    q = search_text(request)
    term = _pref_term()
    form = TrainingForm(request.POST if request.method == "POST" else None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            t = services.training_create(
                actor=acting_user(request),
                term=term,
                kind=c["kind"],
                organiser=Organisation.objects.get(pk=c["organiser"]),
                title=c["title"],
                starts_on=c["starts_on"],
                ends_on=c["ends_on"],
                place=c["place"],
                content=c["content"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The training has been created."))
            for w in t.warnings:
                messages.warning(request, w)
            return redirect("activities:training", pk=t.pk)
    page, query = _page(request, selectors.trainings_for(request.user, q))
    coverage = [
        selectors.training_coverage(term, k)
        for k in (TrainingKind.ONBOARDING, TrainingKind.FIRST_YEAR)
    ]
    return render(
        request,
        "activities/trainings.html",
        {"page": page, "query": query, "q": q, "form": form, "coverage": coverage, "term": term},
        status=400 if form.errors else 200,
    )


def _training(request: HttpRequest, pk: int) -> Training:
    t = Training.objects.select_related("organiser", "term").filter(pk=pk).first()
    if t is None or not policies.can_organise_training(request.user, t.organiser):
        raise Http404
    return t


def _training_page(
    request: HttpRequest, t: Training, form: Any = None, status: int = 200
) -> HttpResponse:
    attendance = list(t.attendance.select_related("deputy").order_by("deputy__name_pinyin"))
    taken = {a.deputy_id for a in attendance}
    if form is None:
        form = InviteManyForm(
            deputies=[c for c in _deputy_choices(t.term_id) if c[0] not in taken], prefix="att"
        )
    return render(
        request,
        "activities/training.html",
        {"t": t, "attendance": attendance, "form": form},
        status=status,
    )


@login_required
@require_GET
def training(request: HttpRequest, pk: int) -> HttpResponse:
    return _training_page(request, _training(request, pk))


@login_required
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    t = _training(request, pk)
    form = InviteManyForm(request.POST, deputies=_deputy_choices(t.term_id), prefix="att")
    if form.is_valid():
        try:
            services.training_attendance_add(
                actor=acting_user(request),
                training=t,
                deputies=list(Deputy.objects.filter(pk__in=form.cleaned_data["deputies"])),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The attendance has been recorded."))
            return redirect("activities:training", pk=pk)
    return _training_page(request, t, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest) -> HttpResponse:
    if not policies.can_use_library(request.user):
        raise Http404
    q = search_text(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in MaterialKind.values else ""
    manage = policies.can_manage_library(request.user)
    form = MaterialForm(request.POST or None, request.FILES or None) if manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        c = form.cleaned_data
        try:
            m = services.material_add(
                actor=acting_user(request),
                kind=c["kind"],
                title=c["title"],
                description=c["description"],
                upload=c["file"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The material has been added to the library."))
            return redirect("activities:material", pk=m.pk)
    page, query = _page(request, selectors.library(request.user, q, kind))
    return render(
        request,
        "activities/library.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "kind": kind,
            "kinds": MaterialKind.choices,
            "form": form,
            "is_deputy": policies.deputy_id(request.user) is not None,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _material(request: HttpRequest, pk: int) -> Material:
    m = Material.objects.filter(pk=pk).first()
    if m is None or not policies.can_use_library(request.user):
        raise Http404
    return m


@login_required
@require_GET
def material(request: HttpRequest, pk: int) -> HttpResponse:
    m = _material(request, pk)
    d = policies.deputy_id(request.user)
    mine = Progress.objects.filter(material=m, deputy_id=d).first() if d else None
    return render(
        request,
        "activities/material.html",
        {
            "m": m,
            "mine": mine,
            "form": ProgressForm(initial={"percent": mine.percent if mine else 0}) if d else None,
            "is_video": m.content_type.startswith("video/"),
        },
    )


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file under its title and the extension its content was recognised as: PDF,
    pictures and video open in the browser, Word and Excel download."""
    m = _material(request, pk)
    response = FileResponse(
        m.file.open("rb"),
        content_type=m.content_type,
        as_attachment=not m.content_type.startswith(("video/", "image/", "application/pdf")),
        filename=selectors.material_download_name(m),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def material_progress(request: HttpRequest, pk: int) -> HttpResponse:
    m = _material(request, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Progress is between 0 and 100."))
        return redirect("activities:material", pk=pk)
    try:
        services.progress_record(
            actor=acting_user(request), material=m, percent=form.cleaned_data["percent"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your progress has been saved."))
    return redirect("activities:material", pk=pk)


# ---- forum ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def forum(request: HttpRequest) -> HttpResponse:
    if not policies.can_use_forum(request.user):
        raise Http404
    q = search_text(request)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            t = services.thread_create(actor=acting_user(request), **form.cleaned_data)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The thread has been posted."))
            return redirect("activities:thread", pk=t.pk)
    page = two_phase_page(
        selectors.threads(request.user, q), request.GET.get("page"), PAGE_SIZE, ("author",)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/forum.html",
        {"page": page, "query": query.urlencode(), "q": q, "form": form},
        status=400 if form.errors else 200,
    )


def _thread(request: HttpRequest, pk: int) -> Thread:
    t = selectors.threads(request.user).select_related("author").filter(pk=pk).first()
    if t is None or not policies.can_use_forum(request.user):
        raise Http404
    return t


def _thread_page(
    request: HttpRequest, t: Thread, form: Any = None, status: int = 200
) -> HttpResponse:
    moderator = policies.can_moderate(request.user)
    return render(
        request,
        "activities/thread.html",
        {
            "t": t,
            "replies": selectors.thread_replies(request.user, t),
            "form": form or (ReplyForm() if not t.locked else None),
            "moderate_form": ModerateForm() if moderator else None,
            "moderator": moderator,
        },
        status=status,
    )


@login_required
@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread_page(request, _thread(request, pk))


@login_required
@require_POST
def thread_reply(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_add(actor=acting_user(request), thread=t, body=form.cleaned_data["body"])
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Your reply has been posted."))
            return redirect("activities:thread", pk=pk)
    return _thread_page(request, t, form, status=400)


@login_required
@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread(request, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a moderation action."))
        return redirect("activities:thread", pk=pk)
    try:
        services.thread_moderate(actor=acting_user(request), thread=t, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The moderation has been recorded."))
    return redirect("activities:thread", pk=pk)


@login_required
@require_POST
def reply_hide(request: HttpRequest, pk: int, reply_id: int) -> HttpResponse:
    t = _thread(request, pk)
    r = Reply.objects.filter(pk=reply_id, thread=t).first()
    if r is None:
        raise Http404
    try:
        services.reply_hide(
            actor=acting_user(request),
            reply=r,
            note=clean_text(request.POST.get("note", "")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The reply has been hidden."))
    return redirect("activities:thread", pk=pk)


# ---- thematic research ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def research_list(request: HttpRequest) -> HttpResponse:
    q = search_text(request)
    organisers = _organisers(request.user)
    if not organisers and policies.deputy_id(request.user) is None:
        raise Http404
    form = ResearchForm(request.POST if request.method == "POST" else None, organisers=organisers)
    if request.method == "POST" and organisers and form.is_valid():
        c = form.cleaned_data
        try:
            r = services.research_create(
                actor=acting_user(request),
                term=_pref_term(),
                organiser=Organisation.objects.get(pk=c["organiser"]),
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
    page, query = _page(request, items)
    return render(
        request,
        "activities/research_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "form": form if organisers else None,
            "awaiting": selectors.forwards_awaiting_feedback(items.values("pk")).count(),
        },
        status=400 if form.errors else 200,
    )


def _research(request: HttpRequest, pk: int) -> Research:
    r = Research.objects.select_related("organiser", "term").filter(pk=pk).first()
    if r is None or not policies.can_view_research(request.user, r):
        raise Http404
    return r


def _research_page(
    request: HttpRequest, r: Research, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    staff = policies.can_organise_inspection(request.user, r.organiser)
    participants = list(r.participants.select_related("deputy").order_by("deputy__name_pinyin"))
    forwards = list(r.forwards.select_related("organ").order_by("forwarded_at", "id"))
    forms = forms or {}
    if staff:
        taken = {p.deputy_id for p in participants}
        forms.setdefault(
            "invite",
            DeputyChoiceForm(
                deputies=[c for c in _deputy_choices(r.term_id) if c[0] not in taken],
                prefix="invite",
            ),
        )
        forms.setdefault("report", ReportForm(initial={"report": r.report}))
        if r.reported_at:
            done = {f.organ_id for f in forwards}
            forms.setdefault(
                "forward",
                ForwardForm(
                    organs=[
                        u
                        for u in registry_selectors.handling_units().values_list("id", "name")[:500]
                        if u[0] not in done
                    ]
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


research_invite = _invite_view(_research, _research_action, services.research_invite, "research")


research_report = _report_view(_research_action, services.research_report, "research")


@login_required
@require_POST
def research_forward(request: HttpRequest, pk: int) -> HttpResponse:
    form = ForwardForm(
        request.POST, organs=list(registry_selectors.handling_units().values_list("id", "name"))
    )
    return _research_action(
        request,
        pk,
        "forward",
        form,
        lambda u, r, c: services.research_forward(
            actor=u, research=r, organ=Organisation.objects.get(pk=c["organ"])
        ),
        _("The report has been forwarded."),
    )


@login_required
@require_POST
def research_feedback(request: HttpRequest, pk: int, forward_id: int) -> HttpResponse:
    r = _research(request, pk)
    f = ResearchForward.objects.filter(pk=forward_id, research=r).first()
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
