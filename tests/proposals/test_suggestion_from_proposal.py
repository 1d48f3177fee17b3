"""suggestions.services.suggestion_from_proposal (R09): a proposal not placed on the agenda
continues as a submitted suggestion, numbered in the suggestions' series, with its
co-signers confirmed and its history as the first timeline entry."""

from __future__ import annotations

import pytest

from lvzhi.core import events
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.models import CoSigner, Status, Suggestion

from .helpers import colleagues, session, term, u

pytestmark = pytest.mark.django_db


def test_r09_suggestion_from_proposal_is_submitted_with_confirmed_cosigners_and_history() -> None:
    lead = u("deputy").deputy
    signers = colleagues(3)
    s = suggestion_services.suggestion_from_proposal(
        actor=u("secretariat"),
        deputy=lead,
        term=term(),
        session=session(),
        title="关于加强草原保护的议案",
        body="案据：……\n\n方案：……",
        cosigner_deputies=[*signers, lead],
        history_note="第五次会议议案第3号；主席团决定不列入议程",
    )
    same_series = Suggestion.objects.filter(series=s.series).exclude(pk=s.pk)
    last = max(same_series.values_list("number", flat=True), default=0)
    assert (s.status, s.number, s.proposer_id) == (Status.SUBMITTED, last + 1, lead.pk)
    assert sorted(
        CoSigner.objects.filter(suggestion=s).values_list("deputy_id", "status")
    ) == sorted((d.pk, "confirmed") for d in signers)
    kinds = list(events.of(s).values_list("kind", flat=True))
    assert kinds[:2] == ["suggestions.from_proposal", "suggestions.submitted"]
    first = events.of(s).filter(kind="suggestions.from_proposal").get()
    assert first.data["note"].startswith("第五次会议议案第3号")
    assert first.label == "由未列入大会议程的议案转为建议"
