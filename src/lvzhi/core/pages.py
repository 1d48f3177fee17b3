"""Page helpers the apps' views share: a page with one form, a button without one, a list's
filter form and its pager's query string, the POST views of a detail page, and the co-signing
pages of suggestions and proposals built from them.

Every state change a detail page offers is one small view: signed-in, POST only, it binds the
step's form, calls one service with the acting user and the object, and answers through a
``core.http.DetailAction`` (a message and a redirect, or the page again with the refusal).
``DetailPages`` makes those views from a line each, so an app's ``views.py`` lists its steps
as data. ``CoSignPages`` adds the co-signing pages (invite, answer or withdraw, cancel an
invitation) that suggestions and proposals share, over the one co-signing machine
(``suggestions.cosigning``); it knows nothing of either app: each passes its services, its
invitation form and the keyword its services take the object by (``"proposal"``,
``"suggestion"``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .errors import DomainError
from .forms import add_refusal
from .http import DetailAction, acting_user

View = Callable[..., HttpResponse]
Call = Callable[[Any, Any, dict[str, Any]], Any]


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    done: str | Promise,
    then: Callable[[Any], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page with one form (``form`` None: nothing to fill in). On a POST of a valid form
    ``save(cleaned_data)``; done, a message and a redirect to ``then(what save returned)``; a
    refusal is shown next to the form. The page (``template`` with ``context`` and the form)
    answers 400 while the form has errors."""
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, str(done))
            return redirect(then(result))
    status = 400 if form is not None and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def run_and_return(
    request: HttpRequest,
    call: Callable[[], Any],
    done: str | Promise,
    back: str,
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """A button posted from a page without a form of its own: ``call()``, then its refusal or
    ``done`` as a message, and back to the URL ``back`` (done: to ``then(what call
    returned)`` when given)."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, str(done))
    return redirect(then(result) if then else back)


def filtered(request: HttpRequest, form_class: Any, filters_class: Any) -> tuple[Any, Any]:
    """A list's filter form bound to the query string, and the filters it gives (the
    defaults while the query string is empty or wrong)."""
    form = form_class(request.GET or None)
    if request.GET and form.is_valid():
        return form, filters_class(**form.cleaned_data)
    return form, filters_class()


def query_without_page(request: HttpRequest) -> str:
    """The list's query string without the page number, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _post_view(run: Callable[..., HttpResponse]) -> View:
    return login_required(require_POST(run))


class DetailPages:
    """The POST views of one kind of object: ``action`` draws and redirects, ``parent`` is the
    keyword the app's services take the object by."""

    def __init__(self, action: DetailAction, parent: str) -> None:
        self.action = action
        self.parent = parent

    @classmethod
    def of(
        cls,
        get: Callable[[Any, int], Any],
        render: Callable[..., HttpResponse],
        detail_url: str,
        parent: str,
    ) -> DetailPages:
        """The POST views of the detail page of an object the signed-in user reaches as
        ``get(user, pk)`` (it raises 404 outside their scope), drawn again by ``render`` and
        redirected to the route ``detail_url``."""
        return cls(
            DetailAction(lambda request, pk: get(acting_user(request), pk), render, detail_url),
            parent,
        )

    def view(
        self,
        name: str,
        form_class: Any,
        call: Call,
        done: str | Promise,
        form_kwargs: Callable[[Any], dict[str, Any]] | None = None,
    ) -> View:
        """A view running ``call(user, obj, cleaned_data)`` with the form ``name`` of the
        detail page (``form_class`` None: a plain button). ``form_kwargs(obj)`` gives the
        form's extra arguments."""

        def run(request: HttpRequest, pk: int) -> HttpResponse:
            extra = form_kwargs(self.action.load(request, pk)) if form_kwargs else {}
            return self.action(request, pk, name, form_class, call, str(done), **extra)

        return _post_view(run)

    def step(
        self,
        name: str,
        form_class: Any,
        service: Callable[..., Any],
        done: str | Promise,
        fields: Sequence[str] | None = None,
    ) -> View:
        """A view calling ``service(actor=user, <parent>=obj, field=value…)`` with the form's
        ``fields`` (all of its cleaned data when None)."""

        def call(user: Any, obj: Any, c: dict[str, Any]) -> Any:
            values = c if fields is None else {f: c[f] for f in fields}
            return service(actor=user, **{self.parent: obj}, **values)

        return self.view(name, form_class, call, done)

    def button(self, service: Callable[..., Any], done: str | Promise) -> View:
        """A form-less button calling ``service(actor=user, <parent>=obj)``."""
        return self.step("", None, service, done, ())

    def press(
        self,
        request: HttpRequest,
        pk: int,
        service: Callable[..., Any],
        done: str | Promise,
        values: Callable[[Any], dict[str, Any]],
    ) -> HttpResponse:
        """A form-less button whose service takes more than the object, from the URL:
        ``service(actor=user, <parent>=obj, **values(obj))``."""
        return self.action(
            request,
            pk,
            "",
            None,
            lambda u, obj, c: service(actor=u, **{self.parent: obj}, **values(obj)),
            str(done),
        )


