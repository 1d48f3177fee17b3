"""Request plumbing: the audit context, session time limits and security headers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from . import clock
from .context import RequestInfo, current_request


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production reverse proxy REMOTE_ADDR is the proxy; it sets X-Real-IP.
    if getattr(settings, "LVZHI_TRUST_X_REAL_IP", False):
        real = request.META.get("HTTP_X_REAL_IP")
        if real:
            return str(real)
    return request.META.get("REMOTE_ADDR") or None


class Middleware:
    """A middleware: it wraps the next handler, ``get_response``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response


def signed_in(request: HttpRequest) -> Any:
    """The signed-in account of the request, or None (no account, or anonymous)."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class RequestContextMiddleware(Middleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(
            RequestInfo(
                ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200]
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def submission_key_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that is idempotent by itself (a unique constraint decides, a retry gets
    the same answer): ``IdempotentSubmissionMiddleware`` then claims no submission key for it,
    which spares two cache round trips (the phone's vote, issue 26.1)."""
    view.submission_key_exempt = True  # type: ignore[attr-defined]
    return view


def session_refresh_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose requests do not move the session's idle timer: the session is then
    not written by the timer on that path (the vote POST of 1,000 deputies at once). The
    timeouts are still enforced on it; the page the person came from refreshed the timer."""
    view.session_refresh_exempt = True  # type: ignore[attr-defined]
    return view


class SessionTimeoutMiddleware(Middleware):
    """Ends a session after ``SESSION_IDLE_TIMEOUT`` seconds idle; the cookie age
    (``SESSION_COOKIE_AGE``) bounds its absolute lifetime, checked here too. The idle timer is
    moved (at most every 30 s) once the view is known, except for views marked
    ``session_refresh_exempt``."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if signed_in(request) is not None:
            now = clock.now().timestamp()
            last = request.session.get("last_seen", now)
            started = request.session.get("started_at", now)
            if (
                now - last > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                request.session["expired"] = True
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if signed_in(request) is None:
            return None
        if getattr(view, "session_refresh_exempt", False):
            return None
        now = clock.now().timestamp()
        if now - request.session.get("last_seen", now) > 30:
            # Refreshing at most every 30 s spares a session write on every request.
            request.session["last_seen"] = now
        return None


class DomainErrorMiddleware(Middleware):
    """Maps domain errors that a view did not handle to responses, in one place:
    NotFound → 404 (the same page as a missing URL), PermissionDenied → 403, others → 400."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from .errors import DomainError, NotFound

        if isinstance(exception, NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, DomainError):
            return render(
                request, "error.html", {"message": exception.message}, status=exception.status
            )
        return None


class LanguageMiddleware(Middleware):
    """Chinese first: the UI is zh-hans unless the person chose another language (cookie, or
    the preferred language of the signed-in account, kept in the session: core.i18n); the
    browser's Accept-Language is deliberately not consulted."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        from .i18n import session_language

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen not in dict(settings.LANGUAGES):
            # A signed-in person's preferred language (issue 24), else Chinese.
            chosen = session_language(request)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequiredStepMiddleware(Middleware, ABC):
    """A signed-in account that must take a step first (``required``) is sent to the step's
    page (``step``) whatever it asks for, except that page, the ``also_open`` pages and the
    static files."""

    step = ""
    also_open: tuple[str, ...] = ("core:logout",)

    @abstractmethod
    def required(self, user: Any) -> bool:
        """Whether ``user`` must take the step first (each step says when)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = signed_in(request)
        if user is not None and self.required(user):
            from django.shortcuts import redirect
            from django.urls import reverse

            allowed = {reverse(name) for name in (self.step, *self.also_open)}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect(self.step)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware(RequiredStepMiddleware):
    """An account opened with an initial password must choose its own before anything else."""

    step = "core:password_change"

    def required(self, user: Any) -> bool:
        return bool(getattr(user, "must_change_password", False))


class SecondFactorRequiredMiddleware(RequiredStepMiddleware):
    """An account whose role requires the second factor sets it up before anything else (its
    first sign-in after the obligation applies)."""

    step = "core:second_factor"
    also_open = ("core:logout", "core:password_change")

    def required(self, user: Any) -> bool:
        from . import twofactor

        return bool(
            getattr(settings, "STAFF_SECOND_FACTOR", False)
            and not twofactor.enabled(user)
            and twofactor.required(user)
        )


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class IdempotentSubmissionMiddleware(Middleware):
    """A POST carrying a submission key (every form through ``{% csrf_token %}``, the API
    through an ``Idempotency-Key`` header) is done once per signed-in user and key. The same key
    again gets the first answer when it was a redirect (the usual answer to a form that did
    something), or "still working" while the first is running. A form shown again with errors
    frees its key, so the corrected form can be sent. Keys live in the cache: Redis in
    production, shared by every app server."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        slot = getattr(request, "_lvzhi_submission_slot", None)
        if slot is None:
            return response
        from django.core.cache import cache

        from . import rules

        if response.status_code in (301, 302, 303) and response.get("Location"):
            cache.set(slot, "redirect:" + response["Location"], rules.SUBMISSION_KEY_SECONDS)
        elif 200 <= response.status_code < 300 and request.path.startswith("/api/"):
            cache.set(slot, "done", rules.SUBMISSION_KEY_SECONDS)
        else:  # shown again with errors, or failed (an exception is a 4xx/5xx answer here)
            cache.delete(slot)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        """The key is claimed once the view is known (after the CSRF check), unless the view
        is idempotent by itself (``submission_key_exempt``)."""
        if getattr(view, "submission_key_exempt", False):
            return None
        from django.core.cache import cache

        from . import rules

        key = ""
        if request.method == "POST":
            key = request.META.get(rules.SUBMISSION_KEY_HEADER, "") or (
                request.POST.get(rules.SUBMISSION_KEY_FIELD, "")
                if request.content_type in FORM_CONTENT_TYPES
                else ""
            )
        user = signed_in(request)
        if not key or user is None or len(key) > 64:
            return None
        slot = f"submission:{user.pk}:{key}"
        if not cache.add(slot, "running", rules.SUBMISSION_KEY_SECONDS):
            return self._repeat(request, cache.get(slot))
        request._lvzhi_submission_slot = slot  # type: ignore[attr-defined]
        return None

    def _repeat(self, request: HttpRequest, state: str | None) -> HttpResponse:
        from django.contrib import messages
        from django.http import HttpResponseRedirect, JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        if state and state.startswith("redirect:"):
            messages.info(request, _("This form was sent already; here is its result."))
            return HttpResponseRedirect(state.removeprefix("redirect:"))
        message = (
            _("This request was done already.")
            if state == "done"
            else _("This form is still being processed. Wait a moment, then reload the page.")
        )
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": "duplicate_submission", "message": message, "field": None}},
                status=409,
            )
        return render(request, "error.html", {"message": message}, status=409)


