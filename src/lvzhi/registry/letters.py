"""Printable activation letters (issue 21): one page per deputy, a whole electoral unit in one
.docx. Kept to one function (``activation_letters_docx``) so it can move onto the project's
official-layout document module when that lands."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LETTER_QR_SCALE = 6
LETTER_QR_BORDER = 2


@dataclass(frozen=True)
class Letter:
    name: str
    id_number_masked: str
    unit: str
    username: str
    code: str  # as printed, e.g. ABCDE-FGHJK
    url: str  # the activation page; the QR code holds exactly this
    expires_on: dt.date


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
    )


def qr_png(url: str) -> bytes:
    """The QR code of a letter (PNG, drawn here); tests re-encode the URL and compare."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=LETTER_QR_SCALE, border=LETTER_QR_BORDER)
    return out.getvalue()


def activation_letters_docx(letters: Sequence[Letter], *, title: str) -> bytes:
    """One page per letter: name, masked ID number, unit, user name, the activation URL and
    code as text and the URL as a QR code, how to proceed, and the code's expiry."""
    from django.utils.translation import gettext as _
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from lvzhi.core.http import xml_text

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    document.core_properties.title = xml_text(title)
    for index, letter in enumerate(letters):
        heading = document.add_heading(xml_text(title), level=1)
        heading.alignment = 1
        greeting = _("To deputy %(name)s (ID number %(id)s, %(unit)s):") % {
            "name": letter.name,
            "id": letter.id_number_masked or "—",
            "unit": letter.unit,
        }
        document.add_paragraph(xml_text(greeting))
        document.add_paragraph(
            _(
                "Your account on the deputies' work platform is ready. Open the address below "
                "on your phone or computer (or scan the QR code), enter the activation code and "
                "choose your own password."
            )
        )
        document.add_paragraph(_("Address: %(url)s") % {"url": letter.url})
        document.add_paragraph(_("User name: %(username)s") % {"username": letter.username})
        code = document.add_paragraph(_("Activation code: "))
        run = code.add_run(letter.code)
        run.bold = True
        run.font.name = "Courier New"
        run.font.size = Pt(20)
        document.add_picture(io.BytesIO(qr_png(letter.url)), width=Cm(5))
        document.add_paragraph(
            _("The code can be used once and is valid until %(date)s. Keep this letter private.")
            % {"date": letter.expires_on.isoformat()}
        )
        if index < len(letters) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
