"""The workflows of proposals and the other motions as data (R06-R10, R51, R52): one per kind
of motion, built from shared steps. Services apply them (``check``/``apply`` below); the detail
page and the API ask ``allowed(user, p)``; docs/architecture.md draws each of them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.workflow import Guard, Transition, Workflow
from lvzhi.suggestions.cosigning import drafting_steps

from . import policies, rules
from .models import UNDER_REVIEW, Category, Kind, Status


def _unit_to_report(user: Any, p: Any) -> bool:
    h = policies.handling_for(user, p)
    return h is not None and h.reported_on is None


HANDED_IN = _("The proposal has already been handed in.")
BEFORE_DECISION = (Status.AT_DELEGATION, *UNDER_REVIEW)
WITH_DELEGATION = Guard(lambda p: p.delegation_id is not None, "", "delegation")
WITHOUT_DELEGATION = Guard(lambda p: p.delegation_id is None, "", "no delegation")
NOT_ASKED = Guard(
    lambda p: p.withdrawal_requested_at is None,
    _("The withdrawal has already been asked for."),
    "not asked",
)
ASKED = Guard(
    lambda p: p.withdrawal_requested_at is not None,
    _("The proposers have not asked to withdraw this proposal."),
    "asked",
)
LEGISLATIVE = Guard(
    lambda p: p.category == Category.LEGISLATION,
    _("Only a legislative proposal is linked to a legislative project."),
    "legislative",
)
DEADLINE_PASSED = Guard(
    lambda p: rules.deadline_passed(p.session.proposal_deadline, clock.now()),
    _("The deadline has not passed; the proposal can still be handed in."),
    "deadline passed",
)
NO_REACTION = Guard(
    lambda p: not p.reaction, _("The reaction has already been recorded."), "no reaction yet"
)


def _drafting() -> list[Transition]:
    """R06-R08, R51: the lead drafts, invites, hands in; co-signers answer."""
    d = [Status.DRAFT]
    return [
        *drafting_steps(
            d,
            policies.is_proposer,
            "lead",
            handed_in=HANDED_IN,
            signature_refused=_(
                "The proposal has already been handed in; a signature can no longer be withdrawn."
            ),
        ),
        Transition(
            "abandon",
            d,
            Status.ABANDONED,
            policies.is_proposer,
            "lead",
            refused=_("Only a draft can be dropped."),
        ),
        # Handed in to the lead's delegation when there is one, else to the secretariat.
        *(
            Transition(
                name,
                d,
                target,
                policies.is_proposer,
                "lead",
                guards=[guard],
                refused=_("Only a draft can be handed in."),
            )
            for name, target, guard in (
                ("submit_to_delegation", Status.AT_DELEGATION, WITH_DELEGATION),
                ("submit_to_secretariat", Status.SUBMITTED, WITHOUT_DELEGATION),
            )
        ),
        Transition(
            "forward",
            [Status.AT_DELEGATION],
            Status.SUBMITTED,
            policies.is_delegation_staff,
            "delegation",
            refused=_("Only a proposal waiting at the delegation can be handed on."),
        ),
        Transition(
            "request_withdrawal",
            BEFORE_DECISION,
            None,
            policies.is_proposer,
            "lead",
            guards=[NOT_ASKED],
            refused=_("A proposal can be withdrawn only before the presidium has decided on it."),
        ),
    ]


def _legislation() -> Transition:
    return Transition(
        "link_legislation",
        [Status.PLACED, Status.ASSIGNED, Status.COMPLETED],
        None,
        policies.can_assign,
        "working body",
        requires=[LEGISLATIVE],
        refused=_("Only a proposal placed on the agenda is linked."),
    )


PROPOSAL = Workflow(
    "proposal",
    Status,
    (
        *_drafting(),
        Transition(
            "move_to_suggestion",
            [Status.DRAFT],
            Status.MOVED,
            policies.is_proposer,
            "lead",
            guards=[DEADLINE_PASSED],
            refused=_("Only a draft proposal can be re-filed as a suggestion."),
        ),
        Transition(
            "recommend",
            [Status.SUBMITTED],
            Status.RECOMMENDED,
            policies.can_review,
            "secretariat",
            refused=_("A recommendation is made once, on a proposal the secretariat has received."),
        ),
        Transition(
            "report",
            [Status.RECOMMENDED],
            Status.REPORTED,
            policies.can_review,
            "review committee",
            refused=_("The review committee reports after the secretariat's recommendation."),
        ),
        *(
            Transition(
                name,
                [Status.REPORTED],
                target,
                policies.can_review,
                "presidium",
                refused=_(
                    "The presidium decides on a proposal once the review committee has reported."
                ),
            )
            for name, target in (("place", Status.PLACED), ("not_place", Status.NOT_PLACED))
        ),
        Transition(
            "consent_withdrawal",
            BEFORE_DECISION,
            Status.WITHDRAWN,
            policies.can_review,
            "presidium",
            guards=[ASKED],
            refused=_(
                "The presidium has already decided on this proposal; it can no longer be withdrawn."
            ),
        ),
        Transition(
            "assign",
            [Status.PLACED],
            Status.ASSIGNED,
            policies.can_assign,
            "working body",
            refused=_("Only a proposal placed on the agenda is assigned for handling."),
        ),
        Transition(
            "report_result",
            [Status.ASSIGNED],
            None,
            _unit_to_report,
            "handling body",
            refused=_("Only a proposal in handling takes a result."),
        ),
        Transition(
            "complete",
            [Status.ASSIGNED],
            Status.COMPLETED,
            _unit_to_report,
            "lead handling body",
            refused=_("Only a proposal in handling takes a result."),
        ),
        _legislation(),
    ),
    initial=Status.DRAFT,
)


def _motion(title: str, answered: bool) -> Workflow:
    """R51, R52: the other motions: the presidium (or the Standing Committee) decides once
    the motion is received; an interpellation is then answered by the organ."""
    steps = [
        *_drafting(),
        *(
            Transition(
                name,
                [Status.SUBMITTED],
                target,
                policies.can_review,
                "presidium",
                refused=_("The presidium decides once the motion has been received."),
            )
            for name, target in (("place", Status.PLACED), ("not_place", Status.NOT_ADOPTED))
        ),
    ]
    if answered:
        steps += [
            Transition(
                "answer",
                [Status.PLACED],
                Status.ANSWERED,
                policies.can_review,
                "secretariat",
                refused=_(
                    "The answer is recorded once the presidium has handed the interpellation on."
                ),
            ),
            Transition(
                "react",
                [Status.ANSWERED],
                None,
                policies.is_proposer,
                "lead",
                guards=[NO_REACTION],
                refused=_("Only an answered interpellation takes a reaction."),
            ),
        ]
    steps.append(_legislation())
    return Workflow(title, Status, tuple(steps), initial=Status.DRAFT)


WORKFLOWS: dict[str, Workflow] = {
    Kind.PROPOSAL: PROPOSAL,
    Kind.INTERPELLATION: _motion("interpellation", answered=True),
    Kind.INVESTIGATION: _motion("investigation committee proposal", answered=False),
    Kind.RECALL: _motion("recall motion", answered=False),
    Kind.EXTRAORDINARY: _motion("extraordinary session proposal", answered=False),
}

# A step that the kind of motion does not have: the message names what it belongs to.
NOT_THIS_KIND = {
    "react": _("Only an answered interpellation takes a reaction."),
    "assign": _("Only a proposal placed on the agenda is assigned for handling."),
    "report_result": _("Only a proposal in handling takes a result."),
    "complete": _("Only a proposal in handling takes a result."),
    "move_to_suggestion": _("Only a draft proposal can be re-filed as a suggestion."),
}


def workflow_of(p: Any) -> Workflow:
    return WORKFLOWS[p.kind]


def check(name: str, p: Any) -> Transition:
    """``IllegalTransition`` unless the step ``name`` can be taken on ``p`` now."""
    wf = workflow_of(p)
    if name not in wf:
        raise IllegalTransition(NOT_THIS_KIND.get(name, _("This step belongs to proposals only.")))
    return wf.check(name, p)


def apply(name: str, p: Any) -> Transition:
    check(name, p)
    return workflow_of(p).apply(name, p)


def allowed(user: Any, p: Any) -> list[str]:
    """The steps ``user`` may take on ``p`` now."""
    return workflow_of(p).allowed(user, p)


HEADINGS: dict[str, str] = {
    Kind.PROPOSAL: "Proposal (议案, R06-R10)",
    Kind.INTERPELLATION: "Interpellation (质询案, R51)",
    Kind.INVESTIGATION: "Investigation committee proposal (R51)",
    Kind.RECALL: "Recall motion (罢免案, R51)",
    Kind.EXTRAORDINARY: "Extraordinary session proposal (R52)",
}
