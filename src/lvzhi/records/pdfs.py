"""The records app's documents as PDF, made in the background (``core.pdf``): the duty
handbook (R47) and the certificate for the employer (R55). Each maker checks the user's
permission as the .docx view does."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.errors import NotFound
from lvzhi.core.http import int_or_none
from lvzhi.core.pdf import register

from . import certificates, handbook, selectors
from .models import CertificateStatus


def _handbook(user: Any, params: dict[str, Any]) -> tuple[bytes, str]:
    seat_id, year = int_or_none(params.get("seat")), int_or_none(params.get("year"))
    if seat_id is None or year is None or not 2000 <= year <= clock.today().year:
        raise NotFound(_("No such duty archive."))
    seat = selectors.get_seat_for_user(user, seat_id)
    return handbook.handbook_docx(selectors.archive(seat, year)), f"handbook-{seat.pk}-{year}.docx"


def _certificate(user: Any, params: dict[str, Any]) -> tuple[bytes, str]:
    pk = int_or_none(params.get("certificate"))
    if pk is None:
        raise NotFound(_("No such certificate."))
    c = selectors.get_certificate_for_user(user, pk)
    if c.status != CertificateStatus.ISSUED:
        raise NotFound(_("No such certificate."))
    return certificates.certificate_docx(c), f"certificate-{c.year}-{c.number}.docx"


def register_all() -> None:
    register("records.handbook", _("Deputy's duty handbook"), _handbook)
    register("records.certificate", _("Duty certificate"), _certificate)
