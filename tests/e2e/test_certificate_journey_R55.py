"""Browser journey of R55 (Art 92): a deputy asks for a duty certificate on a phone, the
office issues it, and the employer checks its code on the public portal without an account."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.records import rules
from lvzhi.records.models import Certificate, CertificateStatus
from lvzhi.registry.models import Level, Membership

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_r55_deputy_requests_office_issues_employer_verifies(
    live_server: Any, signed_in: Any, browser: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    today = clock.today()
    seat = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )

    # The deputy, on a phone.
    phone = signed_in("deputy", viewport=(360, 740))
    phone.goto(url + "/records/certificates/")
    phone.select_option("#id_seat", str(seat.pk))
    phone.fill("#id_period_start", today.replace(month=1, day=1).isoformat())
    phone.fill("#id_period_end", today.isoformat())
    phone.fill("#id_employer", "伊宁市第三中学")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    send(phone, "main form button[type=submit]")
    assert "申请已提交办公室" in phone.content()
    c = Certificate.objects.get(membership=seat, employer="伊宁市第三中学")
    assert c.status == CertificateStatus.REQUESTED

    # The office issues it.
    office = signed_in("office")
    office.goto(url + "/records/certificates/")
    send(office, f"a[href='/records/certificates/{c.pk}/']")
    assert "证明将列出的履职活动" in office.content()
    send(office, "input[value=issue] + button")
    assert "证明已开具" in office.content()
    c.refresh_from_db()
    assert c.status == CertificateStatus.ISSUED and c.code
    code = office.inner_text("#verification-code")
    assert code == rules.certificate_code_shown(c.code)

    # The employer, without an account, checks the code on the portal.
    employer = browser.new_context().new_page()
    employer.goto(url + "/portal/certificates/verify/")
    employer.fill("#verify-code", code)
    send(employer, "main form button[type=submit]")
    result = employer.inner_text("#verify-result")
    assert "此证明真实有效" in result
    assert rules.certificate_number(c.year, c.number) in result
    assert seat.deputy.name in result and c.organ in result
    assert "伊宁市第三中学" not in employer.content()
    employer.fill("#verify-code", "ABCD-EFGH-JKMN")
    send(employer, "main form button[type=submit]")
    assert "没有与此验证码对应的证明" in employer.inner_text("#verify-error")
