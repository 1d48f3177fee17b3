"""The handling unit's inbox: search, exports, bulk signing-for (签收) and naming the handler
(经办人); and the reminder job reading only what it has not reminded yet (R14)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from lvzhi.core import events
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import User
from lvzhi.registry.models import Role
from lvzhi.registry.services import role_grant
from lvzhi.suggestions import reminders, selectors, services
from lvzhi.suggestions.models import Assignment
from lvzhi.suggestions.similarity import token_string

from .helpers import assigned, education_bureau, u, unit
from .test_pages import as_user

pytestmark = pytest.mark.django_db


def _colleague(name: str = "edu2", org: Any = None) -> User:
    user = User.objects.create_user(username=name, password="x", first_name="李明")
    role_grant(
        actor=None, user=user, role=Role.HANDLING_UNIT, organisation=org or education_bureau()
    )
    return user


def _lead(s: Any) -> Assignment:
    return Assignment.objects.get(suggestion=s, role="lead")


def test_signing_for_an_item_is_recorded_once_and_shown_to_the_deputy() -> None:
    s = assigned()
    a = services.assignment_receive(actor=u("handling"), assignment=_lead(s))
    assert a.received_at is not None and a.received_by == u("handling")
    with pytest.raises(Exception, match="已于"):
        services.assignment_receive(actor=u("handling"), assignment=_lead(s))
    assert events.of(s).filter(kind="suggestions.received").count() == 1
    page = as_user(u("deputy")).get(f"/suggestions/{s.pk}/").content.decode()
    assert "承办单位已签收" in page


def test_another_units_staff_can_neither_sign_for_nor_name_a_handler() -> None:
    s = assigned()
    outsider = _colleague("water1", unit("自治州水利局"))
    with pytest.raises(NotFound):
        services.assignment_receive(actor=outsider, assignment=_lead(s))
    with pytest.raises(NotFound):
        services.assignment_handler_set(actor=outsider, assignment=_lead(s), handler=outsider)
    a = _lead(s)
    assert a.received_at is None and a.handler_id is None


def test_the_handler_must_be_one_of_the_units_own_accounts() -> None:
    s = assigned()
    outsider = _colleague("water1", unit("自治州水利局"))
    with pytest.raises(ValidationFailed, match="自治州教育局"):
        services.assignment_handler_set(actor=u("handling"), assignment=_lead(s), handler=outsider)
    assert _lead(s).handler_id is None
    colleague = _colleague()
    a = services.assignment_handler_set(actor=u("handling"), assignment=_lead(s), handler=colleague)
    assert a.handler == colleague and a.received_at is not None  # signed for at the same time
    assert colleague.notifications.filter(url=f"/suggestions/{s.pk}/").exists()


def test_bulk_actions_on_ticked_items_report_each_refusal() -> None:
    first, second = assigned(), assigned()
    services.assignment_receive(actor=u("handling"), assignment=_lead(first))
    client = as_user(u("handling"))
    response = client.post(
        "/suggestions/inbox/",
        {"ids": [_lead(first).pk, _lead(second).pk], "action": "receive"},
        follow=True,
    )
    body = response.content.decode()
    assert "1 项已完成" in body and "已于" in body  # the first was already signed for
    assert _lead(second).received_at is not None
    colleague = _colleague()
    client.post(
        "/suggestions/inbox/",
        {"ids": [_lead(first).pk, _lead(second).pk], "action": "handler", "handler": colleague.pk},
    )
    assert {_lead(first).handler_id, _lead(second).handler_id} == {colleague.pk}
    mine = as_user(colleague).get("/suggestions/inbox/", {"mine": "on"}).content.decode()
    assert first.title in mine


def test_bulk_action_bad_input_keeps_the_page_and_changes_nothing() -> None:
    s = assigned()
    client = as_user(u("handling"))
    for data in (
        {"action": "receive"},  # nothing ticked
        {"ids": ["x", "\x00"], "action": "receive"},
        {"ids": [_lead(s).pk], "action": "handler"},  # no handler chosen
        {"ids": [_lead(s).pk], "action": "burn"},
        {"ids": [_lead(s).pk], "action": "handler", "handler": "99999999"},
    ):
        response = client.post("/suggestions/inbox/", data)
        assert response.status_code == 200, data
        assert "error-text" in response.content.decode() or "请先勾选" in response.content.decode()
    a = _lead(s)
    assert a.received_at is None and a.handler_id is None


def test_inbox_searches_and_filters_not_signed_for() -> None:
    road = assigned()
    school = assigned()
    school.title = "关于改善牧区寄宿制学校条件的建议"
    school.search_tokens = token_string(school.title, "牧区寄宿制学校的校舍和供暖需要改善。")
    school.save(update_fields=["title", "search_tokens"])
    client = as_user(u("handling"))
    body = client.get("/suggestions/inbox/", {"q": "寄宿制"}).content.decode()
    assert school.title in body and road.title not in body
    services.assignment_receive(actor=u("handling"), assignment=_lead(school))
    body = client.get("/suggestions/inbox/", {"not_received": "on"}).content.decode()
    assert school.title not in body and road.title in body


def test_inbox_exports_excel_with_the_unit_columns() -> None:
    s = assigned()
    services.assignment_receive(actor=u("handling"), assignment=_lead(s))
    response = as_user(u("handling")).get("/suggestions/inbox/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("编号", "标题") and "经办人" in rows[1]  # under the title row
    assert any(row[1] == s.title and row[7] == "自治州教育局" for row in rows[2:])


def test_queue_exports_excel() -> None:
    s = assigned()
    response = as_user(u("office")).get("/suggestions/queue/", {"status": "", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(row[1] == s.title for row in rows[1:])


def test_inbox_page_query_count_does_not_grow_with_the_items(
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        assigned()
    client = as_user(u("handling"))
    client.get("/suggestions/inbox/")
    with django_assert_max_num_queries(14) as few:
        client.get("/suggestions/inbox/")
    for _ in range(12):
        assigned()
    with django_assert_max_num_queries(len(few.captured_queries)) as more:
        client.get("/suggestions/inbox/")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_r14_reminder_job_reads_nothing_it_already_reminded_and_again_after_extension() -> None:
    s = assigned(on=dt.date(2026, 3, 10))  # due 2026-06-10
    first = reminders.run(today=dt.date(2026, 5, 30))
    assert first.scanned >= 1
    assert reminders.run(today=dt.date(2026, 5, 31)).scanned == 0
    ext = services.extension_request(
        actor=u("handling"),
        suggestion=s,
        reason="需跨部门协调资金",
        requested_due_on=dt.date(2026, 7, 10),
    )
    services.extension_decide(actor=u("office"), extension=ext, approve=True)
    reminders.run(today=dt.date(2026, 6, 30))
    assert u("handling").notifications.filter(key=f"suggestion:{s.pk}:due-soon:2026-07-10").exists()
    assert reminders.run(today=dt.date(2026, 6, 30)).scanned == 0


def test_unit_staff_lists_only_the_units_accounts() -> None:
    colleague = _colleague()
    _colleague("water1", unit("自治州水利局"))
    staff = set(selectors.unit_staff(u("handling")).values_list("username", flat=True))
    assert colleague.username in staff and "water1" not in staff


def test_a_deputy_searches_and_exports_their_own_suggestions() -> None:
    s = assigned()
    client = as_user(u("deputy"))
    assert s.title in client.get("/suggestions/", {"q": "通村公路"}).content.decode()
    assert s.title not in client.get("/suggestions/", {"q": "寄宿制学校"}).content.decode()
    assert client.get("/suggestions/", {"q": "\x00"}).status_code == 200
    response = client.get("/suggestions/", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(row[1] == s.title for row in rows[1:])


def test_a_long_list_counts_up_to_the_cap_and_asks_for_a_filter(settings: Any) -> None:
    from lvzhi.suggestions import rules

    for _ in range(3):
        assigned()
    old, rules.LIST_COUNT_CAP = rules.LIST_COUNT_CAP, 2
    try:
        body = as_user(u("office")).get("/suggestions/queue/", {"status": ""}).content.decode()
    finally:
        rules.LIST_COUNT_CAP = old
    assert "超过 2 条" in body


def test_r15_a_bulk_request_over_the_limit_is_refused_with_a_message_not_cut() -> None:
    """rules.BULK_MAX: the view used to act on the first 500 ticked ids and drop the rest."""
    from lvzhi.suggestions import rules

    s = assigned()
    lead = _lead(s)
    ids = [lead.pk, *list(range(10**9, 10**9 + rules.BULK_MAX))]
    response = as_user(u("handling")).post("/suggestions/inbox/", {"ids": ids, "action": "receive"})
    assert response.status_code == 200
    assert f"一次至多处理 {rules.BULK_MAX} 件" in response.content.decode()
    lead.refresh_from_db()
    assert lead.received_at is None  # nothing done, not even the first 500
    with pytest.raises(ValidationFailed) as exc:
        services.inbox_bulk(
            actor=u("handling"), assignments=[lead] * (rules.BULK_MAX + 1), action="receive"
        )
    assert exc.value.field == "ids"
