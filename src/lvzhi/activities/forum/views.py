"""forum: views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core.http import search_text
from lvzhi.core.pagination import page_query, two_phase_page
from lvzhi.core.text import clean_text

from .. import policies
from ..common import pages
from ..common.views import PAGE_SIZE
from ..models import Thread
from . import selectors, services
from .forms import ModerateForm, ReplyForm, ThreadForm

# ---- forum ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def forum(request: HttpRequest) -> HttpResponse:
    if not policies.can_use_forum(request.user):
        raise Http404
    q = search_text(request)
    return pages.form_page(
        request,
        ThreadForm(pages.posted(request)),
        lambda u, c: services.thread_create(actor=u, **c),
        _("The thread has been posted."),
        "activities:thread",
        "activities/forum.html",
        lambda: {
            "page": two_phase_page(
                selectors.threads(request.user, q), request.GET.get("page"), PAGE_SIZE, ("author",)
            ),
            "query": page_query(request),
            "q": q,
        },
    )


def _thread(request: HttpRequest, pk: int) -> Thread:
    t = selectors.thread(request.user, pk)
    if t is None or not policies.can_use_forum(request.user):
        raise Http404
    return t


def _thread_page(
    request: HttpRequest, t: Thread, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    form = (forms or {}).get("reply")
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


thread, _thread_action = pages.detail_views(_thread, _thread_page, "activities:thread")


thread_reply = pages.action_view(
    _thread_action,
    "reply",
    lambda r, _pk: ReplyForm(r.POST),
    lambda u, t, c: services.reply_add(actor=u, thread=t, body=c["body"]),
    _lazy("Your reply has been posted."),
)


@login_required
@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    t = _thread(request, pk)
    return pages.posted_step(
        request,
        ModerateForm(request.POST),
        lambda u, c: services.thread_moderate(actor=u, thread=t, **c),
        _("Choose a moderation action."),
        _("The moderation has been recorded."),
        redirect("activities:thread", pk=pk),
    )


@login_required
@require_POST
def reply_hide(request: HttpRequest, pk: int, reply_id: int) -> HttpResponse:
    r = pages.found(selectors.reply_of(_thread(request, pk), reply_id))
    return pages.posted_step(
        request,
        None,
        lambda u, c: services.reply_hide(
            actor=u, reply=r, note=clean_text(request.POST.get("note", ""))
        ),
        "",
        _("The reply has been hidden."),
        redirect("activities:thread", pk=pk),
    )
