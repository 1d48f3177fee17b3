"""Pages of chapter 4: the member's phone form, the deputy's page, the office's obligations,
the year-end report; bad input answered clearly; query counts that do not grow."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

from lvzhi.contacts import selectors, services
from lvzhi.contacts.models import Contact, Holder, Link
from lvzhi.core import clock

from .helpers import member_account, new_member, root, serving_deputies, u, unit

pytestmark = pytest.mark.django_db


def persona() -> Holder:
    return Holder.objects.get(user__username="scmember")


def as_user(name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(u(name))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def test_demo_persona_member_is_behind_with_the_persona_deputy() -> None:
    m = selectors.member_year(persona(), clock.today().year)
    assert m.link_count == 3
    assert [r.deputy.user.username for r in m.behind if r.deputy.user] == ["deputy"]


def test_demo_has_a_member_with_four_deputies_and_one_with_two() -> None:
    counts = sorted(
        selectors.members_year(list(Holder.objects.filter(organisation=root())), 2026),
        key=lambda m: m.link_count,
    )
    assert counts[0].link_count == 2 and counts[-1].link_count == 4


def test_member_home_leads_to_the_own_page(login: Any) -> None:
    client = login("scmember")
    response = client.get("/contacts/")
    assert (
        response.status_code == 302 and response["Location"] == f"/contacts/members/{persona().pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "陈光明" in page and "登记联系" in page


def test_log_form_prefills_today_and_the_chosen_deputy(login: Any) -> None:
    h = persona()
    d = selectors.member_year(h, 2026).behind[0].deputy
    page = login("scmember").get(f"/contacts/members/{h.pk}/log/?deputy={d.pk}").content.decode()
    assert f'value="{clock.today().isoformat()}"' in page
    import re

    tag = re.search(rf'<input type="radio" name="deputy" value="{d.pk}"[^>]*>', page)
    assert tag is not None and "checked" in tag.group(0)
    others = re.findall(r'<input type="radio" name="deputy" value="\d+"[^>]*>', page)
    assert len(others) == 3 and sum("checked" in t for t in others) == 1
    assert 'name="viewport"' in page


def test_logging_a_contact_through_the_form_clears_the_flag(login: Any) -> None:
    h = persona()
    year = clock.today().year
    d = selectors.member_year(h, year).behind[0].deputy
    response = login("scmember").post(
        f"/contacts/members/{h.pk}/log/",
        {"deputy": d.pk, "method": "phone", "on": clock.today().isoformat(), "note": ""},
    )
    assert response.status_code == 302
    assert selectors.member_year(h, year).flagged is False


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "请点选联系的代表"),
        ({"method": "phone", "on": "2026-01-01"}, "请点选联系的代表"),
        ({"deputy": "abc", "method": "phone", "on": "2026-01-01"}, "选择一个有效的选项"),
        ({"deputy": "999999", "method": "phone", "on": "2026-01-01"}, "选择一个有效的选项"),
        ({"deputy": "LINKED", "method": "fax", "on": "2026-01-01"}, "选择一个有效的选项"),
        ({"deputy": "LINKED", "method": "phone", "on": "not a date"}, "输入一个有效的日期"),
        ({"deputy": "LINKED", "method": "phone", "on": "2099-01-01"}, "日期不能晚于今天"),
        ({"deputy": "LINKED", "method": "phone", "on": "2026-01-01", "note": "x" * 2001}, "2000"),
        ({"deputy": "LINKED", "method": "phone", "on": "2026-01-01", "note": "坏\x00字"}, "不允许"),
    ],
)
def test_bad_contact_input_is_answered_in_chinese_and_keeps_the_text(
    data: dict[str, str], message: str
) -> None:
    h = persona()
    d = selectors.open_links(h).first()
    assert d is not None
    payload = {k: (str(d.deputy_id) if v == "LINKED" else v) for k, v in data.items()}
    before = Contact.objects.filter(holder=h).count()
    response = as_user("scmember").post(f"/contacts/members/{h.pk}/log/", payload)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert Contact.objects.filter(holder=h).count() == before


def test_bad_input_keeps_what_was_typed() -> None:
    h = persona()
    response = as_user("scmember").post(
        f"/contacts/members/{h.pk}/log/",
        {"method": "visit", "on": "2099-01-01", "note": "走访记录"},
    )
    assert response.status_code == 400 and "走访记录" in response.content.decode()


def test_a_deputy_of_another_unit_in_the_link_form_is_refused(login: Any) -> None:
    member = new_member()
    response = as_user("office").post(
        f"/contacts/members/{member.pk}/link/", {"deputy": "not-a-number"}
    )
    assert response.status_code == 400
    assert not Link.objects.filter(holder=member).exists()


def test_linking_a_fourth_deputy_in_the_page_shows_a_warning() -> None:
    member = new_member()
    client = as_user("office")
    for d in serving_deputies(4):
        response = client.post(f"/contacts/members/{member.pk}/link/", {"deputy": d.pk})
        assert response.status_code == 302
    page = client.get(f"/contacts/members/{member.pk}/").content.decode()
    assert "R33" in page and "4" in page and "规定为3名" in page


def test_other_people_cannot_see_a_member_page() -> None:
    h = persona()
    for name in ("deputy", "handling", "yining", "station"):
        assert as_user(name).get(f"/contacts/members/{h.pk}/").status_code == 404
        assert (
            as_user(name).post(f"/contacts/members/{h.pk}/log/", {"method": "phone"}).status_code
            == 404
        )
    assert as_user("scmember").get("/contacts/members/99999999/").status_code == 404


def test_the_deputy_sees_contacts_and_answers_on_the_own_page(login: Any) -> None:
    page = login("deputy").get("/contacts/deputy/").content.decode()
    assert "陈光明" in page
    assert "本年度联系" in page or "年度联系" in page


def test_year_end_report_is_a_word_document(login: Any) -> None:
    from docx import Document

    h = persona()
    response = login("scmember").post(f"/contacts/members/{h.pk}/report/?year=2026")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "陈光明" in text and "2026" in text
    assert len(doc.tables[0].rows) == 1 + 3


def test_office_sees_who_is_behind(login: Any) -> None:
    client = login("office")
    overview = client.get("/contacts/obligations/").content.decode()
    assert "伊犁哈萨克自治州人大常委会" in overview
    page = client.get(f"/contacts/org/{root().pk}/").content.decode()
    assert "R33" in page and "R34" in page and "R35" in page and "第六十八条" in page
    assert "陈光明" in page and "未完成" in page


def test_office_exports_the_obligations_as_csv(login: Any) -> None:
    response = login("office").get(f"/contacts/org/{root().pk}/?format=csv&year=2026")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "陈光明" in body and "R34" in body


def test_the_obligations_page_does_not_grow_in_queries(
    login: Any, django_assert_max_num_queries: Any
) -> None:
    client = login("office")
    url = f"/contacts/org/{root().pk}/?year=2026"
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(6):
        m = new_member(name=f"加测{i}")
        for d in serving_deputies(3):
            services.link_create(actor=u("office"), holder=m, deputy=d, on=dt.date(2026, 1, 2))
            services.contact_log(
                actor=u("office"), holder=m, deputy=d, method="phone", on=dt.date(2026, 2, 2)
            )
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_office_registers_a_member_and_bad_input_is_kept() -> None:
    client = as_user("office")
    url = f"/contacts/org/{root().pk}/holders/"
    response = client.post(url, {"kind": "sc_member", "name": "", "electoral_unit": "abc"})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    account = member_account("m2")
    response = client.post(
        url,
        {
            "kind": "sc_member",
            "name": "新登记委员",
            "electoral_unit": unit("654201").pk,
            "user": account.pk,
        },
    )
    assert response.status_code == 302
    holder = Holder.objects.get(name="新登记委员")
    assert holder.user == account and holder.electoral_unit == unit("654201")
    again = client.post(
        url,
        {
            "kind": "sc_member",
            "name": "重复登记",
            "electoral_unit": unit("654201").pk,
            "user": account.pk,
        },
    )
    assert again.status_code == 400 and "该账号已在本机构登记" in again.content.decode()
    assert not Holder.objects.filter(name="重复登记").exists()


def test_year_parameter_nonsense_falls_back_to_this_year(login: Any) -> None:
    client = login("office")
    for value in ("abc", "99999", "\x00", "-1"):
        assert client.get(f"/contacts/org/{root().pk}/", {"year": value}).status_code == 200


def _raised_opinion_of_persona() -> Any:
    from lvzhi.contacts.models import Opinion

    h = persona()
    link = selectors.open_links(h).first()
    assert link is not None
    c = services.contact_log(
        actor=u("scmember"),
        holder=h,
        deputy=link.deputy,
        method="visit",
        on=clock.today(),
        opinion="建议增加村卫生室药品种类",
    )
    return Opinion.objects.get(contact=c)


def test_an_empty_answer_is_refused_on_the_page_and_nothing_changes() -> None:
    o = _raised_opinion_of_persona()
    response = as_user("scmember").post(f"/contacts/opinions/{o.pk}/answer/", {"answer": " "})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    o.refresh_from_db()
    assert o.status == "raised" and o.answer == ""


def test_a_too_long_answer_is_refused_and_the_text_is_kept() -> None:
    o = _raised_opinion_of_persona()
    text = "答" * 5001
    response = as_user("scmember").post(f"/contacts/opinions/{o.pk}/answer/", {"answer": text})
    body = response.content.decode()
    assert response.status_code == 400 and text in body and "5000" in body
    o.refresh_from_db()
    assert o.status == "raised"


def test_answering_through_the_page_reaches_the_deputy_page() -> None:
    o = _raised_opinion_of_persona()
    response = as_user("scmember").post(
        f"/contacts/opinions/{o.pk}/answer/", {"answer": "已向卫健部门反映"}
    )
    assert response.status_code == 302
    assert o.deputy.user is not None and o.deputy.user.username == "deputy"
    assert "已向卫健部门反映" in as_user("deputy").get("/contacts/deputy/").content.decode()
    o.refresh_from_db()
    assert o.status == "answered"


def test_forwarding_through_the_page_puts_it_in_the_office_list() -> None:
    o = _raised_opinion_of_persona()
    assert as_user("scmember").post(f"/contacts/opinions/{o.pk}/forward/").status_code == 302
    page = as_user("office").get("/contacts/opinions/").content.decode()
    assert "建议增加村卫生室药品种类" in page
    response = as_user("office").post(
        f"/contacts/opinions/{o.pk}/answer/", {"answer": "已交办", "from": "forwarded"}
    )
    assert response.status_code == 302 and response["Location"] == "/contacts/opinions/"


def test_strangers_cannot_answer_or_forward_an_opinion() -> None:
    o = _raised_opinion_of_persona()
    for name in ("deputy", "handling", "yining"):
        assert (
            as_user(name).post(f"/contacts/opinions/{o.pk}/answer/", {"answer": "x"}).status_code
            == 404
        )
        assert as_user(name).post(f"/contacts/opinions/{o.pk}/forward/").status_code == 404
    assert as_user("scmember").post("/contacts/opinions/abc/answer/").status_code == 404
    o.refresh_from_db()
    assert o.status == "raised"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("scmember", "我联系的代表"),
        ("deputy", "联系我的常委会组成人员"),
        ("office", "国家机关联系代表"),
    ],
)
def test_desk_shows_the_chapter_4_panel(name: str, expected: str) -> None:
    page = as_user(name).get("/desk/").content.decode()
    assert expected in page


def test_a_deputy_of_another_congress_cannot_be_linked_through_the_page() -> None:
    from lvzhi.registry.models import Membership

    member = new_member()
    county = (
        Membership.objects.filter(term__congress__level="county", status="serving")
        .exclude(deputy__memberships__term__congress__level="prefecture")
        .first()
    )
    assert county is not None
    response = as_user("office").post(
        f"/contacts/members/{member.pk}/link/", {"deputy": county.deputy_id}
    )
    assert response.status_code == 400 and "请选择本届在任的代表" in response.content.decode()
    assert not Link.objects.filter(holder=member).exists()


def test_the_deputy_sees_the_activities_taken_part_in() -> None:
    from lvzhi.contacts.models import Activity

    a = (
        Activity.objects.filter(participants__user__isnull=False)
        .select_related("organisation")
        .first()
    )
    assert a is not None
    person = a.participants.filter(user__isnull=False).first()
    assert person is not None and person.user is not None
    page = (
        as_user(person.user.username)
        .get("/contacts/deputy/", {"year": a.held_on.year})
        .content.decode()
    )
    assert a.title in page
