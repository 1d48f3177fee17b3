"""Who hears of the duty records' state changes: this app's rows of the one table of
``core.notices`` (issue 22, point 4). ``records/events.py`` writes the event; the dispatcher
reads these rows; the services call no ``notify``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.events import Event
from lvzhi.core.notices import Notice, register
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Role

from . import rules
from .models import Certificate, DutyEntry


def _staff(subject: DutyEntry | Certificate, role: str) -> Any:
    return registry_selectors.users_with_role_over(
        subject.membership.electoral_unit, frozenset({role})
    )


def _deputy(event: Event, subject: DutyEntry | Certificate) -> list[Any]:
    return registry_selectors.deputy_users([subject.membership.deputy_id])


def _archive(event: Event, e: DutyEntry) -> str:
    return reverse("records:archive", args=[e.membership_id, e.on.year])


def _certificate(event: Event, c: Certificate) -> str:
    return reverse("records:certificate", args=[c.pk])


def _to_deputy(kind: str, title: Any, body: Any, url: Any) -> Notice:
    return Notice(
        kind=kind,
        audience=gettext_lazy("the deputy"),
        recipients=_deputy,
        title=title,
        body=body,
        url=url,
    )


register(
    Notice(
        kind="records.entry_added",
        audience=gettext_lazy("the staff of the deputy's electoral unit, who confirm it (R45)"),
        recipients=lambda e, entry: _staff(entry, Role.UNIT_STAFF),
        title=lambda e, entry: _("A deputy's duty entry waits for confirmation"),
        body=lambda e, entry: f"{entry.membership.deputy.name}：{entry.title}",
        url=_archive,
    ),
    _to_deputy(
        "records.entry_confirmed",
        lambda e, entry: _("Your duty entry was confirmed"),
        lambda e, entry: entry.title,
        _archive,
    ),
    _to_deputy(
        "records.entry_returned",
        lambda e, entry: _("Your duty entry was returned"),
        lambda e, entry: f"{entry.title}：{e.data['reason']}",
        _archive,
    ),
    Notice(
        kind="records.certificate_requested",
        audience=gettext_lazy("the office over the deputy's electoral unit (R55)"),
        recipients=lambda e, c: _staff(c, Role.OFFICE),
        title=lambda e, c: _("A deputy asks for a duty certificate for the employer"),
        body=lambda e, c: f"{c.membership.deputy.name}：{c.employer}",
        url=_certificate,
    ),
    _to_deputy(
        "records.certificate_issued",
        lambda e, c: _("Your duty certificate has been issued"),
        lambda e, c: rules.certificate_number(c.year, c.number),
        _certificate,
    ),
    _to_deputy(
        "records.certificate_declined",
        lambda e, c: _("Your request for a duty certificate was declined"),
        lambda e, c: c.decline_reason,
        _certificate,
    ),
)
