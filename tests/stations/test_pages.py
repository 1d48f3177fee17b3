"""The pages of stations and opinions: public ones without an account, nasty input on the
public form, and who sees what."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core import challenge, clock
from lvzhi.core.models import AuditEvent
from lvzhi.stations import rules, selectors, services
from lvzhi.stations.models import Opinion, Station, StationDeputy, Status

from .helpers import (
    BODY,
    as_user,
    assigned,
    data,
    deputy_account,
    many_stations,
    other_station,
    persona_deputy,
    received,
    staff_of,
    station,
    u,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")

FORM = {
    "name": "王芳",
    "phone": "13912345678",
    "category": "transport",
    "title": "村口道路破损",
    "body": "村口道路破损严重，雨天积水，车辆和行人通行困难，希望尽快修复。",
}


def post_opinion(client: Client, **changes: str) -> Any:
    """Open the form (which asks its question), answer it, send."""
    url = reverse("stations:opinion_new", args=[station().pk])
    client.get(url)
    answer = challenge.expected_for_tests(client.session, "stations-opinion")
    return client.post(url, {**FORM, "challenge": str(answer), **changes})


# ---- public pages (R44) ---------------------------------------------------------------------


def test_r44_station_directory_and_page_are_public_without_javascript() -> None:
    client = Client()
    response = client.get(reverse("stations:list"), {"q": "萨依布依"})
    assert response.status_code == 200
    assert station().organisation.name in response.content.decode()
    page = client.get(reverse("stations:detail", args=[station().pk])).content.decode()
    assert station().address in page and station().opening_hours in page
    assert persona_deputy().name in page
    assert "<script" not in page.split("</head>")[1]  # nothing needed beyond the shared head


def test_station_directory_query_count_does_not_grow(django_assert_max_num_queries: Any) -> None:
    """Measured at two sizes: one station found by its name, then a full page of stations."""
    url = reverse("stations:list")
    name = station().organisation.name
    with django_assert_max_num_queries(6) as one:
        few = Client().get(url, {"q": name})
    with CaptureQueriesContext(connection) as full:
        many = Client().get(url)
    assert few.status_code == many.status_code == 200
    assert len(few.context["page"].object_list) == 1
    assert len(many.context["page"].object_list) > 1
    assert len(full) == len(one.captured_queries)


def test_unknown_station_answers_404() -> None:
    assert Client().get(reverse("stations:detail", args=[999999])).status_code == 404
    assert Client().get(reverse("stations:opinion_new", args=[999999])).status_code == 404


def test_r44_citizen_sends_an_opinion_and_gets_a_tracking_code() -> None:
    client = Client()
    response = post_opinion(client)
    assert response.status_code == 302
    o = Opinion.objects.get(title=FORM["title"])
    page = client.get(response["Location"]).content.decode()
    assert o.tracking_code in page and "查询码" in page


def test_r44_opinion_form_preselects_the_deputy_of_a_deputy_link() -> None:
    d = persona_deputy()
    page = (
        Client()
        .get(reverse("stations:opinion_new", args=[station().pk]), {"deputy": d.pk})
        .content.decode()
    )
    assert f'<option value="{d.pk}" selected>' in page
    response = post_opinion(Client(), deputy=str(d.pk))
    assert response.status_code == 302
    assert Opinion.objects.get(title=FORM["title"]).addressed_to == d


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "", "phone": "", "title": "", "body": ""}, "这个字段是必填项"),
        ({"body": "长" * 5000}, "2000"),
        ({"title": "题" * 500}, "100"),
        ({"phone": "12345"}, "请填写以1开头的11位手机号码"),
        ({"phone": "\x00\x00"}, "这个字段是必填项"),
        ({"name": "\x00\x00"}, "这个字段是必填项"),
        ({"body": "太短"}, "10"),
        ({"category": "'; drop table"}, "请从列表中选择一项"),
        ({"deputy": "999999"}, "请从列表中选择一项"),
    ],
)
def test_nasty_input_on_the_public_form_is_refused_in_chinese_and_kept(
    changes: dict[str, str], message: str
) -> None:
    count = Opinion.objects.count()
    response = post_opinion(Client(), **changes)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert Opinion.objects.count() == count
    if changes.get("title") == "题" * 500:
        assert FORM["body"] in page  # what the citizen typed is kept


def test_nul_characters_inside_the_text_are_dropped() -> None:
    response = post_opinion(Client(), body=FORM["body"] + "\x00补充")
    assert response.status_code == 302
    assert "\x00" not in Opinion.objects.get(title=FORM["title"]).body


def test_filled_honeypot_field_sends_nothing() -> None:
    count = Opinion.objects.count()
    response = post_opinion(Client(), website="http://spam.example")
    assert response.status_code == 400 and "意见未能提交" in response.content.decode()
    assert Opinion.objects.count() == count


def test_rate_limit_stops_a_burst_from_one_address_and_lets_another_through() -> None:
    flooder = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(rules.ONLINE_SUBMISSIONS_PER_WINDOW):
        assert post_opinion(flooder, title=f"意见{i}").status_code == 302
    count = Opinion.objects.count()
    response = post_opinion(flooder, title="第六条")
    assert response.status_code == 429
    page = response.content.decode()
    assert "您所在网络在一小时内提交的意见过多" in page
    assert FORM["body"] in page  # kept for a later try
    assert Opinion.objects.count() == count
    assert post_opinion(Client(REMOTE_ADDR="10.0.0.10"), title="别人").status_code == 302


# ---- tracking code -------------------------------------------------------------------------


def test_tracking_code_reveals_status_and_answer_but_never_contact_data() -> None:
    o = assigned()
    o = services.opinion_handle(
        actor=u("deputy"), opinion=o, outcome="answered", note="路灯已安排本周维修。"
    )
    page = Client().get(reverse("stations:track"), {"code": o.tracking_code.lower()})
    text = page.content.decode()
    assert page.status_code == 200
    assert "已办理" in text and "路灯已安排本周维修。" in text
    for secret in ("张丽", "张*", "13812345678", "138****5678", persona_deputy().name):
        assert secret not in text


def test_unknown_tracking_code_says_so_in_chinese() -> None:
    response = Client().get(reverse("stations:track"), {"code": "NOPE\x00<script>"})
    assert response.status_code == 404
    assert "没有与该查询码对应的意见" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_tracking_look_ups_are_bounded_per_address() -> None:
    client = Client(REMOTE_ADDR="10.0.0.11")
    for _ in range(rules.TRACK_LOOKUPS_PER_WINDOW):
        client.get(reverse("stations:track"), {"code": "AAAAAAAAAA"})
    response = client.get(reverse("stations:track"), {"code": received().tracking_code})
    assert response.status_code == 429 and "查询次数过多" in response.content.decode()


# ---- handlers' pages and privacy ------------------------------------------------------------


def test_staff_queue_is_searchable_by_code_and_phone_and_masks_contact() -> None:
    o = received()
    staff = as_user(u("station"))
    by_code = staff.get(reverse("stations:queue"), {"q": o.tracking_code}).content.decode()
    assert o.title in by_code and "138****5678" in by_code and "13812345678" not in by_code
    by_phone = staff.get(reverse("stations:queue"), {"q": "13812345678"}).content.decode()
    assert o.tracking_code in by_phone
    nothing = staff.get(reverse("stations:queue"), {"q": "13900000000"}).content.decode()
    assert o.tracking_code not in nothing


def test_queue_export_masks_contact_data() -> None:
    o = received()
    response = as_user(u("station")).get(reverse("stations:queue"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert o.tracking_code in body and "138****5678" in body
    assert "13812345678" not in body and "张丽" not in body
    assert body.splitlines()[0].lstrip("\ufeff").startswith("查询码,")


def test_queue_exports_as_xlsx_with_masked_contact() -> None:
    import io

    from openpyxl import load_workbook

    o = received()
    response = as_user(u("station")).get(
        reverse("stations:queue"), {"format": "xlsx", "q": o.tracking_code}
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "查询码"  # under the title row
    assert rows[2][0] == o.tracking_code and rows[2][7] == "138****5678"
    assert all("13812345678" not in str(v) for row in rows for v in row)


def test_queue_query_count_does_not_grow(django_assert_max_num_queries: Any) -> None:
    """Measured at two sizes: five more opinions in the queue cost no more queries."""
    received()
    staff = as_user(u("station"))
    staff.get(reverse("stations:queue"))  # warm: session, grants
    with django_assert_max_num_queries(14) as small:
        response = staff.get(reverse("stations:queue"))
    assert response.status_code == 200
    before = Opinion.objects.count()
    for _ in range(5):
        received()
    assert Opinion.objects.count() == before + 5
    with CaptureQueriesContext(connection) as large:
        response = staff.get(reverse("stations:queue"))
    assert response.status_code == 200
    assert len(large) == len(small.captured_queries)


def test_a_long_opinion_list_counts_up_to_the_cap_and_asks_for_a_filter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 26.2: staff over a large prefecture's posts see millions of opinions; the list
    counts no further than rules.LIST_COUNT_CAP and says "more than"."""
    for _ in range(3):
        received()
    monkeypatch.setattr(rules, "LIST_COUNT_CAP", 2)
    body = as_user(u("station")).get(reverse("stations:queue")).content.decode()
    assert "超过 2 条" in body
    assert body.count('href="/stations/opinions/') >= 3  # the page still lists every row


