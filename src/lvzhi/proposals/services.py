"""Every change of a proposal's state is one function here: permission, rule, rows in one
transaction, one timeline event (R06-R10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.events import Event
from lvzhi.core.models import User
from lvzhi.core.motions_services import record_plan
from lvzhi.core.text import clean_text, one_line
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Deputy, Membership, Organisation, Session
from lvzhi.suggestions import services as suggestion_services
from lvzhi.suggestions.cosigning import CoSigning, Wording
from lvzhi.suggestions.models import Suggestion

from . import policies, rules
from . import workflow as wf
from .models import (
    AssignmentPlan,
    Category,
    Consultation,
    CoSigner,
    CoSignStatus,
    Handling,
    Kind,
    NumberSeries,
    Organ,
    Proposal,
    ProposalSettings,
    Reaction,
    Status,
    UnitRole,
)

MAX_TEXT = 20000
# R06, R51, R52: the one co-signing machine, shared with suggestions.
COSIGNING = CoSigning(
    CoSigner,
    "proposal",
    Wording(
        not_found=gettext_lazy("No such proposal."),
        lead_already_on=gettext_lazy("The lead proposer is already on the proposal."),
        not_serving=gettext_lazy("%(name)s is not a serving deputy of this congress and term."),
        handed_in=gettext_lazy("The proposal has already been handed in."),
    ),
)
MAX_NOTE = 2000


def _event(p: Proposal, actor: User | None, kind: str, **payload: Any) -> Event:
    """One event in the log through the kind's constructor (``proposals/events.py``)."""
    return events.constructors("proposals")[kind](proposal=p, actor=actor, **payload)


def _locked(p: Proposal) -> Proposal:
    # of=("self",): lock the proposal row only, not the term and session rows the join reads.
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("term", "session")
        .get(pk=p.pk)
    )


def _step(actor: User, proposal: Proposal, step: str, may: Any = policies.is_proposer) -> Proposal:
    """The proposal locked for ``step`` of its workflow: who may take it (``may(actor, p)``,
    the lead unless said otherwise; no one else even learns it exists), and the workflow's
    check of the step."""
    p = _locked(proposal)
    if not may(actor, p):
        raise NotFound(_("No such proposal."))
    wf.check(step, p)
    return p


def threshold(congress: Congress | int) -> int:
    """R06: deputies a proposal needs in this congress, the lead included (configurable,
    default 10)."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    value = (
        ProposalSettings.objects.filter(congress_id=congress_id)
        .values_list("proposal_cosigners", flat=True)
        .first()
    )
    return value if value is not None else rules.PROPOSAL_SIGNATORIES


def signatories_needed(p: Proposal) -> int:
    """R06, R51, R52: deputies in all, the lead included, this proposal or motion needs.
    Thresholds that are a share of all deputies are computed from the term's current serving
    membership."""
    row = ProposalSettings.objects.filter(congress_id=p.term.congress_id).first()
    row = row or ProposalSettings(congress_id=p.term.congress_id)
    if p.kind == Kind.PROPOSAL:
        return row.proposal_cosigners
    if p.kind == Kind.INTERPELLATION:
        return row.interpellation_cosigners
    serving = Membership.objects.filter(term_id=p.term_id, status="serving").count()
    share = {
        Kind.INVESTIGATION: row.investigation_share,
        Kind.RECALL: row.recall_share,
        Kind.EXTRAORDINARY: row.extraordinary_share,
    }[Kind(p.kind)]
    return rules.share_signatories(serving, share)


def cosigners_still_needed(p: Proposal) -> int:
    """R06, R51, R52: co-signers still to confirm (the page's "还需 k 名")."""
    return rules.signatories_still_needed(confirmed_count(p), signatories_needed(p))


def confirmed_count(p: Proposal) -> int:
    return CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).count()


