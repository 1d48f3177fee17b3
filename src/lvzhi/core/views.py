"""Thin views of the shared kernel: sign in and out, my desk, password, health."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import clock, crypto, rules, services, twofactor
from .errors import DomainError
from .forms import CodeForm, LoginForm, PasswordChangeForm, add_refusal, posted
from .http import acting_user, form_page, int_or_none
from .middleware import client_ip
from .models import User
from .navigation import desk_panels_for


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:desk")
    form = LoginForm(posted(request))
    expired = request.session.pop("expired", False)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status if exc.status == 429 else 200
        else:
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, {request.get_host()}, require_https=request.is_secure()
            ):
                target = ""
            if twofactor.enabled(user):
                # The password was right; the account is signed in only after the code.
                request.session.cycle_key()
                request.session[PENDING] = {
                    "user": user.pk,
                    "at": clock.now().timestamp(),
                    "next": target,
                }
                return redirect("core:login_code")
            _sign_in(request, user)
            return redirect(target or "core:desk")
    from . import sso_oidc

    return render(
        request,
        "core/login.html",
        {
            "form": form,
            "expired": expired,
            "oidc": sso_oidc.enabled(),
            "sso_failed": request.GET.get("sso") == "failed",
        },
        status=status,
    )


PENDING = "second_factor_pending"


def _sign_in(request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    services.session_started(request=request, user=user)


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator app."""
    pending = request.session.get(PENDING)
    if not pending or clock.now().timestamp() - pending["at"] > (
        rules.SECOND_FACTOR_PENDING.total_seconds()
    ):
        request.session.pop(PENDING, None)
        return redirect("core:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("core:login")
    form = CodeForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_check(
                user=user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except DomainError as exc:
            form.add_error("code" if exc.field == "code" else None, exc.message)
            status = exc.status if exc.status == 429 else 200
        else:
            request.session.pop(PENDING, None)
            _sign_in(request, user)
            return redirect(pending["next"] or "core:desk")
    return render(request, "core/login_code.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Set up, or turn off, the second factor of one's own account."""
    user = acting_user(request)
    form = CodeForm(posted(request))
    action = request.POST.get("action", "")
    proof_error = ""
    if request.method == "POST" and action == "proof":
        try:
            services.enrolment_proof(
                user=user, code=request.POST.get("proof_code", ""), ip=client_ip(request)
            )
        except DomainError as exc:
            proof_error = exc.message
        else:
            grant_enrolment_proof(request)
            return redirect("core:second_factor")
    if request.method == "POST" and action == "start":
        try:
            services.second_factor_begin(user=user, proven=has_enrolment_proof(request))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("core:second_factor")
    if request.method == "POST" and action in {"confirm", "disable"} and form.is_valid():
        try:
            if action == "confirm":
                services.second_factor_confirm(
                    user=user, code=form.cleaned_data["code"], proven=has_enrolment_proof(request)
                )
                request.session.pop(ENROL_PROOF, None)
                messages.success(request, _("The second factor is on."))
                codes = services.recovery_codes_issue(user=user)
                return render(request, "core/recovery_codes.html", {"codes": codes})
            else:
                services.second_factor_disable(user=user, code=form.cleaned_data["code"])
                messages.success(request, _("The second factor is off."))
        except DomainError as exc:
            form.add_error("code" if exc.field == "code" else None, exc.message)
        else:
            return redirect("core:second_factor")
    needs_proof = twofactor.staff_account(user) and not has_enrolment_proof(request)
    # A secret another session began is shown only to a session that has proven itself too.
    pending_secret = (
        crypto.decrypt(user.totp_secret)
        if user.totp_secret and not twofactor.enabled(user) and not needs_proof
        else ""
    )
    uri = twofactor.provisioning_uri(pending_secret, user.username) if pending_secret else ""
    return render(
        request,
        "core/second_factor.html",
        {
            "form": form,
            "enabled": twofactor.enabled(user),
            "required": twofactor.required(user),
            "secret": " ".join(pending_secret[i : i + 4] for i in range(0, len(pending_secret), 4)),
            "qr": twofactor.qr_svg_data_uri(uri) if uri else "",
            "needs_proof": needs_proof,
            "proof_error": proof_error,
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        services.signed_out(user=request.user)
    logout(request)
    return redirect("core:login")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "core/desk.html", {"panels": desk_panels_for(request)})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            login(
                request,
                request.user,  # type: ignore[arg-type]
                backend="django.contrib.auth.backends.ModelBackend",
            )
            services.session_started(request=request, user=request.user)  # type: ignore[arg-type]
            from django.contrib import messages

            messages.success(request, _("Your password has been changed."))
            return redirect("core:desk")
    return render(request, "core/password_change.html", {"form": form})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness, for the load balancer: the database answers, every migration is applied and
    the cache (Redis in production: sessions' submission keys, rate limits, channel layer)
    works. 503 with the failing part otherwise, so a new app server joins only when ready."""
    from django.core.cache import cache
    from django.db.migrations.executor import MigrationExecutor

    checks: dict[str, str] = {}
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["database"] = "ok"
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    except Exception as exc:  # a readiness probe reports, it does not raise
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error: no value back"
    except Exception as exc:  # same: report the failing part
        checks["cache"] = f"error: {exc.__class__.__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "not ready", **checks}, status=200 if ready else 503
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refuses before any view runs: a body over DATA_UPLOAD_MAX_MEMORY_SIZE
    (413), too many fields or files, or another malformed request — said plainly, in the API's
    error shape under /api/."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    status = 400
    charset = (request.content_params or {}).get("charset", "utf-8")
    if isinstance(exception, RequestDataTooBig):
        status, code = 413, "too_large"
        message = _(
            "The submitted content is too large (at most %(mb)d MB). Shorten the text, or "
            "attach large files one by one."
        ) % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20}
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        code = "too_many_fields"
        message = _("The form was sent with too many fields or files.")
    elif request.content_type == "application/x-www-form-urlencoded" and (
        charset.lower().replace("_", "-") not in ("utf-8", "utf8")
    ):
        # Django reads forms in UTF-8 only, as browsers send them: name what the client sent.
        code = "wrong_encoding"
        message = _(
            "The form was sent in the encoding “%(charset)s”; send it in UTF-8, as browsers do."
        ) % {"charset": charset[:40]}
    else:
        code = "bad_request"
        message = _("The request could not be understood. Reload the page and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": code, "message": message, "field": None}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "error.html", {"message": message}, status=status)


def error_500(request: HttpRequest) -> HttpResponse:
    """Django calls this inside its ``except`` block, so the error is at hand: a database
    that went away gets its own page (503, "try again", nothing half-written because every
    change runs in one transaction). Neither page touches the database."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template.loader import render_to_string

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # Also the few seconds of an automatic failover (docs/deployment.md): the connection to
        # the old primary broke, the next request reaches the new one.
        response: HttpResponse
        if request.path.startswith("/api/"):
            message = _("The database cannot be reached")  # Retry-After says when to try again
            response = JsonResponse(
                {"error": {"code": "database_unavailable", "message": message, "field": None}},
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = HttpResponse(render_to_string("503_database.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    from .http import acting_user
    from .models import Notification
    from .notifications import mark_read

    user = acting_user(request)
    if request.method == "POST":
        mark_read(user=user)
        return redirect("core:notifications")
    page = Paginator(Notification.objects.filter(user=user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def workdays(request: HttpRequest) -> HttpResponse:
    """The working-day calendar (issue 28.2c): every month of a year with its holidays and
    make-up working days (调休), from the State Council's arrangements and the office's
    exceptions; the office and administrators add and remove exceptions here."""
    from django.http import Http404

    from . import workdays as calendar
    from .forms import WorkdayOverrideForm
    from .models import WorkdayOverride

    keeper = calendar.can_keep(request.user)
    if request.method == "POST" and not keeper:
        raise Http404
    today = clock.today()
    year = int_or_none(request.GET.get("year")) or today.year
    if not 2000 <= year <= today.year + 5:
        year = today.year
    form = WorkdayOverrideForm(posted(request))
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.workday_override_delete(
                actor=acting_user(request), pk=int_or_none(request.POST.get("delete")) or 0
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The calendar has been updated."))
        return redirect(f"{reverse('core:workdays')}?year={year}")
    if request.method == "POST" and form.is_valid():
        try:
            services.workday_override_set(actor=acting_user(request), **form.cleaned_data)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The calendar has been updated."))
            day = form.cleaned_data["day"]
            return redirect(f"{reverse('core:workdays')}?year={day.year}")
    return render(
        request,
        "core/workdays.html",
        {
            "form": form if keeper else None,
            "year": year,
            "years": list(range(today.year - 2, today.year + 3)),
            "months": calendar.year_calendar(year),
            "covered": calendar.covers(year),
            "entries": WorkdayOverride.objects.filter(day__year=year),
            "weekdays": ["一", "二", "三", "四", "五", "六", "日"],
        },
        status=400 if form.errors else 200,
    )


def _set_language_cookie(response: HttpResponse, request: HttpRequest, code: str) -> None:
    """The language cookie of the choice ``code``, with Django's settings for it."""
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


@login_required
@require_POST
def my_language(request: HttpRequest) -> HttpResponse:
    """The account's preferred language (issue 24): notifications, SMS, e-mail and documents
    are written in it, and it becomes the language of this browser at once."""
    from django.conf import settings

    from . import i18n
    from .forms import LanguagePreferenceForm

    user = acting_user(request)
    form = LanguagePreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages offered."))
        return redirect("core:notification_channels")
    language = form.cleaned_data["language"]
    i18n.set_language(actor=user, language=language)
    request.session[i18n.SESSION_KEY] = language
    response = redirect("core:notification_channels")
    chosen = language or settings.LANGUAGE_CODE
    _set_language_cookie(response, request, chosen)
    with translation.override(chosen):
        messages.success(request, _("Your preferred language has been saved."))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notification_channels(request: HttpRequest) -> HttpResponse:
    """The account chooses how it is notified besides the inbox (account menu)."""
    from . import outbound
    from .forms import ChannelChoiceForm

    user = acting_user(request)
    channels = outbound.outbound_channels()
    webhook = any(c.name == "webhook" for c in channels)
    url, secret = outbound.webhook_of(user)
    initial: dict[str, object] = {
        f"channel_{name}": on for name, on in outbound.preferences_of(user).items()
    }
    initial["webhook_url"] = url
    form = ChannelChoiceForm(
        posted(request),
        initial=initial,
        channels=channels,
        webhook=webhook,
    )
    if request.method == "POST" and form.is_valid():
        try:
            outbound.preferences_save(
                actor=user,
                choices=form.choices(),
                webhook_url=form.cleaned_data.get("webhook_url") if webhook else None,
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Your notification channels have been saved."))
            return redirect("core:notification_channels")
    reachable = {c.name: bool(c.reachable([user.pk])) for c in channels}
    return form_page(
        request,
        "core/notification_channels.html",
        {
            "form": form,
            "channels": channels,
            "reachable": reachable,
            "webhook_secret": secret,
            "language_form": _language_form(user),
        },
    )


@login_required
@require_http_methods(["GET"])
def deliveries(request: HttpRequest) -> HttpResponse:
    """Failed (or pending) outbound deliveries, for the office and administrators."""
    from django.core.paginator import Paginator
    from django.http import Http404

    from . import outbound
    from .models import DeliveryStatus

    if not outbound.can_oversee(request.user):
        raise Http404
    status, rows = outbound.DELIVERIES.filtered(request.GET)
    labels = {c.name: str(c.label) for c in outbound.all_channels()}
    if request.GET.get("format") == "csv":
        return outbound.DELIVERIES.response(acting_user(request), request.GET, rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/deliveries.html",
        {
            "page": page,
            "status": status,
            "statuses": DeliveryStatus.choices,
            "labels": labels,
            "query": f"status={status}",
        },
    )


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    from . import outbound

    outbound.delivery_retry(actor=acting_user(request), delivery_id=pk)
    messages.success(request, _("The delivery will be sent again."))
    return redirect("core:deliveries")


def _local_time(value: object) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


@require_http_methods(["GET"])
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the interface language: a plain link, so it works without JavaScript and leaves
    the anonymous pages cacheable (no CSRF cookie on them). The choice lives in the language
    cookie, which LanguageMiddleware reads and the portal cache keys on. An unknown language is
    'not found'; ``next`` is followed only to this site."""
    from django.conf import settings
    from django.http import Http404

    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    _set_language_cookie(response, request, code)
    return response


# ---- PDF of a document, made in the background (core.pdf) ---------------------------------


@login_required
@require_POST
def pdf_request(request: HttpRequest) -> HttpResponse:
    """Queue the PDF of a registered document (kind and its parameters from the form)."""
    from . import pdf

    params = {k: v for k, v in request.POST.items() if k not in ("kind", "csrfmiddlewaretoken")}
    params.pop("submission_key", None)
    try:
        job = pdf.request_pdf(
            actor=acting_user(request), kind=request.POST.get("kind", ""), params=params
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.META.get("HTTP_REFERER") or "core:desk")
    return redirect("core:file_job", pk=job.pk)


@login_required
def file_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background file's progress (refreshed by htmx every second while it runs) and its
    downloads when ready."""
    from . import filejobs

    job = filejobs.get_job_for_user(request.user, pk)
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job.html"
    return render(request, template, {"job": job})


@login_required
def file_jobs(request: HttpRequest) -> HttpResponse:
    """The person's recent background files (exports, letters, PDFs)."""
    from . import filejobs

    return render(request, "core/jobs.html", {"jobs": filejobs.recent_jobs(request.user)})


@login_required
def file_job_download(request: HttpRequest, pk: int, which: str = "file") -> HttpResponseBase:
    from django.http import Http404

    from . import filejobs
    from .models import JobStatus

    job = filejobs.get_job_for_user(request.user, pk)
    stored = job.pdf_file if which == "pdf" else job.file
    if job.status != JobStatus.DONE or not stored:
        raise Http404
    from .privatefiles import download

    return download(
        stored,
        filename=job.pdf_filename if which == "pdf" else job.filename,
        content_type="application/pdf" if which == "pdf" else job.content_type,
    )


# ---- activation and password reset (issue 21) --------------------------------------------

# A fresh proof beyond the password (an activation code just used, an office's enrolment
# code) lets the account enrol a second factor for a short while (rules.ENROLMENT_PROOF_VALID).
ENROL_PROOF = "enrol_proof_at"


def grant_enrolment_proof(request: HttpRequest) -> None:
    request.session[ENROL_PROOF] = clock.now().timestamp()


def has_enrolment_proof(request: HttpRequest) -> bool:
    at = request.session.get(ENROL_PROOF) or 0
    return bool(at) and clock.now().timestamp() - float(at) <= (
        rules.ENROLMENT_PROOF_VALID.total_seconds()
    )


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """Step one: the code from the letter or SMS; step two: whose account it is (masked) and
    the password of one's choice, with an optional second factor."""
    from .forms import ActivationCodeForm, ActivationForm
    from .onetime import describe

    ip = client_ip(request)
    if request.method == "POST" and "new_password" in request.POST:
        form = ActivationForm(request.POST)
        holder = None
        if form.is_valid():
            try:
                holder = services.activation_lookup(code=form.cleaned_data["code"], ip=ip)
                user = services.account_activate(
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["new_password"],
                    ip=ip,
                )
            except DomainError as exc:
                if exc.field == "code" or holder is None:
                    code_form = ActivationCodeForm(initial={"code": form.data.get("code", "")})
                    code_form.add_error(None, exc.message)
                    return render(request, "core/activate.html", {"code_form": code_form})
                form.add_error("new_password" if exc.field == "password" else None, exc.message)
            else:
                logout(request)
                _sign_in(request, user)
                messages.success(request, _("Your account is active. Welcome."))
                # The code just used is the fresh proof a second factor's enrolment needs.
                grant_enrolment_proof(request)
                if form.cleaned_data["second_factor"] or twofactor.required(user):
                    return redirect("core:second_factor")
                return redirect("core:desk")
        if holder is None:
            try:
                holder = services.activation_lookup(code=form.data.get("code", ""), ip=ip)
            except DomainError as exc:
                code_form = ActivationCodeForm()
                code_form.add_error(None, exc.message)
                return render(request, "core/activate.html", {"code_form": code_form})
        return render(
            request,
            "core/activate.html",
            {"form": form, "holder": describe(holder), "username": holder.username},
            status=400,
        )
    code_form = ActivationCodeForm(
        request.POST or None, initial={"code": request.GET.get("code", "")}
    )
    if request.method == "POST" and code_form.is_valid():
        try:
            holder = services.activation_lookup(code=code_form.cleaned_data["code"], ip=ip)
        except DomainError as exc:
            code_form.add_error("code" if exc.field == "code" else None, exc.message)
            return render(
                request,
                "core/activate.html",
                {"code_form": code_form},
                status=exc.status if exc.status == 429 else 200,
            )
        form = ActivationForm(initial={"code": code_form.cleaned_data["code"]})
        return render(
            request,
            "core/activate.html",
            {"form": form, "holder": describe(holder), "username": holder.username},
        )
    return render(request, "core/activate.html", {"code_form": code_form})


RESET_LOGIN = "password_reset_login"


@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a code by SMS to the phone on file; the answer never says whether the account
    exists."""
    from .forms import ForgotPasswordForm

    form = ForgotPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(login=form.cleaned_data["login"], ip=client_ip(request))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status if exc.status == 429 else 400
        else:
            request.session[RESET_LOGIN] = form.cleaned_data["login"].strip()
            return redirect("core:password_reset")
    return render(request, "core/password_forgot.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    from .forms import ResetCodeForm

    login_name = request.session.get(RESET_LOGIN)
    if not login_name:
        return redirect("core:password_forgot")
    form = ResetCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(
                login=login_name,
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = exc.status if exc.status == 429 else 400
        else:
            request.session.pop(RESET_LOGIN, None)
            messages.success(request, _("Your new password is set. Sign in with it."))
            return redirect("core:login")
    return render(
        request, "core/password_reset.html", {"form": form, "login": login_name}, status=status
    )


def _language_form(user: User) -> Any:
    from .forms import LanguagePreferenceForm

    return LanguagePreferenceForm(initial={"language": user.language})