def test_the_overdue_view_shows_the_longest_overdue_first() -> None:
    """Issue 26.2: the overdue view reads the index of open opinions by due date
    (opinion_open_due) instead of skipping every recent opinion in received order."""
    today = clock.today()
    late = {}
    for days in (1, 5, 3):
        o = received()
        Opinion.objects.filter(pk=o.pk).update(due_on=today - dt.timedelta(days=days))
        late[days] = o.tracking_code
    body = as_user(u("station")).get(reverse("stations:queue"), {"overdue": "on"}).content.decode()
    positions = [body.index(late[d]) for d in (5, 3, 1)]
    assert positions == sorted(positions)


def test_the_station_filter_is_a_picker_that_finds_only_the_staffs_stations() -> None:
    """The filter is the project's picker (stations.pickers), not a select of every station:
    its search answers with the user's own stations, by name or by pinyin initials."""
    staff = as_user(u("station"))
    body = staff.get(reverse("stations:queue")).content.decode()
    assert 'data-source="/stations/opinions/stations/"' in body
    assert re.search(r'<select[^>]* name="station"', body) is None
    mine, other = station(), other_station()
    name = mine.organisation.name
    found = staff.get(reverse("stations:pick_stations"), {"q": name}).json()["results"]
    assert [r["value"] for r in found] == [str(mine.pk)] and found[0]["label"] == name
    initials = mine.organisation.name_initials
    by_initials = staff.get(reverse("stations:pick_stations"), {"q": initials}).json()
    assert str(mine.pk) in [r["value"] for r in by_initials["results"]]
    theirs = staff.get(reverse("stations:pick_stations"), {"q": other.organisation.name}).json()
    assert theirs["results"] == []
    assert Client().get(reverse("stations:pick_stations"), {"q": name}).status_code == 302
    nobody = as_user(u("handling")).get(reverse("stations:pick_stations"), {"q": name})
    assert nobody.status_code == 404


