"""R55 (Art 92): duty work counts as normal attendance at work — the office certifies a
deputy's duties of a period to the employer: requested by the deputy, issued (numbered
gap-free per year, audited, in the official layout with the red masthead, a verification code
and its QR) or declined with a reason; anyone checks the code on the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent
from lvzhi.records import rules, selectors, services
from lvzhi.records.models import Certificate, CertificateStatus

from ..documents import layout
from ..notice_keys import told
from .conftest import persona

pytestmark = pytest.mark.django_db


def _period() -> tuple[dt.date, dt.date]:
    today = clock.today()
    return dt.date(today.year, 1, 1), today


def _request(seat: Any, employer: str = "伊宁市第三中学") -> Certificate:
    start, end = _period()
    return services.certificate_request(
        actor=persona("deputy"), seat=seat, period_start=start, period_end=end, employer=employer
    )


def test_r55_a_deputy_requests_a_certificate_and_the_office_is_told(seat) -> None:
    c = _request(seat)
    assert c.status == CertificateStatus.REQUESTED and c.number is None and c.code is None
    assert "office" in told(c, "records.certificate_requested")
    assert AuditEvent.objects.filter(
        action="records.certificate_requested", object_id=str(c.pk)
    ).exists()


def test_r55_request_refuses_a_bad_period_or_no_employer_and_keeps_nothing(seat) -> None:
    start, end = _period()
    deputy = persona("deputy")
    before = Certificate.objects.count()
    cases = [
        dict(period_start=end, period_end=start - dt.timedelta(days=1), employer="某单位"),
        dict(
            period_start=end + dt.timedelta(days=2),
            period_end=end + dt.timedelta(days=9),
            employer="某单位",
        ),
        dict(period_start=start - dt.timedelta(days=400), period_end=end, employer="某单位"),
        dict(period_start=start, period_end=end, employer="  "),
    ]
    for case in cases:
        with pytest.raises(ValidationFailed):
            services.certificate_request(actor=deputy, seat=seat, **case)
    assert Certificate.objects.count() == before


def test_r55_another_deputy_cannot_request_for_a_seat_not_theirs(seat) -> None:
    start, end = _period()
    with pytest.raises(NotFound):
        services.certificate_request(
            actor=persona("groupleader"),
            seat=seat,
            period_start=start,
            period_end=end,
            employer="x",
        )


def test_r55_the_office_issues_with_number_code_duties_and_an_audit_event(seat) -> None:
    c = services.certificate_issue(actor=persona("office"), certificate=_request(seat))
    year = clock.today().year
    assert c.status == CertificateStatus.ISSUED and c.year == year
    assert c.number is not None and len(c.code or "") == rules.CERTIFICATE_CODE_LENGTH
    assert set(c.code or "") <= set(rules.CERTIFICATE_CODE_ALPHABET)
    assert c.organ == "自治州人大常委会办公室"
    start, end = _period()
    expected = selectors.certificate_duties(seat, start, end)
    assert expected, "the demo deputy performed duties this year"
    assert [(d["on"], d["title"]) for d in c.duties] == [
        (d.on.isoformat(), d.title) for d in expected
    ]
    assert all(start <= dt.date.fromisoformat(d["on"]) <= end for d in c.duties)
    event = AuditEvent.objects.get(action="records.certificate_issued", object_id=str(c.pk))
    assert event.after["number"] == rules.certificate_number(year, c.number)


def test_r55_numbers_are_gap_free_within_the_year(seat) -> None:
    office = persona("office")
    numbers = [
        services.certificate_issue(actor=office, certificate=_request(seat, f"单位{i}")).number
        for i in range(3)
    ]
    assert numbers == list(range(numbers[0], numbers[0] + 3))
    declined = services.certificate_decline(
        actor=office, certificate=_request(seat), reason="期间内无履职记录"
    )
    assert declined.number is None  # a declined request takes no number
    nxt = services.certificate_issue(actor=office, certificate=_request(seat)).number
    assert nxt == numbers[-1] + 1


def test_r55_decline_needs_a_reason_and_a_decided_request_cannot_be_decided_again(seat) -> None:
    office = persona("office")
    c = _request(seat)
    with pytest.raises(ValidationFailed):
        services.certificate_decline(actor=office, certificate=c, reason=" ")
    c = services.certificate_decline(actor=office, certificate=c, reason="请补充单位全称")
    assert c.status == CertificateStatus.DECLINED
    with pytest.raises(IllegalTransition):
        services.certificate_issue(actor=office, certificate=c)


def test_r55_only_the_office_issues(seat) -> None:
    c = _request(seat)
    for name in ("deputy", "yining"):
        with pytest.raises(NotFound):
            services.certificate_issue(actor=persona(name), certificate=c)
    c.refresh_from_db()
    assert c.status == CertificateStatus.REQUESTED and c.number is None


def test_r55_certificate_document_has_the_official_layout_masthead_number_and_qr(
    seat, login
) -> None:
    c = services.certificate_issue(actor=persona("office"), certificate=_request(seat))
    response = login("deputy").get(f"/records/certificates/{c.pk}/certificate.docx")
    assert response.status_code == 200
    doc = layout.check(response.content, organ="自治州人大常委会办公室", masthead=True)
    text = layout.all_text(doc)
    assert rules.certificate_number(c.year, c.number) in text
    assert rules.certificate_code_shown(c.code) in text
    assert seat.deputy.name in text and "伊宁市第三中学" in text and "第九十二条" in text
    first = dt.date.fromisoformat(c.duties[0]["on"])
    assert f"{first.year}年{first.month}月{first.day}日" in text
    assert len(doc.inline_shapes) == 1  # the QR code


def test_r55_deputy_requests_from_the_phone_page_and_bad_input_is_kept(seat, login) -> None:
    client = login("deputy")
    page = client.get("/records/certificates/")
    assert page.status_code == 200 and "申请" in page.content.decode()
    start, end = _period()
    bad = client.post(
        "/records/certificates/",
        {
            "seat": seat.pk,
            "period_start": end,
            "period_end": start - dt.timedelta(days=1),
            "employer": "伊宁市第三中学",
        },
    )
    assert bad.status_code == 400 and "伊宁市第三中学" in bad.content.decode()
    ok = client.post(
        "/records/certificates/",
        {"seat": seat.pk, "period_start": start, "period_end": end, "employer": "伊宁市第三中学"},
    )
    assert ok.status_code == 302
    assert Certificate.objects.filter(membership=seat, employer="伊宁市第三中学").exists()


def test_r55_portal_shows_only_number_name_period_and_office(seat) -> None:
    cache.clear()
    c = services.certificate_issue(actor=persona("office"), certificate=_request(seat))
    response = Client().get(
        "/portal/certificates/verify/", {"code": rules.certificate_code_shown(c.code).lower()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert rules.certificate_number(c.year, c.number) in body
    assert seat.deputy.name in body and "自治州人大常委会办公室" in body
    assert "伊宁市第三中学" not in body  # the employer is not the public's business
    assert c.duties[0]["title"] not in body
    assert "no-store" in response["Cache-Control"]


def test_r55_a_wrong_code_answers_clearly_and_a_declined_request_is_not_found(seat) -> None:
    cache.clear()
    declined = services.certificate_decline(
        actor=persona("office"), certificate=_request(seat), reason="无"
    )
    for code in ("ABCD-EFGH-JKMN", "nonsense", declined.pk):
        response = Client().get("/portal/certificates/verify/", {"code": code})
        assert response.status_code == 404
        assert "没有与此验证码对应的证明" in response.content.decode()


def test_r55_verify_page_is_rate_limited_per_address(seat) -> None:
    cache.clear()
    flooder = Client(REMOTE_ADDR="10.0.0.77")
    for _i in range(rules.CERTIFICATE_VERIFY_LIMIT):
        assert (
            flooder.get("/portal/certificates/verify/", {"code": "ABCD-EFGH-JKMN"}).status_code
            == 404
        )
    c = services.certificate_issue(actor=persona("office"), certificate=_request(seat))
    code = rules.certificate_code_shown(c.code)
    blocked = flooder.get("/portal/certificates/verify/", {"code": code})
    assert blocked.status_code == 429 and "过多" in blocked.content.decode()
    assert (
        Client(REMOTE_ADDR="10.0.0.78")
        .get("/portal/certificates/verify/", {"code": code})
        .status_code
        == 200
    )
