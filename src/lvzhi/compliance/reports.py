"""Reports of chapter 4 that cover all members or all committees of a congress, as .docx:
Art 68 (R34) the members' contacts with their linked deputies at year-end, and Art 73 (R37)
the special committees' written report of their contacts with deputies. The report of one
member or one committee stays in ``contacts.reports``; the suggestion reports of Art 26 and
27 stay in ``suggestions.reports`` (the reports page links them)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lvzhi.contacts import rules as contacts_rules
from lvzhi.contacts import selectors as contacts_selectors
from lvzhi.core import clock
from lvzhi.registry.models import Congress, OrgKind


def _document(title: str, subtitle: str) -> Any:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    doc.add_paragraph(subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)


def _finish(doc: Any) -> bytes:
    doc.add_paragraph()
    sign = doc.add_paragraph(_("Deputy-affairs body of the Standing Committee"))
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(clock.today().strftime("%Y-%m-%d")).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def members_report_docx(congress: Congress, year: int) -> bytes:
    """R34 (Art 68): every Standing Committee member's linked deputies and contacts in the
    year, with the deputies contacted fewer than twice named."""
    with translation.override("zh-hans"):
        doc = _document(
            _("Standing Committee members' contacts with deputies in %(year)s") % {"year": year},
            congress.name,
        )
        members = [
            row
            for org in contacts_selectors.obligations_of_division(congress.division_id, year)
            for row in org.rows
            if row.holder.kind == "sc_member" and row.member is not None
        ]
        behind = [r for r in members if r.member.flagged]
        doc.add_paragraph(
            _(
                "%(n)s members are linked to %(links)s deputies and logged %(contacts)s "
                "contacts; %(behind)s members have a linked deputy contacted fewer than "
                "%(min)s times."
            )
            % {
                "n": len(members),
                "links": sum(r.member.link_count for r in members),
                "contacts": sum(r.member.contacts for r in members),
                "behind": len(behind),
                "min": contacts_rules.MEMBER_CONTACTS_PER_DEPUTY,
            }
        )
        doc.add_heading(_("Contacts per member (Art 67-68)"), level=2)
        _table(
            doc,
            [
                _("Member"),
                _("Linked deputies"),
                _("Contacts"),
                _("Deputies contacted fewer than twice"),
            ],
            [
                [
                    r.holder.name,
                    r.member.link_count,
                    r.member.contacts,
                    "、".join(f"{d.deputy.name}（{d.contacts}）" for d in r.member.behind) or "—",
                ]
                for r in members
            ],
        )
        return _finish(doc)


def committees_report_docx(congress: Congress, year: int) -> bytes:
    """R37 (Art 73): the special committees' contacts with deputies in the year — the
    professional group, its activities and the committee's written report."""
    with translation.override("zh-hans"):
        doc = _document(
            _("Special committees' contacts with deputies in %(year)s") % {"year": year},
            congress.name,
        )
        orgs = [
            o
            for o in contacts_selectors.obligations_of_division(congress.division_id, year)
            if o.organisation.kind == OrgKind.SPECIAL_COMMITTEE
        ]
        activities = contacts_selectors.activities_of([o.organisation for o in orgs], year)
        if not orgs:
            doc.add_paragraph(_("No special committee is registered."))
        for o in orgs:
            doc.add_heading(o.organisation.name, level=2)
            for ob in o.items:
                mark = (
                    _("done")
                    if ob.state == "done"
                    else _("open")
                    if ob.state == "open"
                    else _("missing")
                )
                line = f"{ob.rule}（{ob.article}）{ob.text}：{mark}"
                if ob.detail:
                    line += f"；{ob.detail}"
                doc.add_paragraph(line, style="List Bullet")
            held = activities.get(o.organisation.pk, [])
            if held:
                _table(
                    doc,
                    [_("Held on"), _("Activity"), _("Deputies")],
                    [[a.held_on.isoformat(), a.title, getattr(a, "n", 0)] for a in held],
                )
            else:
                doc.add_paragraph(_("No activity with deputies was recorded this year."))
        return _finish(doc)
