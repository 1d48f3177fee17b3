"""R56, issue 20: secret ballots sealed on arrival to a key split among three tellers, counted
with two shares, trackers published, the key and the sealed ballots destroyed at publication;
validity judged on the raw submission; every state change of a poll audited; the roll of a
named vote; the projector page."""

from __future__ import annotations

import pytest
from django.test import Client

from lvzhi.core.errors import Conflict, ValidationFailed
from lvzhi.core.models import AuditEvent
from lvzhi.voting import rules, sealing, selectors, services
from lvzhi.voting.models import Ballot, PollKey, Receipt, SealedBallot, Tracker

from ..meetings.helpers import u
from .helpers import count, election, named_poll

pytestmark = pytest.mark.django_db


def test_any_two_of_three_shares_rebuild_the_key_one_share_does_not() -> None:
    keys = sealing.generate()
    sealed = sealing.seal(keys.public, b'{"k":"valid"}', 200, b"ctx")
    for pair in ((0, 1), (0, 2), (1, 2), (2, 0)):
        shares = [sealing.parse_share(keys.shares[i].text()) for i in pair]
        key = sealing.combine(shares, keys.public)
        assert sealing.open_sealed(key, sealed, b"ctx") == b'{"k":"valid"}'
    with pytest.raises(sealing.SealingError):
        sealing.combine([keys.shares[0], keys.shares[0]], keys.public)
    other = sealing.generate()
    with pytest.raises(sealing.SealingError):
        sealing.combine([keys.shares[0], other.shares[1]], keys.public)
    with pytest.raises(sealing.SealingError):  # bound to its poll
        sealing.open_sealed(sealing.combine(keys.shares[:2], keys.public), sealed, b"other")


def test_sealed_ballots_have_one_length_and_no_plaintext_and_no_voter() -> None:
    poll, people = election(members=6, present=6, seats=2)
    services.poll_open(actor=u("office"), poll=poll)
    a, b, _c = list(poll.candidates.all())
    services.ballot_cast(actor=people[0].user, poll=poll, marks={a.pk: "yes"})
    services.ballot_cast(
        actor=people[1].user, poll=poll, marks={a.pk: "no", b.pk: "yes"}, write_ins=["丁一二三"]
    )
    services.ballot_cast(actor=people[2].user, poll=poll, marks={}, write_ins=["x" * 64])
    rows = [
        bytes(s) for s in SealedBallot.objects.filter(poll=poll).values_list("sealed", flat=True)
    ]
    assert len(rows) == 3 and len({len(r) for r in rows}) == 1
    for r in rows:
        assert "丁一二三".encode() not in r and b"valid" not in r and b"x" * 16 not in r
    key = PollKey.objects.get(poll=poll)
    assert len(bytes(key.public_key)) == 32 and len(key.share_hashes) == 3
    # No share is stored anywhere: none of the hashes is a share's text.
    assert all(len(h) == 64 for h in key.share_hashes)


def test_r56_validity_is_judged_on_the_raw_submission() -> None:
    classify = rules.classify_ballot
    names = {1: "阿力木", 2: "巴合提", 3: "陈静"}
    assert classify({1: ["yes"]}, ["丁一", "王二"], names, 2) == rules.OVERFILLED
    assert classify({1: ["yes", "no"]}, [], names, 2) == rules.DUPLICATE
    assert classify({}, ["丁一", " 丁一 "], names, 2) == rules.DUPLICATE
    assert classify({}, ["阿力木"], names, 2) == rules.LISTED_WRITE_IN
    assert classify({}, [], names, 2) == rules.BLANK
    assert classify({1: ["abstain"]}, ["", "  "], names, 2) == rules.BLANK
    assert classify({1: ["yes"], 2: ["no"]}, ["丁一"], names, 2) == rules.VALID


