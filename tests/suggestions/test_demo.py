"""The demo data gives every desk something to do (issue 3, item 11)."""

from __future__ import annotations

import pytest

from lvzhi.core import clock
from lvzhi.suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


def test_demo_suggestions_exist_in_every_state_with_realistic_topics() -> None:
    states = set(Suggestion.objects.values_list("status", flat=True))
    assert {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.ASSIGNED,
        Status.REPLIED,
        Status.CLOSED,
    } <= states
    assert Suggestion.objects.filter(status=Status.ASSIGNED, due_on__lt=clock.today()).exists()
    assert (
        Suggestion.objects.filter(title__contains="霍尔果斯").exists()
        or Suggestion.objects.filter(title__contains="牧").exists()
    )


def test_the_deputy_persona_has_suggestions_of_their_own() -> None:
    mine = Suggestion.objects.filter(proposer__user__username="deputy")
    assert mine.filter(status=Status.DRAFT).exists()
    assert mine.exclude(status=Status.DRAFT).exists()


def test_demo_numbers_are_gap_free_per_series() -> None:
    for series in set(Suggestion.objects.exclude(number=None).values_list("series", flat=True)):
        numbers = sorted(Suggestion.objects.filter(series=series).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
