"""Public portal pages (no account, no JavaScript needed, cached for anonymous visitors) and
the office's news editor."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core import prebuilt
from lvzhi.core.errors import DomainError, NotFound
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user
from lvzhi.core.pagination import CappedPaginator
from lvzhi.core.text import one_line
from lvzhi.registry import selectors as registry_selectors

from . import files, policies, rules, selectors, services
from .cache import public_page
from .forms import DirectoryForm, NewsForm
from .models import News

T = TypeVar("T")


def _public(get: Callable[[int], T], pk: int) -> T:
    """What ``get(pk)`` shows the public, or 404."""
    try:
        return get(pk)
    except NotFound:
        raise Http404 from None


def _text(request: HttpRequest, name: str, limit: int = 64) -> str:
    return one_line(request.GET.get(name, ""), limit)


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """The site's address: the public portal for a visitor (Art 84, not a sign-in form), the
    desk for a signed-in user. Never cached: the answer depends on the session."""
    user = getattr(request, "user", None)
    target = "core:desk" if user is not None and user.is_authenticated else "portal:home"
    response = redirect(target)
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "news": list(selectors.published_news()[: rules.HOME_NEWS]),
            "suggestions": selectors.latest_suggestions(),
            "townships": selectors.townships(),
        },
    )


@require_GET
@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    export = request.GET.get("format", "")
    if export in ("csv", "xlsx"):
        return _news_export(request, export)
    page = CappedPaginator(selectors.published_news(), rules.NEWS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/news_list.html", {"page": page, "query": ""})


def _news_export(request: HttpRequest, export: str) -> HttpResponse:
    """Published news as CSV or xlsx: date, title, summary and the page's address."""
    from lvzhi.core.http import csv_response, xlsx_response

    header = [_("Publication date"), _("Title"), _("Short summary"), _("Web page")]

    def rows() -> Iterator[list[str]]:
        for n in selectors.published_news().iterator(chunk_size=500):
            url = request.build_absolute_uri(reverse("portal:news_detail", args=[n.pk]))
            yield [n.published_on.isoformat() if n.published_on else "", n.title, n.summary, url]

    if export == "csv":
        return csv_response("新闻宣传.csv", header, rows())
    return xlsx_response("新闻宣传.xlsx", header, rows(), title=_("News and publicity"))


@require_GET
@public_page
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _public(selectors.public_news, pk)
    return render(request, "portal/news_detail.html", {"item": item})


