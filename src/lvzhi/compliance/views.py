"""Thin pages: the compliance table and its drill-down, the dashboards, the reports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lvzhi.core import clock, filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.http import acting_user, docx_download, int_or_none, xlsx_response
from lvzhi.registry import selectors as registry_selectors

from . import dashboards, files, periods, policies, reports, rules, selectors


def _setup(request: HttpRequest) -> tuple[Any, Any, periods.Period]:
    user = acting_user(request)
    if not policies.can_view(user):
        raise Http404
    try:
        congress = selectors.get_congress(user, int_or_none(request.GET.get("congress")))
    except NotFound:
        raise Http404 from None
    period = periods.parse(
        int_or_none(request.GET.get("year")), request.GET.get("part", "Y"), clock.today()
    )
    return user, congress, period


def _choices(user: Any, congress: Any, period: periods.Period) -> dict[str, Any]:
    today = clock.today()
    return {
        "congress": congress,
        "congresses": registry_selectors.congress_choices(selectors.congresses_for(user), congress),
        "period": period,
        "years": list(range(today.year, today.year - 5, -1)),
        "parts": [(p, periods.Period(period.year, p).label) for p in periods.PARTS],
        "query": f"congress={congress.pk}&year={period.year}&part={period.part}",
    }


@login_required
@require_GET
def table(request: HttpRequest) -> HttpResponse:
    user, congress, period = _setup(request)
    computed = selectors.table_computed(congress, period, page=True)
    rows: list[selectors.Row] = computed.value
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "合规视图.xlsx",
            [
                _("Rule"),
                _("Article"),
                _("Requirement"),
                _("Counted"),
                _("Figure"),
                _("Behind"),
                _("Still open"),
                _("Status"),
                _("Note"),
            ],
            (
                [
                    r.rule.id,
                    str(r.rule.article),
                    str(r.rule.title) + "（" + r.threshold + "）",
                    str(r.period_label),
                    r.outcome.figure,
                    r.outcome.behind,
                    r.outcome.open,
                    str(r.status_label),
                    r.outcome.note,
                ]
                for r in rows
            ),
            title=_("Compliance"),
        )
    return render(
        request,
        "compliance/table.html",
        {
            **_choices(user, congress, period),
            "rows": rows,
            "as_of": computed.at,
            "updating": not computed.current,
            "summary": selectors.summary(rows),
            "margin": round(rules.amber_margin() * 100),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, key: str) -> HttpResponse:
    user, congress, period = _setup(request)
    try:
        row = selectors.row(congress, period, key)
    except NotFound:
        raise Http404 from None
    state = request.GET.get("state", "")
    items = files.items(row, state)
    if request.GET.get("format") in files.EXPORT_FORMATS:
        if files.is_large(items):  # issue 22.7: a background file, with a progress bar
            params = {"congress": congress.pk, "year": period.year, "part": period.part}
            job = filejobs.request_file(
                actor=user,
                kind=files.DETAIL_KIND,
                params={**params, "key": row.rule.key, "state": state, "fmt": "xlsx"},
            )
            return redirect("core:file_job", pk=job.pk)
        return xlsx_response(
            f"{files.filename(row)}.xlsx", files.header(), files.lines(items), title=row.rule.id
        )
    return render(
        request,
        "compliance/detail.html",
        {
            **_choices(user, congress, period),
            "row": row,
            "items": items[: rules.DRILL_PAGE_ITEMS],
            "more": max(0, len(items) - rules.DRILL_PAGE_ITEMS),
            "state": state,
        },
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user, congress, period = _setup(request)
    export = request.GET.get("export", "")
    if export in dashboards.BLOCKS:
        block = dashboards.build(user, congress, period.year, export)[export]
        return xlsx_response(
            f"合规看板-{export}.xlsx",
            [str(h) for h in block["header"]],
            block["rows"],
            title=str(dashboards.TITLES[export])[:30],
        )
    computed = dashboards.build_computed(user, congress, period.year, page=True)
    blocks = {k: c.value for k, c in computed.items()}
    return render(
        request,
        "compliance/dashboard.html",
        {
            **_choices(user, congress, period),
            "as_of": min(c.at for c in computed.values()),
            "updating": not all(c.current for c in computed.values()),
            # Each cell with its column's name, for the phone's cards (issue 22: "1 1 1 0").
            "blocks": [
                (
                    k,
                    dashboards.TITLES[k],
                    {**b, "cells": [list(zip(b["header"], r, strict=True)) for r in b["rows"]]},
                )
                for k, b in blocks.items()
            ],
        },
    )


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user, congress, period = _setup(request)
    from lvzhi.core.pdf import converter

    context = _choices(user, congress, period)
    context["pdf"] = converter() is not None
    context["pdf_year"] = {"year": period.year}
    context["pdf_congress_year"] = {"congress": congress.pk, "year": period.year}
    return render(request, "compliance/reports.html", context)


@login_required
@require_GET
def report(request: HttpRequest, kind: str) -> HttpResponse:
    _user, congress, period = _setup(request)
    if kind not in reports.REPORTS:
        raise Http404
    build, _name = reports.REPORTS[kind]
    return docx_download(build(congress, period.year), f"{kind}-{period.year}.docx")
