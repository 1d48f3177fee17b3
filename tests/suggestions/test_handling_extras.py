"""R15 (Art 25): communication with the deputy while handling; reply templates per unit."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.suggestions import services
from lvzhi.suggestions.models import ReplyTemplate

from .helpers import assigned, education_bureau, u
from .test_pages import as_user

pytestmark = pytest.mark.django_db


def test_r15_a_unit_records_a_meeting_with_the_deputy_who_sees_it() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    services.communication_record(
        actor=u("handling"),
        suggestion=s,
        method="meeting",
        on=dt.date(2026, 4, 2),
        summary="与代表座谈，听取对改造方案的意见。",
    )
    assert events.of(s).filter(kind="suggestions.communicated").exists()
    page = as_user(u("deputy")).get(f"/suggestions/{s.pk}/").content.decode()
    assert "座谈会" in page and "听取对改造方案的意见" in page


def test_communication_dates_and_units_are_checked() -> None:
    s = assigned(on=dt.date(2026, 3, 10))
    with pytest.raises(ValidationFailed):
        services.communication_record(
            actor=u("handling"),
            suggestion=s,
            method="phone",
            on=dt.date(2026, 3, 1),
            summary="电话沟通了办理进展情况。",
        )
    with pytest.raises(ValidationFailed):
        services.communication_record(
            actor=u("handling"),
            suggestion=s,
            method="phone",
            on=clock.today() + dt.timedelta(days=1),
            summary="电话沟通了办理进展情况。",
        )
    with pytest.raises(NotFound):
        services.communication_record(
            actor=u("yining"),
            suggestion=s,
            method="phone",
            on=dt.date(2026, 4, 1),
            summary="电话沟通了办理进展情况。",
        )


def test_a_reply_template_prefills_the_reply_form() -> None:
    s = assigned()
    t = services.reply_template_save(
        actor=u("handling"),
        unit=education_bureau(),
        title="列入计划",
        body="贵代表所提建议已列入我局年度工作计划。",
    )
    page = as_user(u("handling")).get(f"/suggestions/{s.pk}/", {"template": t.pk})
    assert "贵代表所提建议已列入我局年度工作计划" in page.content.decode()


def test_templates_page_creates_and_deletes() -> None:
    client = as_user(u("handling"))
    client.post(
        "/suggestions/templates/", {"title": "留作参考", "body": "感谢代表，我们将认真研究参考。"}
    )
    t = ReplyTemplate.objects.get(title="留作参考")
    assert t.unit == education_bureau()
    client.post("/suggestions/templates/", {"delete": t.pk})
    assert not ReplyTemplate.objects.filter(pk=t.pk).exists()
    assert as_user(u("office")).get("/suggestions/templates/").status_code == 404