@transaction.atomic
def settings_update(
    *, actor: User, congress: Congress, proposal_cosigners: int
) -> ProposalSettings:
    """An administrator sets the congress's co-signing threshold (R06): deputies in all, the
    lead included."""
    from lvzhi.registry.models import Role
    from lvzhi.registry.policies import roles_of

    if Role.ADMIN not in roles_of(actor):
        raise PermissionDenied(_("Only administrators change the rule parameters."))
    if not 1 <= proposal_cosigners <= 1000:
        raise ValidationFailed(
            _("The number of co-signers must be between 1 and 1000."), field="proposal_cosigners"
        )
    row, _created = ProposalSettings.objects.update_or_create(
        congress=congress, defaults={"proposal_cosigners": proposal_cosigners}
    )
    events.constructors("proposals")["settings_updated"](
        settings=row, actor=actor, proposal_cosigners=proposal_cosigners
    )
    return row


def _line(value: str, field: str, limit: int, missing: str, too_long: str) -> str:
    """A one-line text from a form: required, and at most ``limit`` characters."""
    value = one_line(value)
    if not value:
        raise ValidationFailed(missing, field=field)
    if len(value) > limit:
        raise ValidationFailed(too_long, field=field)
    return value


def _clean_subject(subject: str) -> str:
    return _line(
        subject,
        "subject",
        200,
        _("The subject (案由) is required."),
        _("The subject is too long (at most 200 characters)."),
    )


def _clean_text(value: str, field: str) -> str:
    value = clean_text(value)
    if len(value) > MAX_TEXT:
        raise ValidationFailed(_("The text is too long (at most 20,000 characters)."), field=field)
    return value


def _clean_motion(kind: str, addressee: str, recall_target: str) -> tuple[str, str]:
    if kind not in Kind.values:
        raise ValidationFailed(_("Choose what you put forward."), field="kind")
    if addressee and addressee not in Organ.values:
        raise ValidationFailed(_("Choose the organ from the list."), field="addressee")
    recall_target = one_line(recall_target)
    if len(recall_target) > 200:
        raise ValidationFailed(
            _("The name and post are too long (at most 200 characters)."), field="recall_target"
        )
    if kind != Kind.INTERPELLATION:
        addressee = ""
    if kind != Kind.RECALL:
        recall_target = ""
    return addressee, recall_target


def _clean_document(on: dt.date | None, document_no: str) -> str:
    if on is None:
        raise ValidationFailed(_("The date of the decision is required."), field="on")
    if on > clock.today():
        raise ValidationFailed(_("The date cannot be in the future."), field="on")
    return _line(
        document_no,
        "document_no",
        64,
        _("The document number is required."),
        _("The document number is too long (at most 64 characters)."),
    )


# ---- deputies: drafting and co-signing (R06-R08) ----------------------------------------------


@transaction.atomic
def draft_create(
    *,
    actor: User,
    session: Session,
    subject: str,
    grounds: str = "",
    plan: str = "",
    category: str = Category.OTHER,
    exclusions_confirmed: bool = False,
    kind: str = Kind.PROPOSAL,
    addressee: str = "",
    recall_target: str = "",
) -> Proposal:
    """A deputy starts a proposal (or another motion, R51) for a session of a congress in
    which they serve."""
    deputy = policies.deputy_id(actor)
    if deputy is None:
        raise PermissionDenied(_("Only deputies put forward proposals."))
    seat = (
        Membership.objects.filter(deputy_id=deputy, term_id=session.term_id, status="serving")
        .only("delegation_id")
        .first()
    )
    if seat is None:
        raise ValidationFailed(
            _("You hold no serving seat in the congress of this session."), field="session"
        )
    if category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    addressee, recall_target = _clean_motion(kind, addressee, recall_target)
    p = Proposal.objects.create(
        term_id=session.term_id,
        session=session,
        kind=kind,
        addressee=addressee,
        recall_target=recall_target,
        subject=_clean_subject(subject),
        grounds=_clean_text(grounds, "grounds"),
        plan=_clean_text(plan, "plan"),
        category=category,
        exclusions_confirmed=exclusions_confirmed,
        proposer_id=deputy,
        delegation_id=seat.delegation_id,
        created_by=actor,
        created_at=clock.now(),
    )
    _event(p, actor, "drafted")
    return p


