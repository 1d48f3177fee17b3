"""Printable activation letters (issue 21): one page per deputy, a whole electoral unit in one
.docx in the official layout of ``core.documents`` (issue 23.5), like every document the
platform writes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LETTER_QR_SCALE = 6
LETTER_QR_BORDER = 2
LETTER_QR_WIDTH_MM = 50


@dataclass(frozen=True)
class Letter:
    name: str
    id_number_masked: str
    unit: str
    username: str
    code: str  # as printed, e.g. ABCDE-FGHJK
    url: str  # the activation page; the QR code holds exactly this
    expires_on: dt.date
    language: str = ""  # the deputy's preferred language ("" = Chinese; issue 24)


def letter_for(invitation: Any, url: str) -> Letter:
    """The letter of one ``services.Invitation`` (its code is only in memory, shown once)."""
    from lvzhi.core import clock, onetime
    from lvzhi.core import rules as core_rules

    from .accounts_hooks import describe_account

    return Letter(
        name=invitation.deputy.name,
        id_number_masked=invitation.deputy.id_number_masked,
        unit=describe_account(invitation.user).get("unit", ""),
        username=invitation.user.username,
        code=onetime.pretty(invitation.code),
        url=url,
        expires_on=(clock.now() + core_rules.ACTIVATION_CODE_VALID).date(),
        language=getattr(invitation.user, "language", ""),
    )


def qr_png(url: str) -> bytes:
    """The QR code of a letter (PNG, drawn here); tests re-encode the URL and compare."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=LETTER_QR_SCALE, border=LETTER_QR_BORDER)
    return out.getvalue()


def activation_letters_docx(letters: Sequence[Letter], *, title: str, organ: str = "") -> bytes:
    """One page per letter, in the official layout (``core.documents``, GB/T 9704): name,
    masked ID number, unit, user name, the activation URL and code as text and the URL as a
    QR code, how to proceed, and the code's expiry written in full. ``organ``: who issues the
    letters (the inviting staff's organisation), printed under them and named as the author."""
    from django.utils.translation import gettext as _

    from lvzhi.core.documents import OfficialDocument
    from lvzhi.core.i18n import speaking_to

    doc = OfficialDocument(organ=organ or str(_("Deputies' work platform")))
    for index, letter in enumerate(letters):
        if index:
            doc.page_break()
        with speaking_to(letter):  # each letter in its deputy's language
            _letter_page(doc, letter, title)
    return doc.to_bytes()


def _letter_page(doc: Any, letter: Letter, title: str) -> None:
    from django.utils.translation import gettext as _

    from lvzhi.core.documents import cn_date

    doc.title(title)
    doc.paragraph(
        _("To deputy %(name)s (ID number %(id)s, %(unit)s):")
        % {"name": letter.name, "id": letter.id_number_masked or "—", "unit": letter.unit},
        indent=False,
        align="left",
    )
    doc.paragraph(
        _(
            "Your account on the deputies' work platform is ready. Open the address below "
            "on your phone or computer (or scan the QR code), enter the activation code and "
            "choose your own password."
        )
    )
    doc.paragraph(_("Address: %(url)s") % {"url": letter.url})
    doc.paragraph(_("User name: %(username)s") % {"username": letter.username})
    doc.paragraph(_("Activation code: ") + letter.code, bold=True)
    doc.picture(io.BytesIO(qr_png(letter.url)), width_mm=LETTER_QR_WIDTH_MM)
    doc.paragraph(
        _("The code can be used once and is valid until %(date)s. Keep this letter private.")
        % {"date": cn_date(letter.expires_on)}
    )
    doc.signature()
