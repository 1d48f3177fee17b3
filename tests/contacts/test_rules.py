"""R33-R35 (Art 67-69): links, contacts and opinions of Standing Committee members."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.contacts import rules, selectors, services
from lvzhi.contacts.models import Contact, Link, Opinion, OpinionStatus
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent

from ..notice_keys import told
from .helpers import DAY, member_account, new_member, serving_deputies, u, with_account

pytestmark = pytest.mark.django_db


def _linked(n: int = 3, **kw: object):  # type: ignore[no-untyped-def]
    member = new_member(**kw)  # type: ignore[arg-type]
    deputies = serving_deputies(n)
    for d in deputies:
        services.link_create(actor=u("office"), holder=member, deputy=d, on=dt.date(2026, 1, 5))
    return member, deputies


def test_r33_three_links_give_no_warning() -> None:
    member = new_member()
    results = [
        services.link_create(actor=u("office"), holder=member, deputy=d)
        for d in serving_deputies(3)
    ]
    assert [r.warning for r in results] == ["", "", ""]
    assert selectors.member_year(member, 2026).link_warning is False


def test_r33_linking_a_fourth_deputy_to_a_member_warns() -> None:
    member, _deputies = _linked(3)
    fourth = serving_deputies(4)[3]
    result = services.link_create(actor=u("office"), holder=member, deputy=fourth)
    assert result.link.pk is not None
    assert "4" in result.warning and "R33" in result.warning
    assert selectors.member_year(member, 2026).link_warning is True


def test_r33_the_same_deputy_cannot_be_linked_twice_and_nothing_changes() -> None:
    member, deputies = _linked(1)
    with pytest.raises(ValidationFailed):
        services.link_create(actor=u("office"), holder=member, deputy=deputies[0])
    assert Link.objects.filter(holder=member).count() == 1


def test_r33_proposals_come_from_the_own_electoral_unit_frontline_first() -> None:
    member = new_member(code="654022")
    proposed = selectors.proposals(member, limit=8)
    assert proposed, "the unit has serving deputies"
    same = [p for p in proposed if p.same_unit]
    assert same and proposed[: len(same)] == same
    flags = [(not p.deputy.is_frontline, not p.deputy.is_grassroots) for p in same]
    assert flags == sorted(flags)


def test_r33_only_the_office_links_deputies() -> None:
    member = new_member()
    d = serving_deputies(1)[0]
    with pytest.raises(NotFound):
        services.link_create(actor=u("deputy"), holder=member, deputy=d)
    assert not Link.objects.filter(holder=member).exists()


def test_r34_a_member_with_one_contact_in_a_year_is_flagged_and_two_clear_it() -> None:
    account = member_account()
    member, deputies = _linked(3, user=account)
    for d in deputies[1:]:
        for day in (dt.date(2026, 2, 1), dt.date(2026, 6, 1)):
            services.contact_log(actor=account, holder=member, deputy=d, method="phone", on=day)
    services.contact_log(actor=account, holder=member, deputy=deputies[0], method="visit", on=DAY)
    state = selectors.member_year(member, 2026)
    assert state.flagged is True
    assert [r.deputy for r in state.behind] == [deputies[0]]

    services.contact_log(actor=account, holder=member, deputy=deputies[0], method="letter", on=DAY)
    state = selectors.member_year(member, 2026)
    assert state.flagged is False and state.behind == []


def test_r34_contacts_of_another_year_do_not_count() -> None:
    account = member_account()
    member = new_member(user=account)
    deputies = serving_deputies(1)
    services.link_create(
        actor=u("office"), holder=member, deputy=deputies[0], on=dt.date(2025, 1, 2)
    )
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2026, 3, 1)):
        services.contact_log(
            actor=account, holder=member, deputy=deputies[0], method="phone", on=day
        )
    assert selectors.member_year(member, 2025).flagged is False
    assert selectors.member_year(member, 2026).flagged is True


def test_r34_rule_constants() -> None:
    assert rules.MEMBER_LINKS == 3 and rules.MEMBER_CONTACTS_PER_DEPUTY == 2
    assert rules.deputy_contact_ok(1) is False and rules.deputy_contact_ok(2) is True


def test_r34_a_contact_with_a_deputy_not_linked_is_refused_and_nothing_changes() -> None:
    account = member_account()
    member, _deputies = _linked(1, user=account)
    stranger = serving_deputies(5)[4]
    with pytest.raises(ValidationFailed) as exc:
        services.contact_log(actor=account, holder=member, deputy=stranger, method="phone", on=DAY)
    assert exc.value.field == "deputy"
    assert not Contact.objects.filter(holder=member).exists()


def test_r34_a_future_date_is_refused() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    with pytest.raises(ValidationFailed) as exc:
        services.contact_log(
            actor=account,
            holder=member,
            deputy=deputies[0],
            method="phone",
            on=dt.date.today() + dt.timedelta(days=400),
        )
    assert exc.value.field == "on"
    assert not Contact.objects.filter(holder=member).exists()


def test_r34_another_member_cannot_log_for_this_one() -> None:
    member, deputies = _linked(1)
    with pytest.raises(NotFound):
        services.contact_log(
            actor=u("scmember"), holder=member, deputy=deputies[0], method="phone", on=DAY
        )
    assert not Contact.objects.filter(holder=member).exists()


def test_r34_the_contact_reaches_the_deputy_and_the_audit_log() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    d = deputies[0]
    deputy_user = with_account(d)
    c = services.contact_log(actor=account, holder=member, deputy=d, method="visit", on=DAY)
    assert told(c, "contacts.contact_logged") == {deputy_user.username}
    assert AuditEvent.objects.filter(action="contacts.contact_logged", object_id=str(c.pk)).exists()


def _opinion(account, member, deputy):  # type: ignore[no-untyped-def]
    c = services.contact_log(
        actor=account, holder=member, deputy=deputy, method="meeting", on=DAY, opinion="建议修路"
    )
    return Opinion.objects.get(contact=c)


def test_r35_a_member_answers_an_opinion_and_the_deputy_is_notified() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    d = deputies[0]
    deputy_user = with_account(d)
    o = _opinion(account, member, d)
    assert o.status == OpinionStatus.RAISED
    services.opinion_answer(actor=account, opinion=o, answer="已反映到审议中")
    o.refresh_from_db()
    assert o.status == OpinionStatus.ANSWERED and o.answer == "已反映到审议中"
    assert told(o, "contacts.opinion_answered") == {deputy_user.username}


def test_r35_a_forwarded_opinion_is_answered_by_the_deputy_affairs_body() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    o = _opinion(account, member, deputies[0])
    services.opinion_forward(actor=account, opinion=o)
    o.refresh_from_db()
    assert o.status == OpinionStatus.FORWARDED
    assert o.forwarded_to is not None and o.forwarded_to.kind == "deputy_affairs"
    assert o in selectors.forwarded_to_user(u("office"))
    with pytest.raises(NotFound):  # the member can no longer answer it
        services.opinion_answer(actor=account, opinion=o, answer="x")
    services.opinion_answer(actor=u("office"), opinion=o, answer="已交有关机关处理")
    o.refresh_from_db()
    assert o.status == OpinionStatus.ANSWERED and o.answered_by == u("office")


def test_r35_an_answered_opinion_cannot_be_answered_or_forwarded_again() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    o = _opinion(account, member, deputies[0])
    services.opinion_answer(actor=account, opinion=o, answer="好")
    with pytest.raises(IllegalTransition):
        services.opinion_answer(actor=account, opinion=o, answer="再答")
    with pytest.raises(IllegalTransition):
        services.opinion_forward(actor=account, opinion=o)
    o.refresh_from_db()
    assert o.answer == "好"


def test_r35_an_empty_answer_is_refused() -> None:
    account = member_account()
    member, deputies = _linked(1, user=account)
    o = _opinion(account, member, deputies[0])
    with pytest.raises(ValidationFailed):
        services.opinion_answer(actor=account, opinion=o, answer="  \x00 ")
    o.refresh_from_db()
    assert o.status == OpinionStatus.RAISED


def test_r33_a_member_who_leaves_ends_the_links_and_no_longer_counts() -> None:
    member, deputies = _linked(3)
    services.holder_end(actor=u("office"), holder=member, on=dt.date(2026, 6, 30))
    member.refresh_from_db()
    assert member.is_active is False
    assert (
        list(Link.objects.filter(holder=member).values_list("ended_on", flat=True))
        == [dt.date(2026, 6, 30)] * 3
    )
    with pytest.raises(NotFound):  # no more contacts logged for them
        services.contact_log(
            actor=u("office"), holder=member, deputy=deputies[0], method="phone", on=DAY
        )
    with pytest.raises(IllegalTransition):
        services.holder_end(actor=u("office"), holder=member)
    with pytest.raises(NotFound):
        services.holder_end(actor=u("deputy"), holder=new_member(name="另一委员"))
