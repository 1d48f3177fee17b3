"""The suggestion journey through the pages, as each role sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core import clock, events
from lvzhi.suggestions.models import Extension, Status, Suggestion

from .helpers import BODY, assigned, education_bureau, fellow_deputies, plan, submitted, term, u

pytestmark = pytest.mark.django_db


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def test_deputy_drafts_invites_two_cosigners_and_submits() -> None:
    a, b = fellow_deputies(2)
    deputy = as_user(u("deputy"))
    response = deputy.post(
        reverse("suggestions:draft_new"),
        {
            "term": term().pk,
            "title": "关于改善牧区饮水条件的建议",
            "category": "agriculture",
            "body": BODY,
        },
    )
    assert response.status_code == 302
    s = Suggestion.objects.get(title="关于改善牧区饮水条件的建议")
    for other in (a, b):
        deputy.post(reverse("suggestions:invite", args=[s.pk]), {"deputy": other.pk})
        as_user(other.user).post(reverse("suggestions:cosign", args=[s.pk, "accept"]))
    response = deputy.post(reverse("suggestions:submit", args=[s.pk]))
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED and s.number
    page = deputy.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert a.name in page and b.name in page and "已提交" in page


def test_draft_form_with_errors_keeps_the_text() -> None:
    response = as_user(u("deputy")).post(
        reverse("suggestions:draft_new"),
        {"term": term().pk, "title": "", "category": "transport", "body": "我写的正文"},
    )
    assert response.status_code == 400
    assert "我写的正文" in response.content.decode()


def test_office_assigns_unit_extends_replies_and_deputy_evaluates() -> None:
    s = submitted()
    office = as_user(u("office"))
    p = plan(decided_on=clock.today() - dt.timedelta(days=1))
    response = office.post(
        reverse("suggestions:assign", args=[s.pk]),
        {"plan": p.pk, "lead": education_bureau().pk, "assigned_on": clock.today().isoformat()},
    )
    assert response.status_code == 302
    unit = as_user(u("handling"))
    inbox = unit.get(reverse("suggestions:inbox")).content.decode()
    assert s.title in inbox
    s.refresh_from_db()
    too_late = (s.assigned_on + dt.timedelta(days=200)).isoformat()  # type: ignore[operator]
    response = unit.post(
        reverse("suggestions:extension", args=[s.pk]),
        {"requested_due_on": too_late, "reason": "需要跨部门协调"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "最晚为" in body and "需要跨部门协调" in body
    later = (s.due_on + dt.timedelta(days=30)).isoformat()  # type: ignore[operator]
    unit.post(
        reverse("suggestions:extension", args=[s.pk]),
        {"requested_due_on": later, "reason": "需要跨部门协调"},
    )
    e = Extension.objects.get(suggestion=s)
    office.post(reverse("suggestions:extension_decide", args=[e.pk, "approve"]))
    unit.post(
        reverse("suggestions:reply", args=[s.pk]),
        {"result_class": "A", "body": "已将相关学校改扩建列入今年计划，预计秋季开学前完工。"},
    )
    deputy = as_user(u("deputy"))
    deputy.post(reverse("suggestions:evaluate", args=[s.pk]), {"rating": "satisfied"})
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    kinds = list(events.of(s).values_list("kind", flat=True))
    assert kinds[-5:] == [
        "suggestions.assigned",
        "suggestions.extension_requested",
        "suggestions.extension_approved",
        "suggestions.replied",
        "suggestions.evaluated",
    ]
    timeline = deputy.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "同意延期" in timeline


def test_a_unit_opening_another_units_item_gets_not_found() -> None:
    s = assigned()
    other_unit = u("yining")  # not a handling unit of this suggestion
    assert as_user(other_unit).get(reverse("suggestions:detail", args=[s.pk])).status_code == 404
    response = as_user(other_unit).post(
        reverse("suggestions:reply", args=[s.pk]), {"result_class": "A", "body": "x" * 40}
    )
    assert response.status_code == 404
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED


def test_queue_and_inbox_query_counts_do_not_grow() -> None:
    office, unit = as_user(u("office")), as_user(u("handling"))
    for _ in range(2):
        assigned()
    office.get(reverse("suggestions:queue"), {"status": ""})  # warm: roots cached a minute
    with CaptureQueriesContext(connection) as q1:
        office.get(reverse("suggestions:queue"), {"status": ""})
    with CaptureQueriesContext(connection) as i1:
        unit.get(reverse("suggestions:inbox"))
    for _ in range(5):
        assigned()
    with CaptureQueriesContext(connection) as q2:
        office.get(reverse("suggestions:queue"), {"status": ""})
    with CaptureQueriesContext(connection) as i2:
        unit.get(reverse("suggestions:inbox"))
    assert (len(q1), len(i1)) == (len(q2), len(i2))


def test_desks_show_the_suggestion_panels() -> None:
    assigned()
    assert "代表建议" in as_user(u("deputy")).get(reverse("core:desk")).content.decode()
    assert "待交办" in as_user(u("office")).get(reverse("core:desk")).content.decode()
    assert "办理中" in as_user(u("handling")).get(reverse("core:desk")).content.decode()


def test_bulk_assignment_assigns_the_ticked_items_and_reports_refusals() -> None:
    first, second, third = (
        submitted(title="批量一"),
        submitted(title="批量二"),
        submitted(title="批量三"),
    )
    p = plan(decided_on=clock.today() - dt.timedelta(days=1))
    office = as_user(u("office"))
    page = office.get(reverse("suggestions:queue")).content.decode()
    assert 'name="ids"' in page
    response = office.post(
        reverse("suggestions:bulk_assign"),
        {
            "ids": [first.pk, second.pk],
            "plan": p.pk,
            "lead": education_bureau().pk,
            "assigned_on": clock.today().isoformat(),
        },
        follow=True,
    )
    assert "2 件建议已交办" in response.content.decode()
    statuses = dict(
        Suggestion.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {first.pk: "assigned", second.pk: "assigned", third.pk: "submitted"}


def test_queue_and_inbox_export_csv() -> None:
    s = assigned()
    office = as_user(u("office")).get(reverse("suggestions:queue"), {"status": "", "format": "csv"})
    text = b"".join(office.streaming_content).decode()
    assert text.startswith("\ufeff编号") and s.title in text
    unit = as_user(u("handling")).get(reverse("suggestions:inbox"), {"format": "csv"})
    assert s.title in b"".join(unit.streaming_content).decode()


def test_r17_special_committee_desk_lists_key_supervised_suggestions() -> None:
    from lvzhi.suggestions import services

    s = assigned()
    services.classify(
        actor=u("office"), suggestion=s, category="transport", key_supervision=True, is_public=False
    )
    body = as_user(u("committee")).get(reverse("core:desk")).content.decode()
    assert "重点督办建议" in body and s.title in body


def _a_county_unit() -> Any:
    from lvzhi.registry.models import Organisation

    unit = Organisation.objects.filter(
        kind="government_department", division__level="county"
    ).first()
    assert unit is not None
    return unit


def _offered(client: Client, page: str, name: str, organisation: Any) -> bool:
    """Whether the organisation picker named ``name`` on ``page`` finds ``organisation``
    (the picker searches its source with the form's own parameters; issue 22.2)."""
    import html
    import re

    match = re.search(rf'data-source="([^"]+)" data-name="{name}"', page)
    assert match is not None, f"no picker {name}"
    source = html.unescape(match.group(1))
    joiner = "&" if "?" in source else "?"
    found = client.get(f"{source}{joiner}q={organisation.name}").json()["results"]
    return any(str(r["value"]) == str(organisation.pk) for r in found)


def test_r13_assign_form_offers_the_organs_of_the_suggestions_own_level_only() -> None:
    """A prefecture suggestion goes to prefecture organs: the form's picker finds them and not
    the counties' (tens of thousands in a large prefecture), and refuses a county unit posted."""
    s = submitted()
    office = as_user(u("office"))
    page = office.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    county_unit = _a_county_unit()
    assert _offered(office, page, "lead", education_bureau())
    assert not _offered(office, page, "lead", county_unit)
    p = plan(decided_on=clock.today() - dt.timedelta(days=1))
    response = office.post(
        reverse("suggestions:assign", args=[s.pk]),
        {"plan": p.pk, "lead": county_unit.pk, "assigned_on": clock.today().isoformat()},
    )
    assert response.status_code == 400
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED


def test_bulk_assign_form_offers_the_organs_of_the_listed_suggestions_level() -> None:
    submitted(title="批量四")
    office = as_user(u("office"))
    page = office.get(reverse("suggestions:queue")).content.decode()
    county_unit = _a_county_unit()
    assert _offered(office, page, "lead", education_bureau())
    assert not _offered(office, page, "lead", county_unit)


def test_r13_bulk_assignment_over_the_limit_is_refused_with_a_message_not_cut() -> None:
    """rules.BULK_MAX: the first 500 ticked items used to be assigned and the rest dropped."""
    from lvzhi.suggestions import rules

    first = submitted(title="超限批量")
    p = plan(decided_on=clock.today() - dt.timedelta(days=1))
    ids = [first.pk, *list(range(10**9, 10**9 + rules.BULK_MAX))]
    response = as_user(u("office")).post(
        reverse("suggestions:bulk_assign"),
        {
            "ids": ids,
            "plan": p.pk,
            "lead": education_bureau().pk,
            "assigned_on": clock.today().isoformat(),
        },
        follow=True,
    )
    assert f"一次至多处理 {rules.BULK_MAX} 件" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "submitted"
