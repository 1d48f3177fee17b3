"""units: the pages where a handling unit's staff read what was addressed to their unit and
answer it themselves (issue 22.3; Art 44, 49). The notifications link here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import policies, services
from ..common import pages
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


def _reply_page(
    request: HttpRequest,
    obj: Any,
    reply: str,
    save: pages.Save,
    name: str,
    key: str,
) -> HttpResponse:
    """A unit's answer to what was addressed to it: ``obj`` under ``key`` on the page
    ``activities/<name>.html``, the form holding the ``reply`` written so far."""
    return pages.form_page(
        request,
        UnitReplyForm(pages.posted(request), initial={"reply": reply}),
        save,
        _("Your reply has been sent."),
        f"activities:{name}",
        f"activities/{name}.html",
        lambda: {key: obj},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    op = pages.found(selectors.unit_opinion(request.user, pk))
    return _reply_page(
        request,
        op,
        op.unit_reply,
        lambda u, c: services.opinion_unit_reply(actor=u, opinion=op, reply=c["reply"]),
        "unit_opinion",
        "op",
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_forward(request: HttpRequest, pk: int) -> HttpResponse:
    f = pages.found(selectors.unit_forward(request.user, pk))
    return _reply_page(
        request,
        f,
        f.feedback,
        lambda u, c: services.forward_unit_reply(actor=u, forward=f, feedback=c["reply"]),
        "unit_forward",
        "f",
    )
