"""training: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user, search_text

from .. import policies
from ..common import selectors as common_selectors
from ..common.forms import InviteManyForm
from ..common.views import page_of, prefecture_term
from ..models import (
    Material,
    MaterialKind,
    Training,
    TrainingKind,
)
from . import selectors, services
from .forms import CourseMaterialsForm, MaterialForm, TrainingForm

# ---- training and learning -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: HttpRequest) -> HttpResponse:
    organisers = selectors.trainer_bodies(request.user)
    if not organisers:
        raise Http404
    q = search_text(request)
    term = prefecture_term()
    form = TrainingForm(request.POST if request.method == "POST" else None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            t = services.training_create(
                actor=acting_user(request),
                term=term,
                kind=c["kind"],
                organiser=common_selectors.organisation(c["organiser"]),
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
    page, query = page_of(request, selectors.trainings_for(request.user, q))
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
    t = selectors.training(pk)
    if t is None or not policies.can_organise_training(request.user, t.organiser):
        raise Http404
    return t


def _training_page(
    request: HttpRequest,
    t: Training,
    form: Any = None,
    status: int = 200,
    course_form: Any = None,
) -> HttpResponse:
    attendance = selectors.attendance_of(t)
    taken = {a.deputy_id for a in attendance}
    if form is None:
        form = InviteManyForm(term_id=t.term_id, exclude=taken, prefix="att")
    materials = selectors.course_materials(t)
    if course_form is None:
        course_form = CourseMaterialsForm(
            materials=selectors.material_choices(),
            initial={"materials": [m.pk for m in materials]},
            prefix="course",
        )
    return render(
        request,
        "activities/training.html",
        {
            "t": t,
            "attendance": attendance,
            "form": form,
            "materials": materials,
            "course": selectors.course_progress(t, materials),
            "course_form": course_form,
        },
        status=status,
    )


@login_required
@require_POST
def training_materials(request: HttpRequest, pk: int) -> HttpResponse:
    """R49 (issue 28.4a): the staff choose the course's reading list from the library."""
    t = _training(request, pk)
    form = CourseMaterialsForm(
        request.POST, materials=selectors.material_choices(), prefix="course"
    )
    if form.is_valid():
        try:
            services.training_materials_set(
                actor=acting_user(request),
                training=t,
                materials=selectors.materials(form.cleaned_data["materials"]),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The course materials have been saved."))
            return redirect("activities:training", pk=pk)
    return _training_page(request, t, status=400, course_form=form)


@login_required
@require_GET
def training(request: HttpRequest, pk: int) -> HttpResponse:
    return _training_page(request, _training(request, pk))


@login_required
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    t = _training(request, pk)
    form = InviteManyForm(request.POST, term_id=t.term_id, prefix="att")
    if form.is_valid():
        try:
            services.training_attendance_add(
                actor=acting_user(request),
                training=t,
                deputies=list(form.cleaned_data["deputies"]),
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
    page, query = page_of(request, selectors.library(request.user, q, kind))
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
    m = selectors.material(pk)
    if m is None or not policies.can_use_library(request.user):
        raise Http404
    return m


@login_required
@require_GET
def material(request: HttpRequest, pk: int) -> HttpResponse:
    m = _material(request, pk)
    d = policies.deputy_id(request.user)
    return render(
        request,
        "activities/material.html",
        {
            "m": m,
            "is_deputy": d is not None,
            "mine": selectors.progress_of(m, d) if d else None,
            "is_video": m.content_type.startswith("video/"),
        },
    )


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file under its title and the extension its content was recognised as: PDF,
    pictures and video open in the browser, Word and Excel download."""
    m = _material(request, pk)
    # R49 (issue 28.4a): what a deputy opened is their learning progress.
    services.material_opened(actor=acting_user(request), material=m)
    from lvzhi.core.privatefiles import download

    return download(
        m.file,
        content_type=m.content_type,
        as_attachment=not selectors.material_opens_inline(m),
        filename=selectors.material_download_name(m),
    )