@transaction.atomic
def draft_update(
    *,
    actor: User,
    proposal: Proposal,
    subject: str,
    grounds: str,
    plan: str,
    category: str,
    exclusions_confirmed: bool,
    addressee: str = "",
    recall_target: str = "",
) -> Proposal:
    p = _step(actor, proposal, "edit")
    if category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    p.subject = _clean_subject(subject)
    p.grounds = _clean_text(grounds, "grounds")
    p.plan = _clean_text(plan, "plan")
    p.category = category
    p.exclusions_confirmed = exclusions_confirmed
    p.addressee, p.recall_target = _clean_motion(p.kind, addressee, recall_target)
    p.save(
        update_fields=[
            "subject",
            "grounds",
            "plan",
            "category",
            "exclusions_confirmed",
            "addressee",
            "recall_target",
        ]
    )
    _event(p, actor, "draft_edited")
    return p


@transaction.atomic
def draft_abandon(*, actor: User, proposal: Proposal) -> Proposal:
    p = _step(actor, proposal, "abandon")
    wf.apply("abandon", p)
    p.save(update_fields=["status"])
    _event(p, actor, "abandoned")
    return p


@transaction.atomic
def cosigner_invite(*, actor: User, proposal: Proposal, deputy: Deputy) -> CoSigner:
    """R06: co-signers are deputies serving in the same congress and term."""
    return COSIGNING.invite_logged(_step(actor, proposal, "invite"), actor, deputy)


@transaction.atomic
def cosign_respond(*, actor: User, proposal: Proposal, accept: bool) -> CoSigner:
    """R06: each co-signer confirms in the platform. The proposal row is locked first, so a
    confirmation and a submission never interleave; a second confirmation finds the
    invitation already answered."""
    return COSIGNING.respond_logged(_locked(proposal), actor, accept)


@transaction.atomic
def cosign_withdraw(*, actor: User, proposal: Proposal) -> CoSigner:
    """R06: a co-signer takes the signature back while the proposal is a draft. Under the
    proposal's row lock: it either happens before a submission (which then re-counts) or
    finds the proposal handed in and is refused."""
    p = _locked(proposal)
    return COSIGNING.withdraw_logged(p, actor, wf.workflow_of(p)["withdraw_signature"].refused)


@transaction.atomic
def invitation_cancel(*, actor: User, proposal: Proposal, deputy: Deputy) -> CoSigner:
    """R06: the lead proposer cancels an invitation not yet answered, so that the draft can
    be handed in without waiting for it (an unanswered invitation holds the submission)."""
    return COSIGNING.cancel_logged(_step(actor, proposal, "cancel_invitation"), actor, deputy)


def check_complete(p: Proposal) -> None:
    """R07, R08: the three parts, an admissible category and the exclusions confirmed;
    R51: the parts of the other motions."""
    missing = rules.missing_parts_of(p)
    if missing and p.kind != Kind.PROPOSAL:
        raise ValidationFailed(
            _("It cannot be handed in: the %(parts)s is missing.")
            % {"parts": "、".join(label for _key, label in missing)},
            field=missing[0][0],
        )
    if p.kind != Kind.PROPOSAL:
        return
    if missing:
        raise ValidationFailed(
            _("The proposal cannot be handed in: the %(parts)s is missing (Art 16).")
            % {"parts": "、".join(label for _key, label in missing)},
            field=missing[0][0],
        )
    if p.category not in Category.values:
        raise ValidationFailed(_("Choose a category (Art 14)."), field="category")
    if not p.exclusions_confirmed:
        raise ValidationFailed(
            _("Confirm that the proposal concerns none of the excluded matters (Art 15)."),
            field="exclusions_confirmed",
        )


