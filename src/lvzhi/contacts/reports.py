"""The year-end report of a member's contacts with the linked deputies (R34, Art 68: the
member reports on the year's duty and on the contacts with the deputies), as .docx."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.documents import OfficialDocument, cn_date

from . import rules
from .selectors import MemberYear


def member_report_docx(
    m: MemberYear, contacts: list[Any], opinions: list[Any], activities: list[Any] | None = None
) -> bytes:
    """R34 for a member; R37 (Art 73) for a special committee, whose head's report adds the
    professional group's activities (Art 72)."""
    with translation.override("zh-hans"):
        doc = OfficialDocument(organ=m.holder.organisation.name)
        doc.title(
            _("%(name)s: contacts with the linked deputies in %(year)s")
            % {"name": m.holder.name, "year": m.year}
        )
        unit = m.holder.electoral_unit.name if m.holder.electoral_unit else "—"
        doc.paragraph(
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
        doc.heading(1, _("Contacts per linked deputy (Art 68)"))
        doc.table(
            [
                [
                    r.deputy.name,
                    cn_date(r.link.linked_on),
                    r.contacts,
                    _("yes") if r.ok else _("no"),
                ]
                for r in m.rows
            ],
            [_("Deputy"), _("Linked on"), _("Contacts"), _("At least two a year")],
        )
        doc.paragraph(
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
            doc.heading(1, _("Activities of the professional deputy group (Art 72)"))
            if not activities:
                doc.paragraph(_("No group activity was held this year."))
            doc.items(
                f"{cn_date(a.held_on)} {a.title}："
                + "、".join(d.name for d in a.participants.all())
                for a in sorted(activities, key=lambda a: (a.held_on, a.pk))
            )
        doc.heading(1, _("Contacts"))
        if not contacts:
            doc.paragraph(_("No contact was logged this year."))
        doc.items(
            f"{cn_date(c.on)} {c.deputy.name}（{c.get_method_display()}）"
            + (f"：{c.note}" if c.note else "")
            for c in sorted(contacts, key=lambda c: (c.on, c.pk))
        )
        doc.heading(1, _("Opinions of the deputies and how they were handled (Art 69)"))
        if not opinions:
            doc.paragraph(_("No opinion was raised this year."))
        for n, o in enumerate(opinions, start=1):
            doc.paragraph(
                f"{n}. {cn_date(o.raised_on)} {o.deputy.name}：{o.text}（{o.get_status_display()}）"
            )
            if o.answer:
                doc.paragraph(_("Answer") + "：" + o.answer)
        doc.signature(clock.today())
        return doc.to_bytes()


def member_report(holder: Any, year: int) -> bytes:
    """The year-end report of ``holder`` for ``year`` as the member page and the API give it:
    the year's contacts and opinions; a committee head's adds the group's activities."""
    from . import selectors
    from .models import HolderKind

    activities = (
        selectors.activities_list(holder.organisation, year)
        if holder.kind == HolderKind.COMMITTEE_HEAD
        else None
    )
    return member_report_docx(
        selectors.member_year(holder, year),
        list(selectors.contacts_of(holder, year)),
        [o for o in selectors.opinions_of(holder) if o.raised_on.year == year],
        activities,
    )
