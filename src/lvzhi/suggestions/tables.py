"""The suggestion lists' table: the deputy's own and the office's queue and a handling
unit's inbox (issue 26.2: written in Python, ``core.tables``)."""

from __future__ import annotations

import datetime as dt

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lvzhi.core.tables import Column, Table, date, due, escape, link, tag, url

from . import selectors
from .models import Assignment, Suggestion


def status_tags(s: Suggestion) -> SafeString:
    """The state's tag, and "key supervision" where the directors' meeting chose it (R17)."""
    state = tag(s.get_status_display(), f"status-{s.status}")
    if s.key_supervision:
        return SafeString(f"{state} {tag(_('key supervision'))}")
    return state


LIST: Table[Suggestion] = Table(
    "list suggestions",
    (
        Column(_("Number"), lambda s: s.number or "—"),
        Column(_("Title"), lambda s: link(url("suggestions:detail", s.pk), s.title)),
        Column(_("Proposer"), lambda s: s.proposer.name),
        Column(_("Status"), status_tags),
        Column(_("Reply due on"), lambda s: date(s.due_on)),
    ),
    _("No suggestion here yet."),
    select=lambda s: (s.pk, s.title),
)


def _in_unit(a: Assignment) -> SafeString:
    signed = escape(_("Signed for")) if a.received_at else tag(_("Not signed for"))
    return SafeString(f"{signed} · {escape(a.handler)}" if a.handler else signed)


def inbox(today: dt.date) -> Table[Assignment]:
    """A handling unit's inbox, a reply overdue from ``today`` on (R14)."""
    return Table(
        "list inbox",
        (
            Column(_("Number"), lambda a: a.suggestion.number),
            Column(
                _("Title"),
                lambda a: link(url("suggestions:detail", a.suggestion_id), a.suggestion.title),
            ),
            Column(_("Role"), lambda a: f"{a.get_role_display()} · {a.unit.name}"),
            Column(_("Proposer"), lambda a: a.suggestion.proposer.name),
            Column(
                _("Reply due on"),
                lambda a: due(a.suggestion.due_on, selectors.is_overdue(a.suggestion, today), ""),
            ),
            Column(_("In the unit"), _in_unit),
        ),
        _("No suggestion here yet."),
        select=lambda a: (a.pk, a.suggestion.title),
    )
