"""Documents a clerk signs off: the statistics as xlsx, and the handling report to the
Standing Committee before the next session (R16, Art 26) as .docx."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import clock, spreadsheets
from lvzhi.core.documents import OfficialDocument, cn_date
from lvzhi.core.http import xml_text

from .statistics import Row, totals


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


COLUMNS = spreadsheets.Columns[Row](
    (gettext_lazy("Group"), lambda r: r.label),
    (gettext_lazy("Assigned"), lambda r: r.assigned),
    (gettext_lazy("Replied"), lambda r: r.replied),
    (gettext_lazy("On time"), lambda r: r.on_time),
    (gettext_lazy("On-time rate"), lambda r: _pct(r.on_time_rate)),
    (gettext_lazy("Class A"), lambda r: r.class_a),
    (gettext_lazy("Completion rate"), lambda r: _pct(r.completion_rate)),
    (gettext_lazy("Evaluated"), lambda r: r.evaluated),
    (gettext_lazy("Satisfied"), lambda r: r.satisfied),
    (gettext_lazy("Satisfaction rate"), lambda r: _pct(r.satisfaction_rate)),
)
columns = COLUMNS.header
values = COLUMNS.row


def statistics_xlsx(rows: list[Row], filters: list[str] | None = None) -> bytes:
    """The statistics through the shared writer: counts as numbers, rates as percentages."""
    with translation.override("zh-hans"):
        body = []
        for r in [*rows, totals(rows)]:
            line = values(r)
            for i in (4, 6, 9):  # the three rates, as numbers formatted as %
                line[i] = spreadsheets.percent(getattr(r, RATE_FIELDS[i]))
            body.append(line)
        sheet = spreadsheets.Sheet(str(_("Statistics")), columns(), body, filters=filters or [])
        return spreadsheets.xlsx_bytes([sheet])


RATE_FIELDS = {4: "on_time_rate", 6: "completion_rate", 9: "satisfaction_rate"}


def _key_items(doc: OfficialDocument, key_items: list[Any]) -> None:
    if not key_items:
        doc.paragraph(_("None this period."))
    doc.items(
        xml_text(f"{s.number or ''} {s.title}（{s.get_status_display()}）") for s in key_items
    )


def handling_report_docx(
    *,
    congress_name: str,
    year: int | None,
    by_unit: list[Row],
    by_category: list[Row],
    key_items: list[Any],
    organ: str = "",
) -> bytes:
    """R16 (Art 26): the report on the handling of deputies' suggestions — a working report
    of the deputy-affairs body to the Standing Committee, so no red masthead."""
    with translation.override("zh-hans"):
        organ = organ or str(_("Deputy-affairs body of the Standing Committee"))
        doc = OfficialDocument(organ=organ)
        doc.title(
            _("Report on the handling of deputies' suggestions of %(congress)s")
            % {"congress": xml_text(congress_name)}
        )
        t = totals(by_unit)
        scope = (_("in %(year)s") % {"year": year}) if year else _("in this term")
        doc.paragraph(
            _(
                "%(scope)s, %(assigned)d suggestions were assigned to handling units; "
                "%(replied)d have been answered, %(on_time)s of them on time. "
                "%(a)d replies (completion rate %(completion)s) solved or adopted what the "
                "deputies asked; the deputies were satisfied or basically satisfied with "
                "%(satisfaction)s of the replies they evaluated."
            )
            % {
                "scope": scope,
                "assigned": t.assigned,
                "replied": t.replied,
                "on_time": _pct(t.on_time_rate),
                "a": t.class_a,
                "completion": _pct(t.completion_rate),
                "satisfaction": _pct(t.satisfaction_rate),
            }
        )
        for heading, rows in ((_("By handling unit"), by_unit), (_("By category"), by_category)):
            doc.heading(1, heading)
            doc.table([values(r) for r in [*rows, totals(rows)]], columns())
        doc.heading(1, _("Key supervised suggestions (R17)"))
        _key_items(doc, key_items)
        doc.signature(clock.today())
        return doc.to_bytes()


def annual_circular_docx(
    *,
    congress_name: str,
    year: int,
    by_unit: list[Row],
    key_items: list[Any],
    overdue_items: list[Any],
    organ: str = "",
) -> bytes:
    """R17 (Art 27): the annual circular on the handling of suggestions — key supervised
    items, the units ranked by their rates, and what is overdue. The Standing Committee's
    office issues it: red masthead."""
    with translation.override("zh-hans"):
        organ = organ or str(_("Deputy-affairs body of the Standing Committee"))
        doc = OfficialDocument(organ=organ, masthead=True)
        doc.title(
            _("Circular on the handling of deputies' suggestions in %(year)s") % {"year": year},
            subtitle=xml_text(congress_name),
        )
        doc.heading(1, _("Key supervised suggestions (R17)"))
        _key_items(doc, key_items)
        doc.heading(1, _("Handling units ranked by satisfaction"))
        ranked = sorted(by_unit, key=lambda r: (-(r.satisfaction_rate or 0), -r.replied))
        doc.table([values(r) for r in ranked], columns())
        doc.heading(1, _("Overdue suggestions"))
        if not overdue_items:
            doc.paragraph(_("None this period."))
        doc.items(
            _("%(number)s %(title)s — due on %(due)s")
            % {"number": s.number or "", "title": xml_text(s.title), "due": cn_date(s.due_on)}
            for s in overdue_items
        )
        doc.signature(clock.today())
        return doc.to_bytes()


def document_for(user: Any, fmt: str, year: int | None) -> tuple[bytes, str]:
    """The R16 handling report ("docx") or the R17 annual circular ("circular") of the staff
    member's congress, as the statistics page offers them (and ``core.pdf`` converts)."""
    from lvzhi.core.errors import NotFound

    from . import policies, selectors
    from . import statistics as stats

    if not selectors.roles(user) & policies.STAFF_ROLES or fmt not in ("docx", "circular"):
        raise NotFound(_("No such document."))
    base = selectors.queue(user, selectors.QueueFilters(status=""))
    if fmt == "docx":
        data = handling_report_docx(
            congress_name=selectors.congress_body_of(user),
            year=year,
            by_unit=stats.compute(base, "unit", year),
            by_category=stats.compute(base, "category", year),
            key_items=selectors.key_supervised(base),
            organ=selectors.document_organ(user, "deputy_affairs"),
        )
        return data, "suggestion-handling-report.docx"
    the_year = year or clock.today().year
    data = annual_circular_docx(
        congress_name=selectors.congress_body_of(user),
        year=the_year,
        by_unit=stats.compute(base, "unit", the_year),
        key_items=selectors.key_supervised(base, the_year),
        overdue_items=selectors.overdue(base),
        organ=selectors.document_organ(user, "office"),
    )
    return data, "suggestion-circular.docx"


def _pdf_maker(fmt: str) -> Any:
    def make(user: Any, params: dict[str, Any]) -> tuple[bytes, str]:
        from lvzhi.core.http import int_or_none

        year = int_or_none(params.get("year"))
        year = year if year is not None and 2000 <= year <= 2100 else None
        return document_for(user, fmt, year)

    return make


def register_pdfs() -> None:
    """R16 and R17 documents as PDF (``core.pdf``)."""
    from lvzhi.core.pdf import register

    register(
        "suggestions.report",
        gettext_lazy("Report on the handling of deputies' suggestions to the Standing Committee"),
        _pdf_maker("docx"),
    )
    register(
        "suggestions.circular",
        gettext_lazy("Annual circular on the handling of suggestions"),
        _pdf_maker("circular"),
    )
