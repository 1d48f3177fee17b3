"""Reports of chapter 4 that cover all members or all committees of a congress, as .docx:
Art 68 (R34) the members' contacts with their linked deputies at year-end, and Art 73 (R37)
the special committees' written report of their contacts with deputies. The report of one
member or one committee stays in ``contacts.reports``; the suggestion reports of Art 26 and
27 stay in ``suggestions.reports`` (the reports page links them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.contacts import rules as contacts_rules
from lvzhi.contacts import selectors as contacts_selectors
from lvzhi.core import clock
from lvzhi.core.documents import OfficialDocument, cn_date
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, OrgKind


def _report(
    congress: Congress, title: Callable[[], str], write: Callable[[OfficialDocument], None]
) -> bytes:
    """A working report of the deputy-affairs body in Chinese: the official layout, no
    masthead; ``title()`` over the congress's name, the body ``write(doc)`` adds, signed
    today."""
    with translation.override("zh-hans"):
        doc = OfficialDocument(organ=registry_selectors.organ_name(congress.pk))
        doc.title(title(), subtitle=congress.name)
        write(doc)
        return _finish(doc)


def _table(doc: OfficialDocument, header: list[str], rows: list[list[Any]]) -> None:
    doc.table(rows, header)


def _finish(doc: OfficialDocument) -> bytes:
    doc.signature(clock.today())
    return doc.to_bytes()


def members_report_docx(congress: Congress, year: int) -> bytes:
    """R34 (Art 68): every Standing Committee member's linked deputies and contacts in the
    year, with the deputies contacted fewer than twice named."""

    def write(doc: OfficialDocument) -> None:
        members = [
            row
            for org in contacts_selectors.obligations_of_division(congress.division_id, year)
            for row in org.rows
            if row.holder.kind == "sc_member" and row.member is not None
        ]
        behind = [r for r in members if r.member.flagged]
        doc.paragraph(
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
        doc.heading(1, _("Contacts per member (Art 67-68)"))
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

    return _report(
        congress,
        lambda: (
            _("Standing Committee members' contacts with deputies in %(year)s") % {"year": year}
        ),
        write,
    )


def committees_report_docx(congress: Congress, year: int) -> bytes:
    """R37 (Art 73): the special committees' contacts with deputies in the year — the
    professional group, its activities and the committee's written report."""

    def write(doc: OfficialDocument) -> None:
        orgs = [
            o
            for o in contacts_selectors.obligations_of_division(congress.division_id, year)
            if o.organisation.kind == OrgKind.SPECIAL_COMMITTEE
        ]
        activities = contacts_selectors.activities_of([o.organisation for o in orgs], year)
        if not orgs:
            doc.paragraph(_("No special committee is registered."))
        for o in orgs:
            doc.heading(1, o.organisation.name, numbered=False)
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
                doc.paragraph(line)
            held = activities.get(o.organisation.pk, [])
            if held:
                _table(
                    doc,
                    [_("Held on"), _("Activity"), _("Deputies")],
                    [[cn_date(a.held_on), a.title, getattr(a, "n", 0)] for a in held],
                )
            else:
                doc.paragraph(_("No activity with deputies was recorded this year."))

    return _report(
        congress,
        lambda: _("Special committees' contacts with deputies in %(year)s") % {"year": year},
        write,
    )


# The reports by kind, as the reports page links them: what writes the .docx, and the name of
# its PDF (``core.pdf``).
REPORTS: dict[str, tuple[Callable[[Congress, int], bytes], Any]] = {
    "members": (
        members_report_docx,
        gettext_lazy("Standing Committee members' year-end report on their contacts with deputies"),
    ),
    "committees": (
        committees_report_docx,
        gettext_lazy("Special committees' written report on their contacts with deputies"),
    ),
}


def _pdf_maker(kind: str) -> Any:
    """Art 68 / Art 73 reports as PDF (``core.pdf``): the congress and year as the reports
    page passes them, the same scope as the .docx link."""

    def make(user: Any, params: dict[str, Any]) -> tuple[bytes, str]:
        from lvzhi.core.errors import NotFound
        from lvzhi.core.http import int_or_none

        from . import policies, selectors

        if not policies.can_view(user):
            raise NotFound(_("No such document."))
        congress = selectors.get_congress(user, int_or_none(params.get("congress")))
        year = int_or_none(params.get("year")) or clock.today().year
        if not 2000 <= year <= clock.today().year:
            raise NotFound(_("No such document."))
        build, _name = REPORTS[kind]
        return build(congress, year), f"{kind}-{year}.docx"

    return make


def register_pdfs() -> None:
    from lvzhi.core.pdf import register

    for kind, (_build, name) in REPORTS.items():
        register(f"compliance.{kind}", name, _pdf_maker(kind))