def test_the_chosen_station_filters_the_list_and_stays_chosen_on_reload() -> None:
    mine = station()
    extra = many_stations(1, mine, "另一个联络站")[0]
    here, there = received(), received(extra, title="另一站的意见")
    staff = as_user(u("station"))
    body = staff.get(reverse("stations:queue"), {"station": mine.pk}).content.decode()
    assert here.tracking_code in body and there.tracking_code not in body
    assert f'name="station" value="{mine.pk}" checked' in body
    assert mine.organisation.name in body
    # Without script the name is typed and submitted: the one station it names is taken.
    typed = staff.get(reverse("stations:queue"), {"station_q": "另一个联络站"}).content.decode()
    assert there.tracking_code in typed and here.tracking_code not in typed
    assert 'name="station_q" value="另一个联络站"' in typed


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "other"])
def test_a_bad_station_in_the_filter_says_so_in_chinese(value: str) -> None:
    """A station that is not one of the user's (a word, a huge number, another's station):
    the page answers with a message, never a server error, and shows no other's opinions."""
    other = other_station()
    theirs = services.opinion_record(
        actor=staff_of(other), station=other, data=data(title="别的站的意见")
    )
    if value == "other":
        value = str(other.pk)
    response = as_user(u("station")).get(reverse("stations:queue"), {"station": value})
    assert response.status_code == 200
    body = response.content.decode()
    assert "选择一个有效的选项" in body
    assert theirs.tracking_code not in body