class SecurityHeadersMiddleware(Middleware):
    """A Content-Security-Policy with no inline script (scripts come only from the app's own
    static files), and the other headers an MLPS 2.0 level 3 review asks for. Inline styles are
    allowed: server-drawn SVG charts and htmx's indicator style use them, and they cannot run
    code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from .privatefiles import redirect_origin

        super().__init__(get_response)
        # Uploads on an object store are answered by a redirect to a signed URL there
        # (lvzhi.core.privatefiles): its pictures and video must load from that origin.
        files = f" {origin}" if (origin := redirect_origin()) else ""
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                f"img-src 'self' data:{files}",
                "font-src 'self'",
                "connect-src 'self'",
                f"media-src 'self'{files}",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class RequestHygieneMiddleware(Middleware):
    """Bad bytes and sizes are answered before any view reads them (issue 18.8):

    - a multipart request over ``REQUEST_MAX_BYTES`` → 413, without reading it (other bodies
      over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django refuses them, ``core.views.error_400``);
    - a NUL character in the query string or the JSON body of an API call → 400 (PostgreSQL
      refuses NUL in any string; forms strip it themselves, see ``lvzhi.core.forms``).

    The API gets its one error shape (docs/api.md); pages a short Chinese page."""

    API_PREFIX = "/api/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.translation import gettext as _

        ctype = request.META.get("CONTENT_TYPE", "")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # Other bodies: Django's DATA_UPLOAD_MAX_MEMORY_SIZE, answered 413 by core.views.error_400.
        if ctype.startswith("multipart/") and length > settings.REQUEST_MAX_BYTES:
            return self._refuse(
                request,
                413,
                "too_large",
                _(
                    "The submitted content is too large (at most %(mb)d MB). Shorten the text, or "
                    "attach large files one by one."
                )
                % {"mb": settings.REQUEST_MAX_BYTES // 2**20},
            )
        if request.path.startswith(self.API_PREFIX):
            nul = _("The request contains a NUL character, which no field may hold.")
            if any("\x00" in k or "\x00" in v for k, values in request.GET.lists() for v in values):
                return self._refuse(request, 400, "validation_failed", nul)
            # An escaped NUL in valid JSON (raw NUL bytes make it invalid JSON, which the API
            # refuses itself).
            if (
                "json" in ctype
                and 0 < length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                and b"\\u0000" in request.body.lower()
            ):
                return self._refuse(request, 400, "validation_failed", nul)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
        from django.http import JsonResponse
        from django.utils.html import escape

        if request.path.startswith(self.API_PREFIX):
            return JsonResponse(
                {"error": {"code": code, "message": message, "field": None}},
                status=status,
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponse(
            '<!doctype html><html lang="zh-hans"><meta charset="utf-8">'
            f"<title>{escape(message)}</title><p>{escape(message)}</p></html>",
            status=status,
        )
