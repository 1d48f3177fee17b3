"""forum: views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user, search_text
from lvzhi.core.pagination import two_phase_page
from lvzhi.core.text import clean_text

from .. import policies
from ..common.views import PAGE_SIZE
from ..models import (
    Thread,
)
from . import selectors, services
from .forms import ModerateForm, ReplyForm, ThreadForm

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
    t = selectors.thread(request.user, pk)
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
    r = selectors.reply_of(t, reply_id)
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
