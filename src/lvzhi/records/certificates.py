"""R55 (Art 92): the certificate to the deputy's employer, in the official layout with the
red masthead of the issuing office, its number, the duties it lists and the verification code
with a QR code that opens the portal's check."""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.documents import OfficialDocument, cn_date
from lvzhi.core.i18n import speaking_to

from . import rules
from .models import Certificate


def verify_url(code: str) -> str:
    """The portal's check of a code, at the platform's public address (``PUBLIC_URL``)."""
    shown = rules.certificate_code_shown(code)
    return f"{settings.PUBLIC_URL}{reverse('portal:certificate_verify')}?code={shown}"


def certificate_docx(c: Certificate) -> bytes:
    assert c.code is not None and c.number is not None and c.year is not None
    seat = c.membership
    # In the deputy's own language (issue 24, core.i18n); Chinese unless they chose another.
    with speaking_to(seat.deputy.user):
        doc = OfficialDocument(
            organ=c.organ, masthead=True, number=rules.certificate_number(c.year, c.number)
        )
        doc.title(_("Certificate of a deputy's duty work"))
        doc.paragraph(_("%(employer)s:") % {"employer": c.employer}, indent=False)
        doc.paragraph(
            _(
                "%(name)s is a deputy to %(term)s. From %(start)s to %(end)s the deputy "
                "performed the duties of a deputy listed below. Under Article 92 of the "
                "regulation on deputy work, the time a deputy spends performing these duties "
                "counts as normal attendance at work, and the deputy's pay and benefits are "
                "kept. We ask for your support."
            )
            % {
                "name": seat.deputy.name,
                "term": seat.term,
                "start": cn_date(c.period_start),
                "end": cn_date(c.period_end),
            }
        )
        if c.duties:
            doc.table(
                [
                    [cn_date(dt.date.fromisoformat(d["on"])), d["kind"], d["title"]]
                    for d in c.duties
                ],
                [_("Date"), _("Duty"), _("Particulars")],
            )
        else:
            doc.paragraph(_("No duty performed in this period is recorded."))
        doc.paragraph(
            _(
                "Verification code %(code)s: anyone can check this certificate on the "
                "platform's portal (scan the QR code)."
            )
            % {"code": rules.certificate_code_shown(c.code)}
        )
        qr = io.BytesIO()
        segno.make(verify_url(c.code), error="m").save(qr, kind="png", scale=4)
        qr.seek(0)
        doc.picture(qr, width_mm=25)
        doc.signature(c.decided_at)
        return doc.to_bytes()
