"""Issue 28, point 7: a draft is the deputy's (and the invited co-signers') alone until it
is submitted; staff of every kind see it only after submission."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lvzhi.suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db

STAFF = ("office", "secretariat", "committee", "recorder", "admin")


def _draft() -> Suggestion:
    draft = Suggestion.objects.filter(proposer__user__username="deputy", status=Status.DRAFT)
    found = draft.first()
    assert found is not None
    return found


@pytest.mark.parametrize("username", STAFF)
def test_staff_cannot_read_a_deputys_unsubmitted_suggestion(login: Any, username: str) -> None:
    s = _draft()
    response = login(username).get(reverse("suggestions:detail", args=[s.pk]))
    assert response.status_code == 404
    assert s.title not in response.content.decode()


def test_the_proposer_still_reads_their_draft(login: Any) -> None:
    s = _draft()
    response = login("deputy").get(reverse("suggestions:detail", args=[s.pk]))
    assert response.status_code == 200 and s.title in response.content.decode()


def test_staff_read_it_once_submitted(login: Any) -> None:
    s = Suggestion.objects.filter(status=Status.SUBMITTED, term__congress__level="prefecture")
    submitted = s.first() or Suggestion.objects.filter(status=Status.SUBMITTED).first()
    assert submitted is not None
    response = login("office").get(reverse("suggestions:detail", args=[submitted.pk]))
    assert response.status_code == 200
