"""Thin views of meetings: parse, call a service or a selector, render."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core import pages
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal, picked, posted
from lvzhi.core.http import (
    acting_user,
    csv_response,
    found,
    int_or_none,
    press,
    search_text,
    submit,
)
from lvzhi.core.pagination import two_phase_page
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy

from . import policies, selectors, services
from .forms import (
    AgendaForm,
    AnswerForm,
    BriefForm,
    DeskCheckInForm,
    InquiryForm,
    LeaveForm,
    MaterialFileForm,
    MaterialForm,
    MeetingForm,
    NoticeForm,
    SittingForm,
    SpeechForm,
)
from .models import (
    AgendaItem,
    Inquiry,
    LeaveRequest,
    Material,
    MaterialFile,
    MeetingKind,
    Participant,
    ParticipantRole,
    Sitting,
    Speech,
)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    q = search_text(request)
    qs = selectors.meetings_for(user)
    if q:
        qs = qs.filter(title__contains=q)
    page = two_phase_page(
        qs.order_by("-opens_at", "id"), request.GET.get("page"), 20, ("congress",)
    )
    return render(
        request,
        "meetings/list.html",
        {
            "page": page,
            "q": q,
            "query": f"q={q}" if q else "",
            "can_create": policies.is_any_staff(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponseBase:
    user = acting_user(request)
    if not policies.is_any_staff(user):
        raise Http404
    congresses = selectors.congress_choices(user)
    form = MeetingForm(
        posted(request),
        congresses=congresses,
        sessions=selectors.session_choices([c for c, _n in congresses]),
    )

    def create(data: dict[str, Any]) -> Any:
        return services.meeting_create(
            actor=user,
            **picked(
                data, "congress", "kind", "title", "place", "opens_at", "closes_at", "session"
            ),
        )

    return pages.form_page(
        request,
        form,
        create,
        _("The meeting has been created."),
        lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
        "meetings/new.html",
        {},
    )


def _detail_context(request: HttpRequest, meeting: Any, **forms: Any) -> dict[str, Any]:
    user = acting_user(request)
    staff = policies.is_staff_for(user, meeting)
    me = policies.participant_of(user, meeting)
    sittings = list(Sitting.objects.filter(meeting=meeting))
    ctx = {
        "meeting": meeting,
        "is_staff": staff,
        "me": me,
        "agenda": list(AgendaItem.objects.filter(meeting=meeting)),
        "sittings": sittings,
        "checked": selectors.my_checkins(meeting, me.deputy_id if me else None),
        "notices": list(meeting.notices.all()[:10]),
        "materials": list(selectors.materials_with_reads(meeting)),
        "members": Participant.objects.filter(meeting=meeting).count(),
        "timeline": selectors.timeline(meeting) if staff else [],
        "my_leaves": list(LeaveRequest.objects.filter(meeting=meeting, deputy_id=me.deputy_id))
        if me
        else [],
        "agenda_form": forms.get("agenda_form") or AgendaForm(),
        "sitting_form": forms.get("sitting_form") or SittingForm(),
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "material_form": forms.get("material_form") or MaterialForm(),
        "leave_form": forms.get("leave_form")
        or LeaveForm(sittings=[(s.pk, s.title) for s in sittings]),
    }
    return ctx


def _meeting_page(
    request: HttpRequest, meeting: Any, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The meeting's page, ``forms`` (bound, with errors) in place of its own."""
    return render(
        request, "meetings/detail.html", _detail_context(request, meeting, **forms), status=status
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(acting_user(request), pk)
    return _meeting_page(request, meeting, {})


_STAFF_FORMS: dict[str, tuple[type[django_forms.Form], str]] = {
    "agenda": (AgendaForm, "agenda_form"),
    "sitting": (SittingForm, "sitting_form"),
    "notice": (NoticeForm, "notice_form"),
    "material": (MaterialForm, "material_form"),
}


def _staff_step(
    request: HttpRequest, user: Any, meeting: Any, action: str, data: dict[str, Any]
) -> None:
    """An agenda item, a sitting, a notice (a late one says so) or a material from the
    staff's forms on the meeting page."""
    if action == "agenda":
        services.agenda_add(actor=user, meeting=meeting, **data)
    elif action == "sitting":
        services.sitting_add(actor=user, meeting=meeting, **data)
    elif action == "notice":
        notice = services.notice_send(actor=user, meeting=meeting, **data)
        if notice.is_late:
            messages.warning(
                request,
                _("The notice was sent late; the reason is recorded as an exception."),
            )
    else:
        services.material_publish(actor=user, meeting=meeting, **data)


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    """The staff's forms on the meeting page: agenda item, sitting, notice, material."""
    user = acting_user(request)
    meeting = selectors.get_meeting(user, pk)
    if action not in _STAFF_FORMS or not policies.is_staff_for(user, meeting):
        raise Http404
    form_class, name = _STAFF_FORMS[action]
    form = form_class(request.POST)
    if form.is_valid() and submit(
        request, form, _("Saved."), _staff_step, request, user, meeting, action, form.cleaned_data
    ):
        return redirect("meetings:detail", pk=meeting.pk)
    return _meeting_page(request, meeting, {name: form}, status=400)


_meeting_pages = pages.DetailPages.of(
    selectors.get_meeting, _meeting_page, "meetings:detail", "meeting"
)
register = _meeting_pages.button(
    services.register, gettext_lazy("You are registered for the meeting.")
)


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A deputy checks in on the phone; the staff desk sends a deputy id."""
    user = acting_user(request)
    sitting = selectors.get_sitting(user, pk)
    deputy = None
    if "deputy" in request.POST or "deputy_q" in request.POST:
        form = DeskCheckInForm(request.POST, deputies=_members(sitting.meeting_id))
        if not form.is_valid():
            # Several namesakes found without script: the page again, the matches to tick.
            meeting = selectors.get_meeting(user, sitting.meeting_id)
            if not policies.is_staff_for(user, meeting):
                raise Http404
            return _attendance_page(request, meeting, {sitting.pk: form}, status=400)
        deputy = form.cleaned_data["deputy"]
    press(request, _("Checked in."), services.check_in, actor=user, sitting=sitting, deputy=deputy)
    target = "meetings:attendance" if deputy is not None else "meetings:detail"
    return redirect(target, pk=sitting.meeting_id)


@login_required
@require_POST
def leave_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = acting_user(request)
    meeting = selectors.get_meeting(user, pk)
    sittings = list(Sitting.objects.filter(meeting=meeting))
    form = LeaveForm(request.POST, sittings=[(s.pk, s.title) for s in sittings])
    if form.is_valid():
        sitting = next((s for s in sittings if s.pk == form.cleaned_data["sitting"]), None)
        if submit(
            request,
            form,
            _("Your leave request has been sent to your delegation."),
            services.leave_request,
            actor=user,
            meeting=meeting,
            sitting=sitting,
            reason=form.cleaned_data["reason"],
        ):
            return redirect("meetings:detail", pk=meeting.pk)
    return _meeting_page(request, meeting, {"leave_form": form}, status=400)


@login_required
def leaves(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not set(policies.LEAVE_ROLES) & set(policies.registry_policies.roles_of(user)):
        raise Http404
    return render(
        request, "meetings/leaves.html", {"leaves": list(selectors.pending_leaves(user)[:200])}
    )


@login_required
@require_POST
def leave_decide(request: HttpRequest, pk: int, answer: str) -> HttpResponseBase:
    if answer not in ("approve", "refuse"):
        raise Http404
    user = acting_user(request)
    leave = found(selectors.pending_leaves(user).filter(pk=pk).first())
    press(
        request,
        _("The decision has been recorded."),
        services.leave_decide,
        actor=user,
        leave=leave,
        approve=answer == "approve",
    )
    return redirect("meetings:leaves")


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R01: the staff's view: counts per sitting, the desk check-in, absences per deputy."""
    user = acting_user(request)
    meeting = selectors.get_meeting(user, pk)
    if not policies.is_staff_for(user, meeting):
        raise Http404
    if request.GET.get("format") == "csv":
        rows = selectors.absences(meeting)
        return csv_response(
            f"出席情况-{meeting.pk}.csv",
            [_("Deputy"), _("Absent without leave"), _("Absent on approved leave")],
            (
                [
                    r.deputy.name,
                    "、".join(s.title for s in r.unexcused),
                    "、".join(s.title for s in r.on_leave),
                ]
                for r in rows
            ),
        )
    return _attendance_page(request, meeting, {})


def _members(meeting_id: int) -> Any:
    """The deputies the desk may check in: the meeting's members."""
    return Deputy.objects.filter(
        pk__in=Participant.objects.filter(
            meeting_id=meeting_id, role=ParticipantRole.MEMBER
        ).values("deputy_id")
    )


def _attendance_page(
    request: HttpRequest, meeting: Any, bound: dict[int, Any], status: int = 200
) -> HttpResponse:
    rows = selectors.absences(meeting)
    sittings = list(Sitting.objects.filter(meeting=meeting))
    deputies = _members(meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "sittings": [
                (
                    s,
                    selectors.sitting_counts(s),
                    bound.get(s.pk) or DeskCheckInForm(deputies=deputies, auto_id=f"desk{s.pk}_%s"),
                )
                for s in sittings
            ],
            "rows": rows,
        },
        status=status,
    )