def test_r56_an_over_filled_ballot_from_the_phone_page_is_invalid_not_trimmed(login) -> None:
    """The bug of issue 20: the page cut the write-ins to the seat count before judging."""
    poll, _people = election(members=3, present=3, seats=1)
    services.poll_open(actor=u("office"), poll=poll)
    a, _b, _c = list(poll.candidates.all())
    deputy = login("deputy")
    data = {f"c{a.pk}": "yes", "write_in": ["丁一", "王二", "李三"]}
    assert deputy.post(f"/voting/{poll.pk}/vote/", data).status_code == 303
    poll = count(poll)
    assert poll.result["invalid"] == 1 and poll.result["classes"]["overfilled"] == 1
    assert poll.result["candidates"][0]["yes"] == 0 and poll.result["write_ins"] == []


def test_count_needs_two_tellers_then_publication_destroys_the_key_and_sealed_ballots() -> None:
    poll, people = election(members=6, present=6, seats=2)
    services.poll_open(actor=u("office"), poll=poll)
    a, b, c = list(poll.candidates.all())
    trackers = [
        services.ballot_cast(actor=d.user, poll=poll, marks={a.pk: "yes", b.pk: "no"})
        for d in people[:5]
    ]
    with pytest.raises(Conflict):
        services.poll_count(actor=u("office"), poll=poll, shares=poll.shares[:2])
    services.poll_close(actor=u("office"), poll=poll)
    with pytest.raises(Conflict):
        services.poll_publish(actor=u("office"), poll=poll)
    for bad in ([poll.shares[0]], [poll.shares[0], poll.shares[0]], ["LVZHI-1 00"], []):
        with pytest.raises(ValidationFailed):
            services.poll_count(actor=u("office"), poll=poll, shares=bad)
    other, _ = election()
    with pytest.raises(ValidationFailed):
        services.poll_count(actor=u("office"), poll=poll, shares=[poll.shares[0], other.shares[1]])
    assert not Ballot.objects.filter(poll=poll).exists()
    counted = services.poll_count(actor=u("office"), poll=poll, shares=poll.shares[1:])
    r = counted.result
    assert (r["returned"], r["invalid"], r["trackers"]) == (5, 0, 5)
    assert {x["name"]: x["yes"] for x in r["candidates"]} == {a.name: 5, b.name: 0, c.name: 0}
    assert sorted(trackers) == selectors.trackers(counted)
    assert all(selectors.tracker_counted(counted, t) for t in trackers)
    assert not selectors.tracker_counted(counted, "0" * 64)
    assert services.poll_count(actor=u("office"), poll=counted, shares=[]).result == r
    # Sealed ballots stay until publication; then they and the key are gone.
    assert SealedBallot.objects.filter(poll=poll).count() == 5
    published = services.poll_publish(actor=u("office"), poll=counted)
    assert published.published_at is not None
    assert not SealedBallot.objects.filter(poll=poll).exists()
    assert not PollKey.objects.filter(poll=poll).exists()
    assert Tracker.objects.filter(poll=poll).count() == Receipt.objects.filter(poll=poll).count()
    assert services.poll_publish(actor=u("office"), poll=published).published_at == (
        published.published_at
    )


def test_an_election_does_not_open_without_tellers_shares_and_keys_change_only_before() -> None:
    poll, _people = election()
    PollKey.objects.filter(poll=poll).delete()
    with pytest.raises(Conflict):
        services.poll_open(actor=u("office"), poll=poll)
    first = services.poll_generate_keys(actor=u("office"), poll=poll)
    again = services.poll_generate_keys(actor=u("office"), poll=poll)
    assert set(first).isdisjoint(again)
    services.poll_open(actor=u("office"), poll=poll)
    with pytest.raises(Conflict):
        services.poll_generate_keys(actor=u("office"), poll=poll)