def check_deadline(p: Proposal) -> None:
    """R09: refused after the session's proposal deadline (with the offer to re-file it as a
    suggestion, which the page shows)."""
    session = p.session
    if p.kind == Kind.EXTRAORDINARY:
        if not between_sessions(session):
            raise ValidationFailed(
                _(
                    "An extraordinary session is proposed between sessions: after %(session)s "
                    "has closed and before the next one opens."
                )
                % {"session": session}
            )
        return
    if p.kind != Kind.PROPOSAL:
        if clock.today() > session.closes_on:
            raise ValidationFailed(
                _("The session has closed; the motion can no longer be handed in.")
            )
        return
    if session.proposal_deadline is None:
        raise ValidationFailed(
            _("The secretariat has not opened this session for proposals (no deadline is set).")
        )
    if rules.deadline_passed(session.proposal_deadline, clock.now()):
        raise ValidationFailed(
            _(
                "The deadline for proposals to this session (%(deadline)s) has passed. You can "
                "put the text forward as a suggestion instead."
            )
            % {"deadline": clock_text(session.proposal_deadline)}
        )


def between_sessions(session: Session) -> bool:
    """R52: the session has closed, no later session of the term has opened, and the term
    has not ended."""
    today = clock.today()
    later = Session.objects.filter(
        term_id=session.term_id, opens_on__gt=session.opens_on, opens_on__lte=today
    ).exists()
    return session.closes_on < today <= session.term.ends_on and not later