def _material(user: Any, pk: int) -> Material:
    return found(
        Material.objects.select_related("meeting").filter(pk=pk).first(),
        lambda m: policies.can_view(user, m.meeting),
    )


def _material_page(
    request: HttpRequest, m: Material, form: Any = None, status: int = 200
) -> HttpResponse:
    user = acting_user(request)
    staff = policies.is_staff_for(user, m.meeting)
    readers = selectors.material_readers(m) if staff else []
    return render(
        request,
        "meetings/material.html",
        {
            "material": m,
            "files": list(MaterialFile.objects.filter(material=m)),
            "is_staff": staff,
            "readers": readers,
            "read": sum(1 for r in readers if r.read_at is not None),
            "file_form": form or (MaterialFileForm() if staff else None),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def material(request: HttpRequest, pk: int) -> HttpResponse:
    """A material: its text, its files in versions; for the staff who read it (issue 22) and
    the upload of a new file or version."""
    user = acting_user(request)
    m = _material(user, pk)
    if request.method == "POST":
        if not policies.is_staff_for(user, m.meeting):
            raise Http404
        form = MaterialFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                f = services.material_file_add(
                    actor=user, material=m, upload=form.cleaned_data["file"]
                )
            except DomainError as exc:
                add_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(n)d of the file is published.") % {"n": f.version},
                )
                return redirect("meetings:material", pk=m.pk)
        return _material_page(request, m, form, status=400)
    services.material_read(actor=user, material=m)
    return _material_page(request, m)


@login_required
def material_file(request: HttpRequest, pk: int, version: int) -> HttpResponseBase:
    """A version of a material's file, for whoever may see the meeting."""
    from lvzhi.core.privatefiles import download

    user = acting_user(request)
    m = _material(user, pk)
    f = found(MaterialFile.objects.filter(material=m, version=version).first())
    services.material_read(actor=user, material=m)
    return download(f.file, content_type=f.content_type, filename=f.name)


def _deliberation_forms(meeting: Any, data: Any = None) -> dict[str, Any]:
    from lvzhi.registry.models import HANDLING_UNIT_KINDS, Organisation

    people = Deputy.objects.filter(
        pk__in=Participant.objects.filter(meeting=meeting).values("deputy_id")
    )
    sittings = [(s.pk, s.title) for s in Sitting.objects.filter(meeting=meeting)]
    agenda = [(a.pk, a.title) for a in AgendaItem.objects.filter(meeting=meeting)]
    speeches = [
        (s.pk, f"{s.deputy.name}：{s.text[:40]}")
        for s in Speech.objects.filter(meeting=meeting).select_related("deputy")
    ]
    organs = (
        Organisation.objects.filter(kind__in=HANDLING_UNIT_KINDS, is_active=True)
        .filter(path__startswith=_body_path(meeting))
        .order_by("path")
    )
    return {
        "speech_form": SpeechForm(data, deputies=people, sittings=sittings, agenda=agenda),
        "brief_form": BriefForm(data, speeches=speeches),
        "inquiry_form": InquiryForm(data, deputies=people, organs=organs),
    }


def _body_path(meeting: Any) -> str:
    body = registry_selectors.congress_body(meeting.congress_id)
    return body.path if body is not None else "-"


def _deliberation_step(user: Any, meeting: Any, action: str, data: dict[str, Any]) -> None:
    """A speech, a brief or an inquiry recorded from the deliberation page's forms."""
    if action == "speech":
        services.speech_record(
            actor=user,
            meeting=meeting,
            sitting=Sitting.objects.filter(pk=data["sitting"] or 0).first(),
            agenda_item=AgendaItem.objects.filter(pk=data["agenda_item"] or 0).first(),
            **picked(data, "deputy", "text"),
        )
    elif action == "brief":
        services.brief_publish(
            actor=user,
            meeting=meeting,
            speech_ids=data["speeches"],
            **picked(data, "title", "summary"),
        )
    else:
        services.inquiry_record(actor=user, meeting=meeting, **data)


@login_required
@require_http_methods(["GET", "POST"])
def deliberation(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R04-R05: speeches, briefs and inquiries of a meeting; the staff record them here."""

    user = acting_user(request)
    meeting = selectors.get_meeting(user, pk)
    staff = policies.is_staff_for(user, meeting)
    action = request.POST.get("action", "")
    forms = _deliberation_forms(meeting)
    status = 200
    if request.method == "POST":
        if not staff:
            raise Http404
        bound = _deliberation_forms(meeting, request.POST)
        name = {"speech": "speech_form", "brief": "brief_form", "inquiry": "inquiry_form"}.get(
            action
        )
        form = bound.get(name or "") if name else None
        if action == "answer":
            inquiry = found(
                Inquiry.objects.filter(
                    pk=int_or_none(request.POST.get("inquiry")) or 0, meeting=meeting
                ).first()
            )
            answer_form = AnswerForm(request.POST)
            if answer_form.is_valid():
                press(
                    request,
                    _("The answer has been recorded."),
                    services.inquiry_answer,
                    actor=user,
                    inquiry=inquiry,
                    **answer_form.cleaned_data,
                )
            else:
                messages.error(request, _("Write the answer and who gave it."))
            return redirect("meetings:deliberation", pk=meeting.pk)
        if form is None:
            raise Http404
        if form.is_valid() and submit(
            request, form, _("Saved."), _deliberation_step, user, meeting, action, form.cleaned_data
        ):
            return redirect("meetings:deliberation", pk=meeting.pk)
        forms[name or ""] = form
        status = 400
    return render(
        request,
        "meetings/deliberation.html",
        {
            "meeting": meeting,
            "is_staff": staff,
            **selectors.deliberation(meeting),
            **forms,
            "answer_form": AnswerForm(),
        },
        status=status,
    )


@login_required
def brief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    brief = selectors.get_brief(acting_user(request), pk)
    speeches = brief.speeches.select_related("deputy", "agenda_item").order_by("recorded_at")
    return render(request, "meetings/brief.html", {"brief": brief, "speeches": list(speeches)})


@login_required
@require_http_methods(["GET", "POST"])
def attendees(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R30-R31: the planner of deputies attending a Standing Committee meeting (列席)."""
    from . import planner

    user = acting_user(request)
    meeting = selectors.get_meeting(user, pk)
    if not policies.is_staff_for(user, meeting) or meeting.kind != MeetingKind.STANDING_COMMITTEE:
        raise Http404
    error = ""
    late_reason = ""
    if request.method == "POST":
        late_reason = request.POST.get("late_reason", "")
        ids = [i for i in (int_or_none(v) for v in request.POST.getlist("deputy")) if i]
        invitations = {
            i: request.POST.get(f"reason_{i}", "") or _("chosen by the staff") for i in ids
        }
        try:
            services.attendees_fix(
                actor=user, meeting=meeting, invitations=invitations, late_reason=late_reason
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("The list of attending deputies is fixed."))
            return redirect("meetings:attendees", pk=meeting.pk)
    invited = list(
        Participant.objects.filter(meeting=meeting, role=ParticipantRole.NON_VOTING).select_related(
            "deputy"
        )
    )
    return render(
        request,
        "meetings/attendees.html",
        {
            "meeting": meeting,
            "invited": invited,
            "error": error,
            "late_reason": late_reason,
            **planner.proposals_context(meeting),
        },
        status=400 if error else 200,
    )
