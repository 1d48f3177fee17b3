"""training: views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.core.http import acting_user, search_text

from .. import policies
from ..common import pages
from ..common import selectors as common_selectors
from ..common.forms import InviteManyForm
from ..common.views import listed, prefecture_term
from ..models import MaterialKind, Training, TrainingKind
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
    form = TrainingForm(pages.posted(request), organisers=organisers)

    def context() -> dict[str, Any]:
        coverage = [
            selectors.training_coverage(term, k)
            for k in (TrainingKind.ONBOARDING, TrainingKind.FIRST_YEAR)
        ]
        return listed(
            request, selectors.trainings_for(request.user, q), q, coverage=coverage, term=term
        )

    return pages.form_page(
        request,
        form,
        lambda u, c: services.training_create(
            actor=u,
            term=term,
            organiser=common_selectors.organisation(c["organiser"]),
            **pages.picked(c, "kind", "title", "starts_on", "ends_on", "place", "content"),
        ),
        _("The training has been created."),
        pages.to_page_warned(request, "activities:training"),
        "activities/trainings.html",
        context,
    )


_training = pages.loader(
    selectors.training, lambda user, t: policies.can_organise_training(user, t.organiser)
)


def _training_page(
    request: HttpRequest, t: Training, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    forms = forms or {}
    attendance = selectors.attendance_of(t)
    taken = {a.deputy_id for a in attendance}
    form = forms.get("attendance") or InviteManyForm(term_id=t.term_id, exclude=taken, prefix="att")
    materials = selectors.course_materials(t)
    course_form = forms.get("course")
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


training, _training_action = pages.detail_views(_training, _training_page, "activities:training")


# R49 (issue 28.4a): the staff choose the course's reading list from the library.
training_materials = pages.action_view(
    _training_action,
    "course",
    lambda r, _pk: CourseMaterialsForm(
        r.POST, materials=selectors.material_choices(), prefix="course"
    ),
    lambda u, t, c: services.training_materials_set(
        actor=u, training=t, materials=selectors.materials(c["materials"])
    ),
    _lazy("The course materials have been saved."),
)


training_attendance = pages.action_view(
    _training_action,
    "attendance",
    lambda r, pk: InviteManyForm(r.POST, term_id=_training(r, pk).term_id, prefix="att"),
    lambda u, t, c: services.training_attendance_add(
        actor=u, training=t, deputies=list(c["deputies"])
    ),
    _lazy("The attendance has been recorded."),
)


@login_required
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest) -> HttpResponse:
    if not policies.can_use_library(request.user):
        raise Http404
    q = search_text(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in MaterialKind.values else ""
    manage = policies.can_manage_library(request.user)
    return pages.form_page(
        request,
        MaterialForm(request.POST or None, request.FILES or None) if manage else None,
        lambda u, c: services.material_add(
            actor=u, upload=c["file"], **pages.picked(c, "kind", "title", "description")
        ),
        _("The material has been added to the library."),
        "activities:material",
        "activities/library.html",
        lambda: listed(
            request,
            selectors.library(request.user, q, kind),
            q,
            kind=kind,
            kinds=MaterialKind.choices,
            is_deputy=policies.deputy_id(request.user) is not None,
        ),
        may_save=manage,
    )


_material = pages.loader(selectors.material, lambda user, m: policies.can_use_library(user))


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