def clock_text(at: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _check_signatures(p: Proposal) -> list[str]:
    """R06, inside the proposal's lock: enough confirmed co-signers, every one still serving
    in the term. Returns their names."""
    COSIGNING.require_no_pending(p)
    valid = COSIGNING.serving_confirmed(p, p.term_id)
    need = rules.signatories_still_needed(len(valid), signatories_needed(p))
    if need:
        raise ValidationFailed(
            _("%(n)d more deputies must co-sign (Art 13).") % {"n": need}, field="cosigners"
        )
    return [c.deputy.name for c in valid]


SERIES_PREFIX = {
    Kind.PROPOSAL: "P",
    Kind.INTERPELLATION: "I",
    Kind.INVESTIGATION: "V",
    Kind.RECALL: "R",
    Kind.EXTRAORDINARY: "E",
}


def series_key(p: Proposal) -> str:
    """Numbers run per kind of motion and session."""
    return f"{SERIES_PREFIX[Kind(p.kind)]}-T{p.term_id}-S{p.session.number}"


def _receive(p: Proposal, actor: User) -> None:
    """The secretariat receives it: the next gap-free number of the session."""
    wf.apply("forward" if p.status == Status.AT_DELEGATION else "submit_to_secretariat", p)
    p.submitted_at = clock.now()
    p.series = series_key(p)
    p.number = NumberSeries.take(p.series)
    p.save(update_fields=["status", "submitted_at", "series", "number"])
    _event(p, actor, "submitted", number=p.number)


@transaction.atomic
def submit(*, actor: User, proposal: Proposal) -> Proposal:
    """R06-R09: the lead proposer hands the proposal to the delegation (or, for a deputy
    without one, to the secretariat). The co-signers are counted under the proposal's row
    lock, so a withdrawal racing with this call is either counted or refused."""
    p = _locked(proposal)
    if not policies.is_proposer(actor, p):
        raise NotFound(_("No such proposal."))
    wf.check("submit_to_delegation" if p.delegation_id else "submit_to_secretariat", p)
    check_complete(p)
    check_deadline(p)
    names = _check_signatures(p)
    p.signed_at = clock.now()
    if p.delegation_id is None:
        _event(p, actor, "signed", deputy=names)
        _receive(p, actor)
        return p
    wf.apply("submit_to_delegation", p)
    p.save(update_fields=["status", "signed_at"])
    delegation = Organisation.objects.get(pk=p.delegation_id)
    _event(p, actor, "signed", deputy=names, delegation=delegation.name)
    return p


@transaction.atomic
def forward(*, actor: User, proposal: Proposal) -> Proposal:
    """R09 (Art 18): the delegation hands the proposal to the secretariat before the deadline."""
    p = _step(actor, proposal, "forward", policies.is_delegation_staff)
    check_deadline(p)
    _receive(p, actor)
    return p


@transaction.atomic
def move_to_suggestion(*, actor: User, proposal: Proposal) -> Suggestion:
    """R09: after the deadline the draft's text becomes a suggestion draft of the proposer,
    who then invites co-signers and submits it in the suggestion workflow."""
    p = _step(actor, proposal, "move_to_suggestion")
    s = suggestion_services.draft_create(
        actor=actor,
        term=p.term,
        session=p.session,
        title=p.subject,
        body=suggestion_text(p),
    )
    wf.apply("move_to_suggestion", p)
    p.suggestion = s
    p.save(update_fields=["status", "suggestion"])
    _event(p, actor, "moved", suggestion=s.pk)
    return s


def suggestion_text(p: Proposal) -> str:
    parts = [
        (_("Grounds"), p.grounds),
        (_("Plan"), p.plan),
    ]
    return "\n\n".join(f"{label}：\n{text}" for label, text in parts if text.strip()) or p.subject


# ---- review during the session (R09) ---------------------------------------------------------


def _review(actor: User, proposal: Proposal, step: str) -> Proposal:
    return _step(actor, proposal, step, policies.can_review)


@dataclass(frozen=True)
class _Document:
    """A written step of the review (R09, R51): its text, date and document number go to the
    fields named here, and it cannot be dated before the earlier step's date (``after``)."""

    step: str  # the workflow's transition
    event: str
    text: str
    date: str
    number: str
    text_missing: Any
    after: str = ""
    too_early: Any = ""


_RECOMMENDATION = _Document(
    "recommend",
    "recommended",
    "recommendation",
    "recommended_on",
    "recommendation_no",
    gettext_lazy("Write the recommendation."),
)
_REPORT = _Document(
    "report",
    "reported",
    "report",
    "reported_on",
    "report_no",
    gettext_lazy("Write the report's conclusion."),
    after="recommended_on",
    too_early=gettext_lazy("The report cannot be dated before the recommendation."),
)
_ANSWER = _Document(
    "answer",
    "answered",
    "answer",
    "answered_on",
    "answer_no",
    gettext_lazy("Write the answer."),
    after="decided_on",
    too_early=gettext_lazy("The answer cannot be dated before the presidium's decision."),
)


def _record_document(
    d: _Document, actor: User, proposal: Proposal, text: str, on: dt.date | None, number: str
) -> Proposal:
    p = _review(actor, proposal, d.step)
    text = _clean_text(text, "text")
    if not text:
        raise ValidationFailed(str(d.text_missing), field="text")
    number = _clean_document(on, number)
    earlier = getattr(p, d.after) if d.after else None
    if earlier and on and on < earlier:
        raise ValidationFailed(str(d.too_early), field="on")
    setattr(p, d.text, text)
    setattr(p, d.date, on)
    setattr(p, d.number, number)
    wf.apply(d.step, p)
    p.save(update_fields=[d.text, d.date, d.number, "status"])
    _event(p, actor, d.event, on=str(on), document_no=number)
    return p


def _set_decision(
    p: Proposal, on: dt.date | None, document_no: str, *, after_report: bool = False
) -> None:
    """The presidium's decision (R09, R51): its date and document number."""
    p.decision_no = _clean_document(on, document_no)
    if after_report and p.reported_on and on and on < p.reported_on:
        raise ValidationFailed(_("The decision cannot be dated before the report."), field="on")
    p.decided_on = on


def _record_decision(actor: User, p: Proposal, step: str, event: str) -> Proposal:
    wf.apply(step, p)
    p.save(update_fields=["decided_on", "decision_no", "status"])
    _event(p, actor, event, on=str(p.decided_on), document_no=p.decision_no)
    return p


@transaction.atomic
def recommend(
    *, actor: User, proposal: Proposal, text: str, on: dt.date | None, document_no: str
) -> Proposal:
    """R09: the secretariat's recommendation on how to handle the proposal."""
    return _record_document(_RECOMMENDATION, actor, proposal, text, on, document_no)


@transaction.atomic
def committee_report(
    *, actor: User, proposal: Proposal, text: str, on: dt.date | None, document_no: str
) -> Proposal:
    """R09: the review committee's report to the presidium, after the recommendation."""
    return _record_document(_REPORT, actor, proposal, text, on, document_no)


@transaction.atomic
def presidium_decide(
    *, actor: User, proposal: Proposal, placed: bool, on: dt.date | None, document_no: str
) -> Proposal:
    """R09: the presidium decides on the committee's report. Not placed: the proposal
    continues as a suggestion keeping its text, co-signers and history. R51: the presidium
    hands an interpellation to the organ, or puts the other motions to the meeting."""
    p = _locked(proposal)
    if p.kind != Kind.PROPOSAL:
        return _decide_motion(actor, p, placed, on, document_no)
    p = _review(actor, proposal, "place" if placed else "not_place")
    _set_decision(p, on, document_no, after_report=True)
    if placed:
        return _record_decision(actor, p, "place", "placed")
    wf.apply("not_place", p)
    cosigners = [
        c.deputy
        for c in CoSigner.objects.filter(proposal=p, status=CoSignStatus.CONFIRMED).select_related(
            "deputy"
        )
    ]
    p.suggestion = suggestion_services.suggestion_from_proposal(
        actor=actor,
        deputy=p.proposer,
        term=p.term,
        session=p.session,
        title=p.subject,
        body=suggestion_text(p),
        cosigner_deputies=cosigners,
        history_note=history_note(p),
    )
    p.save(update_fields=["decided_on", "decision_no", "status", "suggestion"])
    _event(
        p,
        actor,
        "not_placed",
        on=str(on),
        document_no=p.decision_no,
        suggestion=p.suggestion.number,
    )
    return p


def _decide_motion(
    actor: User, p: Proposal, placed: bool, on: dt.date | None, document_no: str
) -> Proposal:
    p = _review(actor, p, "place" if placed else "not_place")
    _set_decision(p, on, document_no)
    kind = "not_adopted"
    if placed:
        kind = "handed_to_organ" if p.kind == Kind.INTERPELLATION else "put_to_meeting"
    if p.kind == Kind.EXTRAORDINARY:
        kind = "convened" if placed else "not_convened"
    return _record_decision(actor, p, "place" if placed else "not_place", kind)


@transaction.atomic
def answer_record(
    *, actor: User, proposal: Proposal, text: str, on: dt.date | None, document_no: str
) -> Proposal:
    """R51: the organ's answer to an interpellation (at a meeting or in writing)."""
    return _record_document(_ANSWER, actor, proposal, text, on, document_no)


@transaction.atomic
def reaction_record(*, actor: User, proposal: Proposal, reaction: str, note: str) -> Proposal:
    """R51: the deputies (through the lead) say whether the answer satisfies them."""
    p = _step(actor, proposal, "react")
    if reaction not in Reaction.values:
        raise ValidationFailed(_("Choose whether the answer satisfies you."), field="reaction")
    note = clean_text(note)
    if len(note) > MAX_NOTE:
        raise ValidationFailed(
            _("The comment is too long (at most 2,000 characters)."), field="note"
        )
    p.reaction, p.reaction_note = reaction, note
    p.save(update_fields=["reaction", "reaction_note"])
    _event(p, actor, "reaction", note=f"{Reaction(reaction).label} {note}".strip())
    return p


def history_note(p: Proposal) -> str:
    """The proposal's history, carried into the suggestion's first timeline entry."""
    lines = [
        _("Proposal no. %(number)s of %(session)s") % {"number": p.number, "session": p.session}
    ]
    for e in events.of(p).exclude(
        kind__in=[
            "proposals.cosigner_invited",
            "proposals.cosign_declined",
            "proposals.invitation_cancelled",
        ]
    ):
        from django.utils import timezone

        lines.append(
            f"{timezone.localtime(e.occurred_at):%Y-%m-%d} {e.label}"
            + (f"（{e.detail}）" if e.detail else "")
        )
    return "；".join(lines)[:MAX_NOTE]


@transaction.atomic
def withdrawal_request(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """R09: the proposers ask to withdraw before the presidium's vote."""
    p = _step(actor, proposal, "request_withdrawal")
    reason = _line(
        reason,
        "reason",
        MAX_NOTE,
        _("Give the reason for the withdrawal."),
        _("The reason is too long (at most 2,000 characters)."),
    )
    p.withdrawal_reason, p.withdrawal_requested_at = reason, clock.now()
    p.save(update_fields=["withdrawal_reason", "withdrawal_requested_at"])
    _event(p, actor, "withdrawal_requested", note=reason)
    return p


@transaction.atomic
def withdrawal_consent(
    *, actor: User, proposal: Proposal, on: dt.date | None, document_no: str
) -> Proposal:
    """R09: with the presidium's consent the review of the proposal ends."""
    p = _review(actor, proposal, "consent_withdrawal")
    _set_decision(p, on, document_no)
    return _record_decision(actor, p, "consent_withdrawal", "withdrawn")


# ---- after the session (R10) ----------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor: User, title: str, decided_on: dt.date | None, document_no: str
) -> AssignmentPlan:
    """R10 (Art 19): the assignment plan as decided by the directors' meeting."""
    if not policies.records_plans(actor):
        raise PermissionDenied(_("Only the Standing Committee's working body records plans."))
    title = _line(
        title,
        "title",
        200,
        _("The title is required."),
        _("The title is too long (at most 200 characters)."),
    )
    document_no = _clean_document(decided_on, document_no)
    assert decided_on is not None
    return record_plan(AssignmentPlan, "proposals", actor, title, decided_on, document_no)


@transaction.atomic
def assign(
    *,
    actor: User,
    proposal: Proposal,
    plan: AssignmentPlan,
    lead: Organisation,
    co_units: Sequence[Organisation] = (),
    assigned_on: dt.date | None = None,
) -> Proposal:
    """R10: a placed proposal goes to its handling bodies under the directors' meeting's plan,
    after the session has closed."""
    p = _step(actor, proposal, "assign", policies.can_assign)
    on = assigned_on or clock.today()
    if on < p.session.closes_on:
        raise ValidationFailed(
            _("Proposals are assigned after the session has closed (Art 19)."), field="assigned_on"
        )
    if on < plan.decided_on:
        raise ValidationFailed(
            _("The assignment cannot be dated before the directors' meeting decision."),
            field="assigned_on",
        )
    if on > clock.today():
        raise ValidationFailed(_("The date cannot be in the future."), field="assigned_on")
    units = [lead, *[u for u in co_units if u.pk != lead.pk]]
    if any(not (u.is_handling_unit and u.is_active) for u in units):
        raise ValidationFailed(_("Choose handling bodies from the list."), field="lead")
    Handling.objects.bulk_create(
        Handling(
            proposal=p,
            unit=u,
            role=UnitRole.LEAD if i == 0 else UnitRole.CO,
            plan=plan,
            assigned_on=on,
        )
        for i, u in enumerate(units)
    )
    wf.apply("assign", p)
    p.save(update_fields=["status"])
    _event(
        p,
        actor,
        "assigned",
        plan=str(plan),
        lead=lead.name,
        co=[u.name for u in units[1:]],
        on=str(on),
    )
    return p


@transaction.atomic
def result_report(
    *, actor: User, proposal: Proposal, text: str, on: dt.date | None = None
) -> Handling:
    """R10: a handling body reports its result; the lead body's report completes it."""
    p = _locked(proposal)
    h = policies.handling_for(actor, p)
    if h is None:
        raise NotFound(_("No such proposal."))
    wf.check("report_result", p)
    if h.reported_on is not None:
        raise IllegalTransition(_("Your unit has already reported its result."))
    text = _clean_text(text, "text")
    if not text:
        raise ValidationFailed(_("Write the handling result."), field="text")
    on = on or clock.today()
    if on > clock.today() or on < h.assigned_on:
        raise ValidationFailed(_("The date must lie between the assignment and today."), field="on")
    h.result, h.reported_on = text, on
    h.save(update_fields=["result", "reported_on"])
    _event(p, actor, "result", unit=h.unit.name, on=str(on))
    if h.role == UnitRole.LEAD:
        wf.apply("complete", p)
        p.save(update_fields=["status"])
    return h


@transaction.atomic
def legislation_link(*, actor: User, proposal: Proposal, project: str) -> Proposal:
    """R10: a legislative proposal is linked to the legislative project it led to."""
    p = _step(actor, proposal, "link_legislation", policies.can_assign)
    project = _line(
        project,
        "project",
        200,
        _("Name the legislative project."),
        _("The name is too long (at most 200 characters)."),
    )
    p.legislative_project = project
    p.save(update_fields=["legislative_project"])
    _event(p, actor, "legislation", project=project)
    return p


# R50 (Art 17): consulting the departments concerned before a draft is handed in.


def _bounded(value: str, field: str, limit: int, empty: str) -> str:
    value = clean_text(value)
    if not value:
        raise ValidationFailed(empty, field=field)
    if len(value) > limit:
        raise ValidationFailed(
            _("The text is too long (at most %(n)d characters).") % {"n": limit}, field=field
        )
    return value


@transaction.atomic
def consultation_request(
    *,
    actor: User,
    department: Organisation,
    question: str,
    proposal: Proposal | None = None,
    suggestion: Suggestion | None = None,
) -> Consultation:
    """R50 (Art 17): the deputy of a draft (a proposal's or a suggestion's) asks a department
    concerned about it before handing it in. The department gets what is sent — the draft's
    subject and text as they are now and the question — and a notification; the draft stays
    the deputies' own."""
    from lvzhi.suggestions.models import Status as SuggestionStatus

    if (proposal is None) == (suggestion is None):
        raise ValidationFailed(_("Name the draft the consultation is about."))
    d = policies.deputy_id(actor)
    if proposal is not None:
        owner, is_draft = proposal.proposer_id, proposal.status == Status.DRAFT
        term = proposal.term
        subject = proposal.subject
        text = "\n\n".join(t for t in (proposal.grounds, proposal.plan) if t)
        draft_label = proposal.subject
    else:
        assert suggestion is not None
        owner, is_draft = suggestion.proposer_id, suggestion.status == SuggestionStatus.DRAFT
        term = suggestion.term
        subject, text, draft_label = suggestion.title, suggestion.body, suggestion.title
    if d is None or d != owner:
        raise PermissionDenied(_("Only the draft's deputy consults departments about it."))
    if not is_draft:
        raise IllegalTransition(
            _("The draft has been handed in; departments are consulted before that.")
        )
    levels = [term.congress.division_id] if rules.CONSULTATION_DEPARTMENT_LEVEL_ONLY else None
    if not registry_selectors.handling_units(levels).filter(pk=department.pk).exists():
        raise ValidationFailed(
            _("Choose a department of this congress's level from the list."), field="department"
        )
    question = _bounded(
        question,
        "question",
        rules.CONSULTATION_QUESTION_MAX,
        _("Write what you would like to ask the department."),
    )
    c = Consultation.objects.create(
        proposal=proposal,
        suggestion=suggestion,
        term=term,
        deputy_id=d,
        department=department,
        subject=subject[:200],
        text=text,
        question=question,
        asked_by=actor,
        asked_at=clock.now(),
    )
    events.constructors("proposals")["consultation_requested"](
        consultation=c,
        actor=actor,
        deputy=str(c.deputy),
        department=department.name,
        draft=draft_label,
    )
    return c


@transaction.atomic
def consultation_answer(*, actor: User, consultation: Consultation, answer: str) -> Consultation:
    """R50 (Art 17): the department asked answers, once; the deputy is told."""
    c = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("department", "deputy__user")
        .get(pk=consultation.pk)
    )
    if not policies.answers_consultation(actor, c):
        raise NotFound(_("No such consultation."))
    if c.answered_at is not None:
        raise IllegalTransition(_("The consultation has already been answered."))
    c.answer = _bounded(
        answer, "answer", rules.CONSULTATION_ANSWER_MAX, _("Write the department's answer.")
    )
    c.answered_by = actor
    c.answered_at = clock.now()
    c.save(update_fields=["answer", "answered_by", "answered_at"])
    events.constructors("proposals")["consultation_answered"](
        consultation=c, actor=actor, department=c.department.name
    )
    return c