def test_the_opinion_list_does_not_grow_with_the_stations_in_scope() -> None:
    """Issue 26.2's large scale gives staff 19,654 stations: as a select they were 1.2 MB of
    a 1.3 MB page. 300 more stations in scope leave the page the same size."""
    staff = as_user(u("station"))
    staff.get(reverse("stations:queue"))  # warm: session, grants
    before = len(staff.get(reverse("stations:queue")).content)
    many_stations(300, station())
    cache.clear()  # nothing kept from the first page: a bulk load sends no signal
    after = len(staff.get(reverse("stations:queue")).content)
    assert after - before < 100, (before, after)


def test_contact_is_shown_in_full_once_and_audited() -> None:
    o = received()
    staff = as_user(u("station"))
    page = staff.get(reverse("stations:opinion", args=[o.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    response = staff.post(reverse("stations:contact", args=[o.pk]))
    assert response.status_code == 302
    assert "13812345678" in staff.get(response["Location"]).content.decode()
    assert "13812345678" not in staff.get(response["Location"]).content.decode()
    assert (
        AuditEvent.objects.filter(
            action="opinion.contact_revealed", object_id=str(o.pk), actor=u("station")
        ).count()
        == 1
    )


def test_the_session_table_never_holds_a_revealed_contact_in_clear() -> None:
    """Issue 18.9: after a reveal the full contact stayed in clear in the session table."""
    from django.contrib.sessions.models import Session

    o = received()
    staff = as_user(u("station"))
    response = staff.post(reverse("stations:contact", args=[o.pk]))
    stored = [s.get_decoded() for s in Session.objects.all()]
    assert stored and all("13812345678" not in str(data) for data in stored)
    assert "13812345678" in staff.get(response["Location"]).content.decode()


@pytest.mark.parametrize("who", ["otherstaff", "unassigned", "admin", "office"])
def test_other_station_staff_or_unassigned_deputy_get_404_and_never_the_contact(who: str) -> None:
    o = assigned()
    if who == "otherstaff":
        user = staff_of(other_station())
    elif who == "unassigned":
        other = StationDeputy.objects.filter(station=station()).exclude(deputy=persona_deputy())
        user = deputy_account(other.first().deputy)  # type: ignore[union-attr]
    else:
        user = u(who)
    client = as_user(user)
    for name in ("opinion",):
        assert client.get(reverse(f"stations:{name}", args=[o.pk])).status_code == 404
    for name in ("contact", "answer", "close", "suggest", "handle", "assign"):
        assert client.post(reverse(f"stations:{name}", args=[o.pk])).status_code == 404
    queue = client.get(reverse("stations:queue"), {"q": o.tracking_code})
    assert o.title not in queue.content.decode() or queue.status_code == 404
    assert not AuditEvent.objects.filter(
        action="opinion.contact_revealed", object_id=str(o.pk)
    ).exists()
    o.refresh_from_db()
    assert o.status == Status.ASSIGNED


def test_staff_assigns_deputy_answers_staff_answers_citizen_and_closes_through_pages() -> None:
    o = received()
    staff = as_user(u("station"))
    bad = staff.post(
        reverse("stations:assign", args=[o.pk]), {"matter_level": "local", "deputies": []}
    )
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    staff.post(
        reverse("stations:assign", args=[o.pk]),
        {"matter_level": "local", "deputies": [persona_deputy().pk]},
    )
    deputy = as_user(u("deputy"))
    desk = deputy.get(reverse("core:desk")).content.decode()
    assert o.title in desk
    wrong = deputy.post(
        reverse("stations:handle", args=[o.pk]),
        {"outcome": "forwarded", "note": "转上级", "transferred_to": "县人大"},
    )
    assert wrong.status_code == 400 and "不适用于" in wrong.content.decode()
    deputy.post(
        reverse("stations:handle", args=[o.pk]),
        {"outcome": "answered", "note": "已联系社区，本周修复。", "transferred_to": ""},
    )
    staff.post(reverse("stations:answer", args=[o.pk]), {"feedback": "已电话告知群众。"})
    staff.post(reverse("stations:close", args=[o.pk]))
    o.refresh_from_db()
    assert o.status == Status.CLOSED and o.feedback == "已电话告知群众。"


def test_deputy_turns_opinion_into_suggestion_from_the_page() -> None:
    o = assigned()
    response = as_user(u("deputy")).post(reverse("stations:suggest", args=[o.pk]))
    o.refresh_from_db()
    assert response.status_code == 302 and o.suggestion_id is not None
    assert response["Location"] == reverse("suggestions:detail", args=[o.suggestion_id])


def test_staff_manage_station_profile_entries_and_reception_day() -> None:
    st = station()
    staff = as_user(u("station"))
    bad = staff.post(
        reverse("stations:manage", args=[st.pk]),
        {"action": "profile", "address": "", "opening_hours": "全天"},
    )
    assert bad.status_code == 400 and "全天" in bad.content.decode()
    staff.post(
        reverse("stations:manage", args=[st.pk]),
        {"action": "profile", "address": "解放路1号", "opening_hours": "工作日全天"},
    )
    st.refresh_from_db()
    assert st.address == "解放路1号"
    response = staff.post(
        reverse("stations:manage", args=[st.pk]),
        {
            "action": "reception",
            "day": "2030-05-06",
            "starts_at": "10:00",
            "ends_at": "12:00",
            "topic": "",
            "deputies": [persona_deputy().pk],
        },
    )
    assert response.status_code == 302
    assert st.reception_days.filter(day="2030-05-06").exists()
    other = as_user(staff_of(other_station()))
    assert other.get(reverse("stations:manage", args=[st.pk])).status_code == 404


def test_statistics_per_station_with_an_svg_chart_and_xlsx() -> None:
    received()
    staff = as_user(u("station"))
    page = staff.get(reverse("stations:statistics")).content.decode()
    assert "<svg" in page and station().organisation.name in page
    response = staff.get(reverse("stations:statistics"), {"year": "abc\x00", "format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert Client().get(reverse("stations:statistics")).status_code == 302
    assert as_user(u("handling")).get(reverse("stations:statistics")).status_code == 404


def test_statistics_show_only_the_stations_of_the_staff() -> None:
    received()
    services.opinion_record(actor=staff_of(other_station()), station=other_station(), data=data())
    page = as_user(u("station")).get(reverse("stations:statistics")).content.decode()
    assert other_station().organisation.name not in page
    assert Station.objects.count() > 1


def test_statistics_by_category_and_level_with_time_to_answer() -> None:
    monday = dt.date(2026, 3, 2)
    with clock.frozen(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
        o = assigned()
        o = services.opinion_handle(actor=u("deputy"), opinion=o, outcome="answered", note="好")
    with clock.frozen(dt.datetime(2026, 3, 5, 10, tzinfo=SHANGHAI)):
        services.opinion_answer(actor=u("station"), opinion=o, feedback="已告知")
    rows = selectors.statistics(u("station"), monday.year, "category")
    urban = next(r for r in rows if r["key"] == "urban")
    assert urban["label"] == "住房和公共服务" and urban["answered"] >= 1
    assert urban["days_to_answer"] is not None and urban["days_to_answer"] > 0
    levels = {r["key"]: r for r in selectors.statistics(u("station"), monday.year, "level")}
    assert levels["local"]["total"] >= 1
    page = as_user(u("station")).get(
        reverse("stations:statistics"), {"group": "level", "year": "2026"}
    )
    assert "属乡镇、街道事项" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/stations/?page=abc&county=%3Cscript%3E&q=%00",
        "/stations/99999999999999999999/",
        "/stations/track/?code=%00%00",
        "/stations/opinions/?station=99999999999999999999&status=zzz&q=%00",
        "/stations/opinions/999999999/",
        "/stations/statistics/?group=evil&year=99999",
    ],
)
def test_nasty_query_strings_never_give_a_server_error(url: str) -> None:
    response = as_user(u("station")).get(url)
    assert response.status_code in (200, 404)
    response = Client().get(url.replace("%3Cscript%3E", "x"))
    assert response.status_code in (200, 302, 404)


def test_nasty_deputy_in_the_link_is_ignored() -> None:
    for value in ("abc", "99999999999999999999999", "-1"):
        response = Client().get(
            reverse("stations:opinion_new", args=[station().pk]), {"deputy": value}
        )
        assert response.status_code == 200


def test_deputy_written_to_sees_the_opinion_only_once_it_is_assigned() -> None:
    d = persona_deputy()
    o = services.opinion_submit(station=station(), data=data(), deputy=d)
    deputy = as_user(u("deputy"))
    assert deputy.get(reverse("stations:opinion", args=[o.pk])).status_code == 404
    staff = as_user(u("station"))
    form = staff.get(reverse("stations:opinion", args=[o.pk])).content.decode()
    assert f'value="{d.pk}" id="id_deputies_' in form and "checked" in form
    services.opinion_assign(actor=u("station"), opinion=o, deputies=[d], matter_level="local")
    assert deputy.get(reverse("stations:opinion", args=[o.pk])).status_code == 200


def test_a_wrong_challenge_answer_keeps_the_text_and_asks_a_new_question() -> None:
    client = Client()
    url = reverse("stations:opinion_new", args=[station().pk])
    client.get(url)
    right = challenge.expected_for_tests(client.session, "stations-opinion")
    assert right is not None
    before = services.Opinion.objects.count() if hasattr(services, "Opinion") else None
    wrong = client.post(url, {**FORM, "challenge": str(right + 1)})
    body = wrong.content.decode()
    assert wrong.status_code == 400 and "回答不正确" in body and FORM["body"] in body
    # The question is used up: the right answer to the old question no longer passes. (The
    # new question may by chance have the same answer; answering it wrongly asks another.)
    for _ in range(50):
        if challenge.expected_for_tests(client.session, "stations-opinion") != right:
            break
        client.post(url, {**FORM, "challenge": str(right + 1)})
    assert challenge.expected_for_tests(client.session, "stations-opinion") != right
    again = client.post(url, {**FORM, "challenge": str(right)})
    assert again.status_code == 400
    if before is not None:
        assert services.Opinion.objects.count() == before


@pytest.mark.parametrize(("language", "word"), [("zh-hans", "加"), ("ug", "قوشۇلۇش")])
def test_after_a_wrong_answer_the_form_asks_the_new_question_in_the_visitors_language(
    language: str, word: str
) -> None:
    """Issue 22: the form showed "验证问题" with no question after one wrong answer, so a
    citizen could not finish; the new question is on the page and answering it sends."""
    client = Client()
    url = reverse("stations:opinion_new", args=[station().pk])
    client.cookies["django_language"] = language
    client.get(url)
    right = challenge.expected_for_tests(client.session, "stations-opinion")
    assert right is not None
    wrong = client.post(url, {**FORM, "challenge": str(right + 20)})
    assert wrong.status_code == 400
    label = re.search(
        r'<label[^>]*for="id_challenge"[^>]*>(.*?)</label>', wrong.content.decode(), re.S
    )
    assert label is not None and word in label.group(1), label
    again = challenge.expected_for_tests(client.session, "stations-opinion")
    assert again is not None
    sent = client.post(url, {**FORM, "challenge": str(again)})
    assert sent.status_code == 302


def test_r44_station_and_deputy_qr_codes_open_the_opinion_form() -> None:
    client = Client()
    st = station()
    svg = client.get(reverse("stations:qr", args=[st.pk, "svg"]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = client.get(reverse("stations:qr", args=[st.pk, "png"]))
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    entry = selectors.entering_deputies(st)[0]
    deputy_png = client.get(
        reverse("stations:qr", args=[st.pk, "png"]), {"deputy": entry.deputy_id}
    )
    assert deputy_png.status_code == 200 and deputy_png.content != png.content
    assert client.get(reverse("stations:qr", args=[st.pk, "gif"])).status_code == 404
    assert (
        client.get(reverse("stations:qr", args=[st.pk, "png"]), {"deputy": 99999999}).status_code
        == 404
    )


def test_r42_an_opinion_already_given_to_deputies_cannot_be_redirected() -> None:
    from lvzhi.core.errors import IllegalTransition
    from lvzhi.core.models import User
    from lvzhi.stations.models import Opinion

    post_opinion(Client())
    o = Opinion.objects.order_by("-pk").first()
    assert o is not None
    staff = User.objects.get(username="station")
    deputy = selectors.entering_deputies(station())[0].deputy
    services.opinion_assign(actor=staff, opinion=o, deputies=[deputy], matter_level="local")
    with pytest.raises(IllegalTransition):
        services.opinion_redirect(actor=staff, opinion=o, explanation="请到信访部门反映。")
    o.refresh_from_db()
    assert o.status == "assigned"


def test_staff_record_a_walk_in_opinion_without_the_citizens_check_question() -> None:
    """R42: the station staff record an opinion brought in person; the check question and the
    robot trap of the public form are not asked of them (a required question with no text
    made the on-site form unusable)."""
    st = station()
    client = as_user(u("station"))
    page = client.get(f"/stations/{st.pk}/record/").content.decode()
    assert 'name="challenge"' not in page and 'name="website"' not in page
    response = client.post(
        f"/stations/{st.pk}/record/",
        {
            "name": "吐尔逊",
            "phone": "13999012345",
            "category": "urban",
            "title": "小区供暖不热",
            "body": BODY,
        },
    )
    assert response.status_code == 302
    assert Opinion.objects.get(title="小区供暖不热").station_id == st.pk


def test_a_new_grant_lets_the_picker_find_the_station() -> None:
    """The picker reads the user's grants at each search: a station granted since shows."""
    from lvzhi.registry import services as registry_services
    from lvzhi.registry.models import Role

    other = other_station()
    name = other.organisation.name
    search = reverse("stations:pick_stations")
    assert as_user(u("station")).get(search, {"q": name}).json()["results"] == []
    registry_services.role_grant(
        actor=None, user=u("station"), role=Role.STATION_STAFF, organisation=other.organisation
    )
    found = as_user(u("station")).get(search, {"q": name}).json()["results"]
    assert [r["value"] for r in found] == [str(other.pk)]