class CoSignPages(DetailPages):
    """The co-signing pages of one kind of parent (R06, R12, R51, R52). ``services`` has
    ``cosigner_invite``, ``cosign_respond``, ``cosign_withdraw`` and ``invitation_cancel``;
    ``invited_deputy(obj, deputy_id)`` finds the deputy of an unanswered invitation."""

    def __init__(
        self,
        action: DetailAction,
        parent: str,
        *,
        services: Any,
        invite_form: Any,
        invited_deputy: Callable[[Any, int], Any],
    ) -> None:
        super().__init__(action, parent)
        self.services = services
        self.invite_form_class = invite_form
        self.invited_deputy = invited_deputy
        self.invite = self.view(
            "invite",
            invite_form,
            self._invite_all,
            gettext_lazy("The invitation has been sent."),
            form_kwargs=self._invite_kwargs,
        )
        self.withdraw = self.button(
            services.cosign_withdraw, gettext_lazy("Your signature has been withdrawn.")
        )
        self.cosign = _post_view(self._cosign)
        self.cancel_invitation = _post_view(self._cancel)

    @staticmethod
    def _invite_kwargs(obj: Any) -> dict[str, Any]:
        """Who can still be invited: not the lead, nor anyone invited before."""
        exclude = [obj.proposer_id, *[c.deputy_id for c in obj.cosigners.all()]]
        return {"term_id": obj.term_id, "exclude": exclude}

    def invite_form(self, obj: Any) -> Any:
        """The unbound invitation form of the detail page."""
        return self.invite_form_class(**self._invite_kwargs(obj))

    def _invite_all(self, user: Any, obj: Any, c: dict[str, Any]) -> None:
        """Invites each chosen deputy (one invitation, one event each), all or none."""
        with transaction.atomic():
            for deputy in c["deputy"]:
                self.services.cosigner_invite(actor=user, deputy=deputy, **{self.parent: obj})

    def _cosign(self, request: HttpRequest, pk: int, answer: str) -> HttpResponse:
        """The invited deputy accepts or declines; a co-signer withdraws the signature."""
        if answer not in ("accept", "decline", "withdraw"):
            raise Http404
        if answer == "withdraw":
            return self.withdraw(request, pk)
        return self.press(
            request,
            pk,
            self.services.cosign_respond,
            gettext_lazy("Your answer has been recorded."),
            lambda obj: {"accept": answer == "accept"},
        )

    def _cancel(self, request: HttpRequest, pk: int, deputy: int) -> HttpResponse:
        """R06, R12: the lead cancels an invitation not yet answered."""
        return self.press(
            request,
            pk,
            self.services.invitation_cancel,
            gettext_lazy("The invitation has been cancelled."),
            lambda obj: {"deputy": self.invited_deputy(obj, deputy)},
        )