def test_every_state_change_of_a_poll_is_an_audit_entry() -> None:
    poll, people = election(members=3, present=3, seats=1)
    services.poll_open(actor=u("office"), poll=poll)
    services.ballot_cast(actor=people[0].user, poll=poll, marks={})
    count(poll)
    actions = list(
        AuditEvent.objects.filter(object_type="voting.poll", object_id=str(poll.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "voting.poll_created",
        "voting.keys_generated",
        "voting.poll_opened",
        "voting.poll_closed",
        "voting.poll_counted",
        "voting.poll_published",
    ]
    # An audit entry never carries a ballot or a voter of a secret ballot.
    for event in AuditEvent.objects.filter(object_type="voting.poll"):
        assert str(people[0].pk) not in str(event.after.get("deputy", ""))


def test_staff_see_who_has_voted_in_a_named_vote_and_the_roll_after(login) -> None:
    poll, people = named_poll(members=6, present=5)
    services.poll_open(actor=u("office"), poll=poll)
    services.vote_cast(actor=people[0].user, poll=poll, choice="yes")
    rows = {r["deputy"].pk: r for r in selectors.roll(poll)}
    assert rows[people[0].pk]["voted"] and rows[people[0].pk]["choice"] == ""
    assert not rows[people[1].pk]["voted"] and rows[people[1].pk]["present"]
    assert not rows[people[5].pk]["present"]
    office = login("office")
    page = office.get(f"/voting/{poll.pk}/roll/").content.decode()
    assert people[1].name in page and "未表决" in page
    services.poll_close(actor=u("office"), poll=poll)
    page = office.get(f"/voting/{poll.pk}/roll/").content.decode()
    assert "赞成" in page
    deputy = Client()
    deputy.force_login(people[0].user)
    assert deputy.get(f"/voting/{poll.pk}/roll/").status_code == 404


def test_projector_has_no_menu_and_says_the_stage_in_words(login) -> None:
    poll, people = election(members=3, present=3, seats=1)
    office = login("office")
    page = office.get(f"/voting/{poll.pk}/screen/").content.decode()
    assert "尚未开始" in page and "<nav" not in page and "/logout" not in page
    services.poll_open(actor=u("office"), poll=poll)
    services.ballot_cast(actor=people[0].user, poll=poll, marks={})
    services.poll_close(actor=u("office"), poll=poll)
    page = office.get(f"/voting/{poll.pk}/screen/").content.decode()
    assert "等待计票人计票" in page
    services.poll_count(actor=u("office"), poll=poll, shares=poll.shares[:2])
    services.poll_publish(actor=u("office"), poll=poll)
    page = office.get(f"/voting/{poll.pk}/screen/").content.decode()
    assert "结果已宣布" in page and "有效" in page


def test_tellers_steps_and_a_deputys_tracker_check_through_the_pages(login) -> None:
    poll, _people = election(members=3, present=3, seats=1)
    PollKey.objects.filter(poll=poll).delete()
    office = login("office")
    page = office.post(f"/voting/{poll.pk}/keys/")
    assert page["Cache-Control"] == "no-store"
    shares = [
        line.split(">", 1)[1]
        for line in page.content.decode().split("</code>")
        if 'class="share-text">' in line
    ]
    shares = [s.split('class="share-text">', 1)[-1] for s in shares]
    assert len(shares) == 3 and all(s.startswith("LVZHI-") for s in shares)
    office.post(f"/voting/{poll.pk}/open/")
    deputy = Client()
    deputy.force_login(u("deputy"))
    a = poll.candidates.first()
    card = deputy.post(f"/voting/{poll.pk}/vote/", {f"c{a.pk}": "yes"}, HTTP_HX_REQUEST="true")
    tracker = card.content.decode().split('class="tracker-code">', 1)[1].split("<", 1)[0]
    assert len(tracker) == 64
    office.post(f"/voting/{poll.pk}/close/")
    wrong = office.post(f"/voting/{poll.pk}/count/", {"share": [shares[0]]}, follow=True)
    assert "两位不同计票人" in wrong.content.decode()
    office.post(f"/voting/{poll.pk}/count/", {"share": [shares[2], shares[0]]})
    poll.refresh_from_db()
    assert poll.counted_at is not None
    check = deputy.get(f"/voting/{poll.pk}/trackers/", {"tracker": tracker}).content.decode()
    assert 'data-found="1"' in check
    check = deputy.get(f"/voting/{poll.pk}/trackers/", {"tracker": "f" * 64}).content.decode()
    assert 'data-found="0"' in check
    office.post(f"/voting/{poll.pk}/publish/")
    poll.refresh_from_db()
    assert poll.published_at is not None and not SealedBallot.objects.filter(poll=poll).exists()
