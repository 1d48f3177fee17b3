"""units: the pages where a handling unit's staff read what was addressed to their unit and
answer it themselves (issue 22.3; Art 44, 49). The notifications link here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user

from .. import policies, services
from . import selectors
from .forms import UnitReplyForm


@login_required
@require_GET
def unit_inbox(request: HttpRequest) -> HttpResponse:
    if not policies.is_unit_staff(request.user):
        raise Http404
    opinions, forwards = selectors.unit_inbox(request.user)
    return render(
        request, "activities/unit_inbox.html", {"opinions": opinions, "forwards": forwards}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    op = selectors.unit_opinion(request.user, pk)
    if op is None:
        raise Http404
    form = UnitReplyForm(
        request.POST if request.method == "POST" else None, initial={"reply": op.unit_reply}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_unit_reply(
                actor=acting_user(request), opinion=op, reply=form.cleaned_data["reply"]
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("activities:unit_opinion", pk=op.pk)
    return render(
        request,
        "activities/unit_opinion.html",
        {"op": op, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_forward(request: HttpRequest, pk: int) -> HttpResponse:
    f = selectors.unit_forward(request.user, pk)
    if f is None:
        raise Http404
    form = UnitReplyForm(
        request.POST if request.method == "POST" else None, initial={"reply": f.feedback}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forward_unit_reply(
                actor=acting_user(request), forward=f, feedback=form.cleaned_data["reply"]
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("activities:unit_forward", pk=f.pk)
    return render(
        request,
        "activities/unit_forward.html",
        {"f": f, "form": form},
        status=400 if form.errors else 200,
    )
