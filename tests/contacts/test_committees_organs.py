"""R36-R39 (Art 72-76): special committees' professional groups, and 一府一委两院."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lvzhi.contacts import obligations, rules, selectors, services
from lvzhi.contacts.models import Activity, ActivityKind, Engagement, Holder, HolderKind
from lvzhi.core import clock
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.registry.models import Deputy, Expertise, Organisation, OrgKind

from .helpers import root, term, u

pytestmark = pytest.mark.django_db
YEAR = 2026


def as_user(name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(u(name))
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def committee(name: str = "财政经济委员会") -> Organisation:
    return Organisation.objects.get(name=f"自治州人大{name}")


def organ(kind: str = OrgKind.COURT) -> Organisation:
    return Organisation.objects.get(parent=root(), kind=kind)


def fresh_committee_head() -> Holder:
    """The demo gave 财经委 a head; end it and register a new one with no group."""
    Holder.objects.filter(organisation=committee(), kind=HolderKind.COMMITTEE_HEAD).update(
        is_active=False
    )
    return services.holder_create(
        actor=u("office"),
        name="新主任委员",
        organisation=committee(),
        term=term(),
        kind=HolderKind.COMMITTEE_HEAD,
        fields=list(Expertise.objects.filter(name__in=["财政", "经济", "审计"])),
    )


def deputies(n: int) -> list[Deputy]:
    return list(
        Deputy.objects.filter(memberships__term=term(), memberships__status="serving").order_by(
            "id"
        )[:n]
    )


def _group_item(org: Organisation) -> Any:
    return obligations.for_organisation(org, YEAR).items[0]


# ---- R36 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size, warned", [(7, True), (8, False), (10, False), (11, True)])
def test_r36_a_committee_group_with_7_or_11_deputies_warns(size: int, warned: bool) -> None:
    head = fresh_committee_head()
    results = [
        services.link_create(actor=u("office"), holder=head, deputy=d) for d in deputies(size)
    ]
    assert bool(results[-1].warning) is warned
    if warned:
        assert "R36" in results[-1].warning and str(size) in results[-1].warning
    item = _group_item(committee())
    assert item.rule == "R36" and item.warning is warned and item.done is not warned


def test_r36_proposals_match_the_committee_fields_most_matches_first() -> None:
    head = fresh_committee_head()
    fields = set(head.fields.values_list("id", flat=True))
    proposed = selectors.proposals(head, limit=20)
    assert proposed
    for p in proposed:
        assert fields & set(p.deputy.expertise.values_list("id", flat=True))
    assert [p.matches for p in proposed] == sorted((p.matches for p in proposed), reverse=True)


def test_r36_a_half_year_without_a_group_activity_is_missing_once_it_is_over() -> None:
    head = fresh_committee_head()
    group = deputies(8)
    for d in group:
        services.link_create(actor=u("office"), holder=head, deputy=d)
    Activity.objects.filter(organisation=committee()).delete()
    with clock.frozen(dt.datetime(2026, 7, 2, 10, tzinfo=dt.UTC)):
        items = obligations.for_organisation(committee(), YEAR).items
        assert [i.state for i in items[1:3]] == ["missing", "open"]
        services.activity_record(
            actor=u("committee"),
            organisation=committee(),
            kind=ActivityKind.GROUP,
            title="上半年集中活动（补记）",
            held_on=dt.date(2026, 6, 20),
            participants=group[:6],
        )
        items = obligations.for_organisation(committee(), YEAR).items
        assert [i.state for i in items[1:3]] == ["done", "open"]


def test_r36_the_committee_staff_keep_only_their_own_committee() -> None:
    other = committee("法制委员会")
    with pytest.raises(NotFound):
        services.activity_record(
            actor=u("committee"),
            organisation=other,
            kind=ActivityKind.GROUP,
            title="x",
            held_on=dt.date(2026, 3, 1),
            participants=deputies(3),
        )
    assert as_user("committee").get(f"/contacts/org/{other.pk}/").status_code == 404
    assert as_user("committee").get(f"/contacts/org/{committee().pk}/").status_code == 200


def test_r36_a_group_activity_in_the_future_is_refused_and_nothing_is_recorded() -> None:
    before = Activity.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.activity_record(
            actor=u("office"),
            organisation=committee(),
            kind=ActivityKind.GROUP,
            title="未来的活动",
            held_on=clock.today() + dt.timedelta(days=3),
            participants=deputies(3),
        )
    assert exc.value.field == "held_on" and Activity.objects.count() == before


def test_r37_the_year_end_report_of_a_committee_fulfils_the_obligation() -> None:
    head = fresh_committee_head()
    item = obligations.for_organisation(committee(), 2025).items[-1]
    assert item.rule == "R37" and item.state == "missing"
    response = as_user("committee").post(f"/contacts/members/{head.pk}/report/?year=2025")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    item = obligations.for_organisation(committee(), 2025).items[-1]
    assert item.state == "done"


def test_demo_committees_have_groups_of_7_and_11_warned() -> None:
    rows = obligations.for_organisations(
        list(Organisation.objects.filter(parent=root(), kind=OrgKind.SPECIAL_COMMITTEE)), YEAR
    )
    warned = [r.items[0].detail for r in rows if r.items[0].warning]
    # 7 and 11 on purpose; at the small scale a committee may find fewer matching deputies.
    assert {"11名代表", "7名代表"} <= set(warned)


# ---- R38 ------------------------------------------------------------------------------------


def _forum(n: int, org: Organisation | None = None) -> Any:
    return services.activity_record(
        actor=u("office"),
        organisation=org or organ(OrgKind.PROCURATORATE),
        kind=ActivityKind.FORUM,
        title="人大代表座谈会",
        held_on=dt.date(2026, 5, 20),
        participants=deputies(n),
    )


def _forum_item(org: Organisation) -> Any:
    return next(i for i in obligations.for_organisation(org, YEAR).items if "座谈会" in i.text)


def test_r38_a_forum_with_9_deputies_does_not_satisfy_the_rule() -> None:
    procuratorate = organ(OrgKind.PROCURATORATE)
    result = _forum(9)
    assert result.activity.pk is not None
    assert "9" in result.warning and "R38" in result.warning
    assert _forum_item(procuratorate).done is False


def test_r38_a_forum_with_10_deputies_satisfies_the_rule() -> None:
    procuratorate = organ(OrgKind.PROCURATORATE)
    result = _forum(10)
    assert result.warning == ""
    assert _forum_item(procuratorate).done is True
    assert rules.forum_counts(9) is False and rules.forum_counts(10) is True


def test_r38_a_forum_needs_the_principal_leader() -> None:
    org = organ(OrgKind.PROCURATORATE)
    Holder.objects.filter(organisation=org, kind=HolderKind.ORGAN_PRINCIPAL).update(is_active=False)
    before = Activity.objects.filter(organisation=org).count()
    with pytest.raises(ValidationFailed):
        _forum(12)
    assert Activity.objects.filter(organisation=org).count() == before


def test_r38_briefings_one_or_two_a_year() -> None:
    org = organ(OrgKind.PROCURATORATE)
    Activity.objects.filter(organisation=org, kind=ActivityKind.BRIEFING).delete()

    def briefing_item() -> Any:
        return next(i for i in obligations.for_organisation(org, YEAR).items if "通报" in i.text)

    with clock.frozen(dt.datetime(2027, 1, 2, 10, tzinfo=dt.UTC)):
        assert briefing_item().state == "missing"
        for day in (dt.date(2026, 4, 1), dt.date(2026, 9, 1), dt.date(2026, 12, 1)):
            services.activity_record(
                actor=u("office"),
                organisation=org,
                kind=ActivityKind.BRIEFING,
                title="工作通报",
                held_on=day,
                participants=deputies(15),
            )
        item = briefing_item()
        assert item.state == "done" and item.warning is True  # three is more than 1-2


def test_r38_a_leader_contacts_about_three_grassroots_deputies() -> None:
    leader = services.holder_create(
        actor=u("office"),
        name="副院长 测试",
        organisation=organ(OrgKind.COURT),
        term=term(),
        kind=HolderKind.ORGAN_LEADER,
    )
    proposed = selectors.proposals(leader, limit=5)
    assert proposed and all(p.deputy.is_grassroots for p in proposed)
    for p in proposed[:3]:
        assert services.link_create(actor=u("office"), holder=leader, deputy=p.deputy).warning == ""
    row = next(
        r
        for r in obligations.for_organisation(organ(OrgKind.COURT), YEAR).rows
        if r.holder == leader
    )
    # R38: linked is not contacted (issue 28.5): done once each has been met this year.
    assert row.items[0].rule == "R38" and row.items[0].done is False
    not_grassroots = Deputy.objects.filter(
        memberships__term=term(), memberships__status="serving", is_grassroots=False
    ).first()
    assert not_grassroots is not None
    warning = services.link_create(actor=u("office"), holder=leader, deputy=not_grassroots).warning
    assert "基层代表" in warning


def test_r38_handling_units_see_their_own_obligations_only() -> None:
    gov = organ(OrgKind.GOVERNMENT)
    client = as_user("government")
    assert client.get(f"/contacts/org/{gov.pk}/").status_code == 200
    assert client.get(f"/contacts/org/{organ(OrgKind.COURT).pk}/").status_code == 404
    overview = client.get("/contacts/obligations/").content.decode()
    assert gov.name in overview and organ(OrgKind.COURT).name not in overview
    assert as_user("handling").get(f"/contacts/org/{gov.pk}/").status_code == 404


def test_demo_court_forum_with_9_deputies_last_year_is_missing() -> None:
    court = organ(OrgKind.COURT)
    items = obligations.for_organisation(court, YEAR - 1).items
    forum = next(i for i in items if "座谈会" in i.text)
    assert forum.state == "missing" and "（9）" in forum.detail


# ---- R39 ------------------------------------------------------------------------------------


def _engage(**kw: Any) -> Engagement:
    data: dict[str, Any] = {
        "actor": u("office"),
        "organisation": organ(OrgKind.SUPERVISORY_COMMISSION),
        "deputy": deputies(1)[0],
        "purpose": "supervisor",
        "starts_on": dt.date(2026, 4, 1),
        "consulted_on": dt.date(2026, 3, 20),
        "consulted_with": "常委会办公室",
    }
    data.update(kw)
    return services.engagement_record(**data)


def test_r39_an_appointment_records_the_prior_consultation_with_the_office() -> None:
    e = _engage()
    assert e.consulted_on < e.starts_on
    item = next(
        i
        for i in obligations.for_organisation(organ(OrgKind.SUPERVISORY_COMMISSION), YEAR).items
        if i.rule == "R39"
    )
    assert item.done is True


@pytest.mark.parametrize("consulted_on", [None, dt.date(2026, 4, 2)])
def test_r39_an_appointment_without_or_after_the_consultation_is_refused(
    consulted_on: dt.date | None,
) -> None:
    before = Engagement.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        _engage(consulted_on=consulted_on)
    assert exc.value.field == "consulted_on" and "R39" in exc.value.message
    assert Engagement.objects.count() == before


def test_r39_through_the_page_a_missing_consultation_is_answered_and_the_input_kept() -> None:
    org = organ(OrgKind.GOVERNMENT)
    d = deputies(1)[0]
    response = as_user("government").post(
        f"/contacts/org/{org.pk}/engagements/",
        {
            "deputy": d.pk,
            "purpose": "meeting",
            "starts_on": "2026-05-01",
            "consulted_on": "",
            "consulted_with": "办公室王主任",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "R39" in body and "办公室王主任" in body
    assert not Engagement.objects.filter(
        organisation=org, deputy=d, starts_on="2026-05-01"
    ).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "forum", "title": "座谈会", "held_on": "2026-05-01", "participants": ["abc"]},
        {"kind": "group", "title": "x", "held_on": "2026-05-01", "participants": ["1"]},
        {"kind": "forum", "title": "x" * 201, "held_on": "2026-05-01"},
        {"kind": "forum", "title": "坏\x00", "held_on": "2026-13-01"},
    ],
)
def test_bad_activity_input_is_answered_and_nothing_is_recorded(data: dict[str, Any]) -> None:
    org = organ(OrgKind.GOVERNMENT)
    before = Activity.objects.count()
    response = as_user("government").post(f"/contacts/org/{org.pk}/activities/", data)
    assert response.status_code == 400
    assert Activity.objects.count() == before


def test_the_overview_page_does_not_grow_in_queries(django_assert_max_num_queries: Any) -> None:
    client = as_user("office")
    client.get("/contacts/obligations/")
    with django_assert_max_num_queries(25) as first:
        client.get("/contacts/obligations/")
    for i in range(4):
        _forum(10 + i, organ(OrgKind.COURT))
        services.holder_create(
            actor=u("office"),
            name=f"副院长{i}",
            organisation=organ(OrgKind.COURT),
            term=term(),
            kind=HolderKind.ORGAN_LEADER,
        )
    with django_assert_max_num_queries(len(first.captured_queries)) as second:
        client.get("/contacts/obligations/")
    assert len(second.captured_queries) == len(first.captured_queries)


def test_overview_search_filter_and_csv_export() -> None:
    client = as_user("office")
    page = client.get("/contacts/obligations/", {"q": "法院", "year": "2025"}).content.decode()
    assert "伊犁哈萨克自治州中级人民法院" in page and "伊犁哈萨克自治州人民检察院" not in page
    response = client.get("/contacts/obligations/", {"q": "法院\x00", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "R38" in body and "法院" in body


def test_an_organ_with_a_principal_leader_offers_only_leadership_members() -> None:
    court = organ(OrgKind.COURT)
    page = as_user("office").get(f"/contacts/org/{court.pk}/").content.decode()
    assert 'value="organ_leader"' in page and 'value="organ_principal"' not in page
    page = as_user("office").get(f"/contacts/org/{committee().pk}/").content.decode()
    assert 'id="holder-form"' not in page
    response = as_user("office").post(
        f"/contacts/org/{committee().pk}/holders/", {"kind": "committee_head", "name": "第二位"}
    )
    assert response.status_code == 302
    assert not Holder.objects.filter(name="第二位").exists()
