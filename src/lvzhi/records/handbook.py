"""The duty handbook (履职手册, R47, Art 95) as a clerk expects it: a cover page (name, term,
electoral unit, year), one section per kind of duty with its count and items, the entries the
deputy added, and the signature and seal lines. PDF by converting the .docx with LibreOffice
when it is installed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lvzhi.core import clock, pdf
from lvzhi.core.documents import OfficialDocument, cn_date
from lvzhi.core.i18n import speaking_to

from .models import EntryStatus
from .selectors import Archive

ITEMS_PER_SECTION = 200  # the handbook lists at most this many items of a kind, then "and N more"


def handbook_docx(a: Archive, organ: str = "") -> bytes:
    """The handbook in the official layout (core.documents); the cover names the congress,
    the year and the deputy; no masthead (the deputy's own record, not an issued document)."""
    seat = a.seat
    # In the deputy's own language (issue 24, core.i18n); Chinese unless they chose another.
    with speaking_to(seat.deputy.user):
        doc = OfficialDocument(organ=organ or seat.electoral_unit.name)
        # Cover
        for _i in range(3):
            doc.paragraph()
        doc.paragraph(str(seat.term.congress), align="center")
        doc.title(_("Deputy's duty handbook"), subtitle=_("Year %(year)d") % {"year": a.year})
        doc.table(
            [
                [_("Name"), seat.deputy.name],
                [_("Term"), str(seat.term)],
                [_("Electoral unit"), seat.electoral_unit.name],
                [_("Delegation"), seat.delegation.name if seat.delegation else "—"],
                [_("Year"), str(a.year)],
            ],
            [_("Cover item"), _("Cover entry")],
        )
        doc.page_break()

        # Summary table: every kind with its count (or "not yet recorded").
        doc.heading(1, _("Summary of duties"))
        doc.table(
            [[s.label, str(s.count) if s.recorded else _("Not yet recorded")] for s in a.sections],
            [_("Kind of duty"), _("Count")],
        )

        # One section per kind.
        doc.heading(1, _("Duties by kind"))
        for s in a.sections:
            doc.heading(2, str(s.label))
            if not s.recorded:
                doc.paragraph(_("Not yet recorded"))
                continue
            doc.paragraph(_("Count: %(n)d") % {"n": s.count})
            doc.items(
                f"{cn_date(item.on) if item.on else ''} {item.title}"
                f"{f'（{item.detail}）' if item.detail else ''}".strip()
                for item in s.items[:ITEMS_PER_SECTION]
            )
            if len(s.items) > ITEMS_PER_SECTION:
                doc.paragraph(_("and %(n)d more") % {"n": len(s.items) - ITEMS_PER_SECTION})

        doc.heading(1, _("Entries added by the deputy"))
        if not a.entries:
            doc.paragraph(_("None."))
        else:
            rows = []
            for e in a.entries:
                status = e.get_status_display()
                if e.status == EntryStatus.RETURNED:
                    status = f"{status}：{e.return_reason}"
                rows.append([cn_date(e.on), e.get_kind_display(), e.title, status])
            doc.table(rows, [_("Date"), _("Kind"), _("Title"), _("Status")])

        doc.heading(1, _("Signatures"))
        for line in (
            _("Deputy (signature): ____________________    Date: ____________"),
            _("Electoral unit (seal): ____________________    Date: ____________"),
            _("Deputy-affairs body (seal): ____________________    Date: ____________"),
        ):
            doc.paragraph(str(line), indent=False)
        doc.paragraph(
            _("Compiled by the platform on %(date)s.") % {"date": cn_date(clock.today())},
            align="right",
        )
        return doc.to_bytes()


def converter() -> str | None:
    """LibreOffice's command line, if installed (the PDF itself is made by ``core.pdf``)."""
    return pdf.converter()
