"""R12 on the one co-signing machine (suggestions/cosigning.py, shared with proposals): the
proposer cancels an invitation not yet answered; the page says why it cannot be submitted;
the detail page and the API offer exactly the steps the workflow allows."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core import events
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.suggestions import services
from lvzhi.suggestions.cosigning import INVITATION, CoSignStatus
from lvzhi.suggestions.models import CoSigner, Status
from lvzhi.suggestions.workflow import WORKFLOW

from .helpers import deputy_user, draft, fellow_deputies, submitted, u

pytestmark = pytest.mark.django_db


def test_r12_the_proposer_cancels_an_invitation_not_yet_answered_and_submits() -> None:
    a, b = fellow_deputies(2)
    s = draft()
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=b)
    services.cosign_respond(actor=a.user, suggestion=s, accept=True)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="未答复"):
        services.submit(actor=deputy_user(), suggestion=s)
    with pytest.raises(NotFound):  # only the proposer cancels
        services.invitation_cancel(actor=a.user, suggestion=s, deputy=b)  # type: ignore[arg-type]
    with pytest.raises(IllegalTransition):  # a confirmed signature is not an invitation
        services.invitation_cancel(actor=deputy_user(), suggestion=s, deputy=a)
    services.invitation_cancel(actor=deputy_user(), suggestion=s, deputy=b)
    assert CoSigner.objects.get(suggestion=s, deputy=b).status == CoSignStatus.WITHDRAWN
    with pytest.raises(IllegalTransition):  # the cancelled invitation cannot be answered
        services.cosign_respond(actor=b.user, suggestion=s, accept=True)  # type: ignore[arg-type]
    s = services.submit(actor=deputy_user(), suggestion=s)
    assert s.status == Status.SUBMITTED
    assert events.of(s).get(kind="suggestions.submitted").data["cosigners"] == [a.name]
    with pytest.raises(IllegalTransition):  # after submission nothing is cancelled
        services.invitation_cancel(actor=deputy_user(), suggestion=s, deputy=a)


def test_r12_a_cancelled_or_declined_deputy_can_be_invited_again() -> None:
    (a,) = fellow_deputies(1)
    s = draft()
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    services.invitation_cancel(actor=deputy_user(), suggestion=s, deputy=a)
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    assert CoSigner.objects.get(suggestion=s, deputy=a).status == CoSignStatus.INVITED


def test_the_invitation_workflow_is_data() -> None:
    assert set(INVITATION.targets(CoSignStatus.INVITED)) == {
        CoSignStatus.CONFIRMED,
        CoSignStatus.DECLINED,
        CoSignStatus.WITHDRAWN,
    }
    assert INVITATION.targets(CoSignStatus.CONFIRMED) == {CoSignStatus.WITHDRAWN}


def test_r12_the_page_says_why_it_cannot_be_submitted_and_offers_the_cancel(login: Any) -> None:
    (a,) = fellow_deputies(1)
    s = draft()
    services.cosigner_invite(actor=deputy_user(), suggestion=s, deputy=a)
    client = login("deputy")
    page = client.get(f"/suggestions/{s.pk}/").content.decode()
    assert 'disabled aria-disabled="true">1 份联名邀请尚未答复' in page
    cancel = f"/suggestions/{s.pk}/invitations/{a.pk}/cancel/"
    assert cancel in page
    page = client.post(cancel, follow=True).content.decode()
    assert "联名邀请已取消" in page and cancel not in page
    assert "领衔代表取消了联名邀请" in page  # on the timeline
    assert "尚未答复" not in page


def test_the_detail_page_offers_the_forms_of_the_steps_the_workflow_allows(login: Any) -> None:
    s = submitted(title="关于举报某单位的建议", body="我要举报某单位负责人违规问题，" * 6)
    office = u("office")
    assert WORKFLOW.allowed(office, s) == [
        "screen_clear",
        "screen_exclude",
        "classify",
        "merge",
        "assign",
    ]
    page = login("office").get(f"/suggestions/{s.pk}/").content.decode()
    for action in ("screening", "classify", "assign"):
        assert f"/suggestions/{s.pk}/{action}/" in page
    assert WORKFLOW.allowed(deputy_user(), s) == []


def test_the_api_returns_the_actions_the_workflow_allows(login: Any) -> None:
    s = draft()
    body = login("deputy").get(f"/api/v1/suggestions/{s.pk}").json()
    assert body["actions"] == ["edit", "invite", "cancel_invitation", "submit", "withdraw"]
