"""The report on the handling of a session's proposals (R10, Art 19) as .docx, for the
Standing Committee's working body to edit and sign off."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.documents import OfficialDocument
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Session

from . import selectors
from .models import Handling, Kind, Status, UnitRole


def handling_report(user: Any, session: Session) -> bytes:
    """Counts of the session's proposals by outcome, then each proposal placed on the agenda
    with its handling bodies and results, then the interpellations and their answers."""
    rows = list(
        selectors.queue(user, selectors.QueueFilters(session=session.pk))
        .prefetch_related(
            Prefetch("handlings", queryset=Handling.objects.select_related("unit", "plan"))
        )
        .order_by("kind", "number")
    )
    proposals = [p for p in rows if p.kind == Kind.PROPOSAL]
    placed = [
        p for p in proposals if p.status in (Status.PLACED, Status.ASSIGNED, Status.COMPLETED)
    ]
    with translation.override("zh-hans"):
        doc = OfficialDocument(organ=registry_selectors.organ_name(session.term.congress_id))
        doc.title(
            _(
                "Report on the handling of the deputies' proposals of "
                "%(congress)s %(term)s %(session)s"
            )
            % {"congress": session.term.congress.name, "term": session.term, "session": session}
        )
        doc.paragraph(
            _(
                "The session received %(total)d proposals. The presidium placed %(placed)d on "
                "the agenda; %(not_placed)d were handled as suggestions; %(withdrawn)d were "
                "withdrawn with the presidium's consent. Handling has been reported for "
                "%(completed)d of the placed proposals."
            )
            % {
                "total": len(proposals),
                "placed": len(placed),
                "not_placed": sum(p.status == Status.NOT_PLACED for p in proposals),
                "withdrawn": sum(p.status == Status.WITHDRAWN for p in proposals),
                "completed": sum(p.status == Status.COMPLETED for p in proposals),
            }
        )
        doc.heading(1, _("Proposals placed on the agenda"))
        table = []
        for p in placed:
            handlings = list(p.handlings.all())
            lead = next((h for h in handlings if h.role == UnitRole.LEAD), None)
            table.append(
                [
                    p.number or "",
                    p.subject,
                    p.proposer.name,
                    "、".join(h.unit.name for h in handlings) or str(_("Not yet assigned")),
                    (lead.result if lead and lead.reported_on else "")
                    or str(Status(p.status).label),
                ]
            )
        doc.table(
            table,
            [
                _("Number"),
                _("Subject of the proposal"),
                _("Lead proposer"),
                _("Handling bodies"),
                _("Result"),
            ],
        )
        answered = [p for p in rows if p.kind == Kind.INTERPELLATION and p.answer]
        if answered:
            doc.heading(1, _("Interpellations and the answers"))
            for p in answered:
                doc.paragraph(
                    f"{p.subject}（{p.get_addressee_display()}）：{p.answer}"
                    + (f"（{p.get_reaction_display()}）" if p.reaction else "")
                )
        doc.signature(clock.today())
    return doc.to_bytes()


def _pdf(user: Any, params: dict[str, Any]) -> tuple[bytes, str]:
    """R10 (Art 19): the session's report as PDF (``core.pdf``), for who sees the queue."""
    from lvzhi.core.errors import NotFound

    if not selectors.can_see_queue(user):
        raise NotFound(_("No such document."))
    session = next(
        (s for s in selectors.sessions_with_proposals(user) if str(s.pk) == params.get("session")),
        None,
    )
    if session is None:
        raise NotFound(_("No such document."))
    return handling_report(user, session), "proposal-report.docx"


def register_pdfs() -> None:
    from django.utils.translation import gettext_lazy

    from lvzhi.core.pdf import register

    register("proposals.report", gettext_lazy("Proposal handling report (PDF)"), _pdf)
