"""Issue 28, point 5: the contacts pages say what each kind of holder owes.

- A special committee's head keeps a professional group (R36, Art 72), not three linked
  deputies contacted twice a year (R33-R34): their page shows neither the R33 heading nor
  "还需2次" beside every member.
- A government leader "contacts about three grassroots deputies" (R38, Art 75): linking them
  is not contacting them, so a leader with no contact this year has not done it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.contacts import obligations, selectors, services
from lvzhi.contacts.models import Holder, HolderKind, Method
from lvzhi.core import clock
from lvzhi.registry.models import Organisation, OrgKind

from ..contacts.helpers import root, term, u

pytestmark = pytest.mark.django_db


def _court() -> Organisation:
    return Organisation.objects.get(parent=root(), kind=OrgKind.COURT)


def _leader_row(leader: Holder) -> Any:
    year = clock.today().year
    rows = obligations.for_organisation(_court(), year).rows
    return next(r for r in rows if r.holder == leader)


def test_r38_a_leader_who_linked_three_grassroots_deputies_but_met_none_has_not_done_it() -> None:
    leader = services.holder_create(
        actor=u("office"),
        name="副院长 未联系",
        organisation=_court(),
        term=term(),
        kind=HolderKind.ORGAN_LEADER,
    )
    proposed = selectors.proposals(leader, limit=3)
    for p in proposed:
        services.link_create(actor=u("office"), holder=leader, deputy=p.deputy)
    item = _leader_row(leader).items[0]
    assert item.rule == "R38" and item.done is False
    assert item.state != obligations.DONE
    on = max(clock.today() - dt.timedelta(days=1), term().starts_on)
    for p in proposed:
        services.contact_log(
            actor=u("office"), holder=leader, deputy=p.deputy, method=Method.VISIT, on=on
        )
    item = _leader_row(leader).items[0]
    assert item.done is True and "3" in item.detail


def test_the_committee_heads_page_speaks_of_the_professional_group_not_of_r33(
    login: Any,
) -> None:
    head = Holder.objects.filter(kind=HolderKind.COMMITTEE_HEAD, is_active=True).first()
    assert head is not None and head.links.filter(ended_on__isnull=True).exists()
    body = login("office").get(f"/contacts/members/{head.pk}/").content.decode()
    assert "R33" not in body and "还需" not in body
    assert "R36" in body


def test_a_leaders_page_cites_r38_and_counts_contacts_without_the_members_two(
    login: Any,
) -> None:
    leader = services.holder_create(
        actor=u("office"),
        name="副院长 页面",
        organisation=_court(),
        term=term(),
        kind=HolderKind.ORGAN_LEADER,
    )
    for p in selectors.proposals(leader, limit=3):
        services.link_create(actor=u("office"), holder=leader, deputy=p.deputy)
    body = login("office").get(f"/contacts/members/{leader.pk}/").content.decode()
    assert "R33" not in body and "还需2次" not in body
    assert "R38" in body
