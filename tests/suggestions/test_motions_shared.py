"""The pieces suggestions and proposals share (issue 17): the step forms, the notice rows,
the draft's co-signing steps, the plan and the assignment forms."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.http import Http404
from django.utils import translation

from lvzhi.core.motions_notices import motion_notice
from lvzhi.core.motions_pages import deputy_or_404, step_forms
from lvzhi.core.workflow import Transition
from lvzhi.proposals import workflow as proposal_workflow
from lvzhi.proposals.forms import AssignForm as ProposalAssignForm
from lvzhi.proposals.forms import PlanForm as ProposalPlanForm
from lvzhi.suggestions.cosigning import Wording, drafting_steps, is_invitee, is_signatory
from lvzhi.suggestions.forms import AssignForm, EvaluationForm, PlanForm, ReplyForm
from lvzhi.suggestions.workflow import WORKFLOW


def test_step_forms_make_the_forms_of_the_allowed_steps_only() -> None:
    table: dict[str, tuple[str, Any]] = {
        "reply": ("reply", lambda obj: ("reply form", obj)),
        "assign": ("assign", lambda obj: ("assign form", obj)),
    }
    assert step_forms(table, ["reply", "submit"], 7) == {"reply": ("reply form", 7)}


def test_motion_notice_titles_the_row_after_its_subject() -> None:
    row = motion_notice(
        "suggestions",
        "replied",
        "the deputies",
        lambda e, s: [],
        "Answered: %(title)s",
        names=lambda s: {"title": s.title},
        url=lambda e, s: f"/suggestions/{s.pk}/",
    )
    subject = SimpleNamespace(pk=3, title="Roads")
    assert row.kind == "suggestions.replied"
    assert str(row.title(None, subject)) == "Answered: Roads"  # type: ignore[arg-type]
    assert row.url(None, subject) == "/suggestions/3/"  # type: ignore[arg-type]
    assert row.body is None and row.when is None


def test_drafting_steps_are_the_same_five_for_both_parents() -> None:
    steps = drafting_steps(["draft"], is_invitee, "lead", handed_in="handed in")
    assert [t.name for t in steps] == [
        "edit",
        "invite",
        "cancel_invitation",
        "cosign",
        "withdraw_signature",
    ]
    assert all(isinstance(t, Transition) and t.source == ("draft",) for t in steps)
    assert steps[4].who is is_signatory and str(steps[4].refused) == "handed in"
    for wf in (WORKFLOW, proposal_workflow.PROPOSAL):
        assert {"edit", "invite", "cancel_invitation", "cosign", "withdraw_signature"} <= set(
            t.name for t in wf.transitions
        )


def test_the_pending_wording_is_shared() -> None:
    w = Wording(not_found="a", lead_already_on="b", not_serving="c", handed_in="d")
    assert "%(n)d" in str(w.pending)


@pytest.mark.django_db
def test_the_plan_and_assignment_forms_are_one_for_both_kinds() -> None:
    assert ProposalPlanForm is PlanForm
    assert not PlanForm({"title": "", "decided_on": "", "document_no": ""}).is_valid()
    with translation.override("en"):
        assert str(AssignForm(division_ids=[]).fields["lead"].label) == "Lead unit"
        assert str(ProposalAssignForm().fields["lead"].label) == "Lead body"
    assert EvaluationForm().fields["comment"].required is False
    assert "body" in ReplyForm().fields


def test_deputy_or_404_answers_404_for_an_account_that_is_no_deputys() -> None:
    assert deputy_or_404(12) == 12
    with pytest.raises(Http404):
        deputy_or_404(None)
