"""The demo data gives every desk something to do: proposals of two sessions in every state."""

from __future__ import annotations

import pytest

from lvzhi.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


def test_demo_proposals_exist_in_every_state_for_two_sessions() -> None:
    states = set(Proposal.objects.values_list("status", flat=True))
    assert {
        Status.DRAFT,
        Status.AT_DELEGATION,
        Status.SUBMITTED,
        Status.RECOMMENDED,
        Status.REPORTED,
        Status.PLACED,
        Status.NOT_PLACED,
        Status.WITHDRAWN,
        Status.ASSIGNED,
        Status.COMPLETED,
        Status.MOVED,
    } <= states
    assert Proposal.objects.values("session").distinct().count() == 2


def test_demo_numbers_are_gap_free_per_session() -> None:
    for series in set(Proposal.objects.exclude(number=None).values_list("series", flat=True)):
        numbers = sorted(Proposal.objects.filter(series=series).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_demo_not_placed_proposals_continue_as_suggestions() -> None:
    for p in Proposal.objects.filter(status=Status.NOT_PLACED).select_related("suggestion"):
        assert p.suggestion is not None and p.suggestion.title == p.subject


def test_demo_interpellations_received_handed_on_and_answered() -> None:
    interpellations = Proposal.objects.filter(kind="interpellation")
    assert {Status.SUBMITTED, Status.PLACED, Status.ANSWERED} <= set(
        interpellations.values_list("status", flat=True)
    )
    assert interpellations.filter(status=Status.ANSWERED).exclude(reaction="").exists()
