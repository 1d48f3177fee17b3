"""The year-end report of a member's contacts with the linked deputies (R34, Art 68: the
member reports on the year's duty and on the contacts with the deputies), as .docx."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lvzhi.core import clock

from . import rules
from .selectors import MemberYear


def member_report_docx(
    m: MemberYear, contacts: list[Any], opinions: list[Any], activities: list[Any] | None = None
) -> bytes:
    """R34 for a member; R37 (Art 73) for a special committee, whose head's report adds the
    professional group's activities (Art 72)."""
    with translation.override("zh-hans"):
        doc = Document()
        doc.styles["Normal"].font.size = Pt(12)
        title = doc.add_heading(
            _("%(name)s: contacts with the linked deputies in %(year)s")
            % {"name": m.holder.name, "year": m.year},
            level=1,
        )
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        unit = m.holder.electoral_unit.name if m.holder.electoral_unit else "—"
        doc.add_paragraph(
            _(
                "Organisation: %(org)s. Original electoral unit: %(unit)s. Linked deputies: "
                "%(n)s. Contacts in the year: %(contacts)s."
            )
            % {
                "org": m.holder.organisation.name,
                "unit": unit,
                "n": m.link_count,
                "contacts": m.contacts,
            }
        )
        doc.add_heading(_("Contacts per linked deputy (Art 68)"), level=2)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("Deputy"), _("Linked on"), _("Contacts"), _("At least two a year")],
            strict=True,
        ):
            cell.text = text
        for r in m.rows:
            cells = table.add_row().cells
            cells[0].text = r.deputy.name
            cells[1].text = r.link.linked_on.isoformat()
            cells[2].text = str(r.contacts)
            cells[3].text = _("yes") if r.ok else _("no")
        doc.add_paragraph(
            _(
                "Rules: %(links)s linked deputies for a member (Art 67), %(min)s-%(max)s for a "
                "committee's group (Art 72), at least %(contacts)s contacts a year (Art 68)."
            )
            % {
                "links": rules.MEMBER_LINKS,
                "min": rules.COMMITTEE_GROUP_MIN,
                "max": rules.COMMITTEE_GROUP_MAX,
                "contacts": rules.MEMBER_CONTACTS_PER_DEPUTY,
            }
        )
        if activities is not None:
            doc.add_heading(_("Activities of the professional deputy group (Art 72)"), level=2)
            if not activities:
                doc.add_paragraph(_("No group activity was held this year."))
            for a in sorted(activities, key=lambda a: (a.held_on, a.pk)):
                names = "、".join(d.name for d in a.participants.all())
                doc.add_paragraph(
                    f"{a.held_on.isoformat()} · {a.title} · {names}", style="List Bullet"
                )
        doc.add_heading(_("Contacts"), level=2)
        if not contacts:
            doc.add_paragraph(_("No contact was logged this year."))
        for c in sorted(contacts, key=lambda c: (c.on, c.pk)):
            doc.add_paragraph(
                f"{c.on.isoformat()} · {c.deputy.name} · {c.get_method_display()}"
                + (f" · {c.note}" if c.note else ""),
                style="List Bullet",
            )
        doc.add_heading(_("Opinions of the deputies and how they were handled (Art 69)"), level=2)
        if not opinions:
            doc.add_paragraph(_("No opinion was raised this year."))
        for o in opinions:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{o.raised_on.isoformat()} · {o.deputy.name}：{o.text}")
            p.add_run(f"（{o.get_status_display()}）")
            if o.answer:
                p.add_run("\n" + _("Answer") + "：" + o.answer)
        doc.add_paragraph(
            _("Generated on %(day)s by the deputy duty platform.")
            % {"day": clock.today().isoformat()}
        )
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