@require_GET
@public_page
def deputies(request: HttpRequest) -> HttpResponseBase:
    form = DirectoryForm(
        request.GET,
        selectors.level_choices(),
        selectors.county_choices(),
        selectors.delegation_choices(),
    )
    filters = registry_selectors.PublicFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = registry_selectors.PublicFilters(
            q=data["q"] or "",
            level=data["level"] or "",
            division=data["division"] or "",
            delegation=data["delegation"],
        )
    export = request.GET.get("format", "")
    if export == "csv" and form.is_valid():
        return _directory_export(selectors.directory(filters), export)
    if export == "xlsx" and form.is_valid():
        # issue 22.7: the whole directory is a stored workbook; a search within the bound is
        # written now; a larger one is offered as CSV (core.publicfiles)
        rows = selectors.directory(filters)
        return files.DIRECTORY.response(
            request,
            filtered=filters != registry_selectors.PublicFilters(),
            rows=rows,
            inline=lambda: _directory_export(rows, export),
        )
    page = CappedPaginator(selectors.directory(filters), rules.DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("page", None)
    return render(
        request,
        "portal/deputies.html",
        {"form": form, "page": page, "query": params.urlencode()},
        status=200 if form.is_valid() else 400,
    )


def _directory_export(qs: Any, export: str) -> HttpResponse:
    """The public directory as CSV or xlsx: the same public fields as the page."""
    from lvzhi.core.http import csv_response, xlsx_response

    header, name = files.directory_header(), "deputies"
    if export == "csv":
        return csv_response(f"{name}.csv", header, files.directory_rows(qs))
    return xlsx_response(
        f"{name}.xlsx", header, files.directory_rows(qs), title=_("Directory of deputies")
    )


@require_GET
@public_page
def deputy(request: HttpRequest, pk: int) -> HttpResponse:
    d = _public(registry_selectors.public_deputy, pk)
    return render(request, "portal/deputy.html", {"d": d, "summary": selectors.duty_summary(d.pk)})


@require_GET
@public_page
def find(request: HttpRequest) -> HttpResponse:
    code = _text(request, "township", 12)
    context: dict[str, object] = {"townships": selectors.townships(), "code": code}
    status = 200
    if code:
        try:
            context["result"] = selectors.my_deputies(code)
        except DomainError as exc:
            context["error"] = exc.message
            status = 400
    return render(request, "portal/find.html", context, status=status)


@require_GET
def sitemap(request: HttpRequest) -> HttpResponseBase:
    """Served from the stored file of the current data (issue 26.4, ``core.prebuilt``): one
    per site address, rebuilt in the background after a change."""
    base = request.build_absolute_uri("/")[:-1]
    name = "sitemap-" + hashlib.sha256(base.encode()).hexdigest()[:12]
    return prebuilt.response(
        prebuilt.Document(
            name=name,
            builder="lvzhi.portal.views.sitemap_bytes",
            content_type="application/xml; charset=utf-8",
            suffix=".xml",
            args=(base,),
        ),
        request,
    )


def sitemap_bytes(base: str) -> bytes:
    """The sitemap's content: every public page's address under ``base``."""
    return render_to_string(
        "portal/sitemap.xml", {"items": selectors.sitemap_items(), "base": base}
    ).encode()


@require_GET
@public_page
def robots(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /portal/",
        "Disallow: /api/tokens/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# ---- the office's news editor -----------------------------------------------------------------


def _editor(request: HttpRequest) -> None:
    if not policies.can_edit_news(request.user):
        raise PermissionDenied


@login_required
def editor(request: HttpRequest) -> HttpResponse:
    _editor(request)
    q = _text(request, "q")
    page = CappedPaginator(selectors.news_for_editor(q), rules.NEWS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/editor.html",
        {"page": page, "q": q, "query": f"q={q}" if q else ""},
    )


@login_required
def news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _editor(request)
    item = News.objects.filter(pk=pk).first() if pk else None
    if pk and item is None:
        raise Http404
    if request.method == "POST":
        form = NewsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.news_save(actor=acting_user(request), news=item, **data)
            except DomainError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("The news item has been saved."))
                return redirect("portal:news_edit", pk=saved.pk)
        status = 400
    else:
        form = NewsForm.of(item) if item else NewsForm()
        status = 200
    return render(request, "portal/news_form.html", {"form": form, "item": item}, status=status)


@login_required
@require_POST
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.news_delete(actor=acting_user(request), news_id=pk)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The news item has been deleted."))
    return redirect("portal:editor")


# ---- the deputy's workspace as an installable web app -----------------------------------------

ICON_SIZES = (192, 512)


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    import json

    data = {
        "name": _("Lvzhi: deputies' duty platform"),
        "short_name": _("Lvzhi"),
        "description": _("The deputy's workspace of the Ili Prefecture People's Congress"),
        "lang": "zh-Hans",
        "start_url": reverse("core:desk"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#b71c1c",
        "icons": [
            {"src": reverse("portal:icon_svg"), "sizes": "any", "type": "image/svg+xml"},
            *(
                {
                    "src": reverse("portal:icon_png", args=[n]),
                    "sizes": f"{n}x{n}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for n in ICON_SIZES
            ),
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def icon_svg(request: HttpRequest) -> HttpResponse:
    from .icons import SVG

    response = HttpResponse(SVG, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_GET
def icon_png(request: HttpRequest, size: int) -> HttpResponse:
    from .icons import png

    if size not in ICON_SIZES:
        raise Http404
    response = HttpResponse(png(size), content_type="image/png")
    response["Cache-Control"] = "public, max-age=604800"
    return response


# ---- the service worker: the app shell kept on the phone, an offline page -------------------

SERVICE_WORKER = Path(__file__).parent / "static" / "portal" / "sw.js"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script (a static file of this app), served under /portal/ with the header
    that lets it control the whole site, so the desk at /desk/ works offline too."""
    response = HttpResponse(
        SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # a new version is picked up at the next visit
    return response


@require_GET
def app_shell(request: HttpRequest) -> HttpResponse:
    """What the worker keeps on install: the offline page and what it and the desk load."""
    from django.templatetags.static import static

    urls = [
        reverse("portal:offline"),
        static("lvzhi/app.css"),
        static("portal/desk.css"),
        static("lvzhi/app.js"),
        static("django_htmx/htmx-2.min.js"),
        static("portal/install.js"),
        reverse("portal:icon_svg"),
        *(reverse("portal:icon_png", args=[n]) for n in ICON_SIZES),
    ]
    response = JsonResponse(urls, safe=False)
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows when the phone has no connection: the same for everyone (it
    is stored on the phone), with no personal data and no script."""
    response = render(request, "portal/offline.html")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """R55 (Art 92): anyone (the deputy's employer) checks a certificate's code. Shows only the
    certificate's number, the deputy's name, the period and the issuing office. Never cached;
    at most ``CERTIFICATE_VERIFY_LIMIT`` look-ups per address and window (429 beyond)."""
    from lvzhi.core.middleware import client_ip
    from lvzhi.records import rules as records_rules
    from lvzhi.records import selectors as records_selectors

    code = _text(request, "code", 32)
    context: dict[str, object] = {"code": code}
    status = 200
    if code:
        if not services.verify_allowed(client_ip(request) or "unknown"):
            context["error"] = _("Too many checks from your address; please wait ten minutes.")
            status = 429
        else:
            c = records_selectors.verify_certificate(code)
            if c is None:
                context["error"] = _(
                    "No certificate has this code. Check the code on the paper "
                    "(letters and digits, without 0, O, 1, I or L)."
                )
                status = 404
            else:
                assert c.year is not None and c.number is not None
                context["certificate"] = {
                    "number": records_rules.certificate_number(c.year, c.number),
                    "deputy": c.membership.deputy.name,
                    "period_start": c.period_start,
                    "period_end": c.period_end,
                    "organ": c.organ,
                }
    response = render(request, "portal/verify.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response
