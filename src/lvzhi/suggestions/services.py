"""Every change of a suggestion's state is one function here: permission, rule, rows in one
transaction, one timeline event (R11-R18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import clock, events
from lvzhi.core.errors import (
    Conflict,
    DomainError,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lvzhi.core.events import Event
from lvzhi.core.http import DOCX
from lvzhi.core.models import User
from lvzhi.core.motions_services import record_plan
from lvzhi.core.uploads import refuse_too_large
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, Role, Session, Term

from . import policies, rules
from .cosigning import CoSigning, Wording
from .models import (
    Assignment,
    AssignmentPlan,
    Attachment,
    Category,
    CoHandlerOpinion,
    Communication,
    CoSigner,
    CoSignStatus,
    Evaluation,
    Extension,
    ExtensionStatus,
    Method,
    NumberSeries,
    Rating,
    Reply,
    ReplyTemplate,
    ResultClass,
    ReturnRequest,
    Screening,
    Status,
    Suggestion,
    UnitRequest,
    UnitRole,
)
from .screening import screen
from .similarity import token_string
from .workflow import WORKFLOW

# The workflow is data (workflow.WORKFLOW): each service applies one transition; anything
# else is an IllegalTransition with a message a person can read.
_move = WORKFLOW.apply

# R12: the one co-signing machine (cosigning.py), shared with proposals and other motions.
COSIGNING = CoSigning(
    CoSigner,
    "suggestion",
    Wording(
        not_found=gettext_lazy("No such suggestion."),
        lead_already_on=gettext_lazy("The proposer is already on the suggestion."),
        not_serving=gettext_lazy("%(name)s holds no serving seat in this congress term."),
        handed_in=gettext_lazy("The suggestion has already been submitted."),
    ),
)


def _event(s: Suggestion, actor: User | None, kind: str, **payload: Any) -> Event:
    """One event in the log through the kind's constructor (``suggestions/events.py``)."""
    return events.constructors("suggestions")[kind](suggestion=s, actor=actor, **payload)


def _unit_users(unit: Organisation) -> Any:
    return registry_selectors.users_with_role_over(unit, frozenset({Role.HANDLING_UNIT}))


def _locked(s: Suggestion) -> Suggestion:
    # of=("self",): lock the suggestion only, not the term row the join reads.
    return Suggestion.objects.select_for_update(of=("self",)).select_related("term").get(pk=s.pk)


def _as_proposer(actor: User, suggestion: Suggestion) -> Suggestion:
    """The suggestion locked, for its proposer (no one else even learns it exists)."""
    s = _locked(suggestion)
    if not policies.is_proposer(actor, s):
        raise NotFound(_("No such suggestion."))
    return s


def _as_unit(actor: User, suggestion: Suggestion) -> tuple[Suggestion, Assignment]:
    """The suggestion locked, for a unit it is assigned to, and that unit's assignment."""
    s = _locked(suggestion)
    a = policies.assignment_for(actor, s)
    if a is None:
        raise NotFound(_("No such suggestion."))
    return s, a


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("The title is required."), field="title")
    if len(title) > 200:
        raise ValidationFailed(_("The title is too long (at most 200 characters)."), field="title")
    body = body.strip()
    if not body:
        raise ValidationFailed(_("The text of the suggestion is required."), field="body")
    if len(body) > 20000:
        raise ValidationFailed(_("The text is too long (at most 20,000 characters)."), field="body")
    return title, body


# ---- deputies ------------------------------------------------------------------------------


@transaction.atomic
def draft_create(
    *,
    actor: User,
    term: Term,
    session: Session | None,
    title: str,
    body: str,
    category: str = Category.OTHER,
) -> Suggestion:
    """A deputy starts a suggestion, during a session (to the secretariat) or between
    sessions (to the working body, R18)."""
    deputy = policies.deputy_id(actor)
    if deputy is None:
        raise PermissionDenied(_("Only deputies write suggestions."))
    if not registry_selectors.is_serving(deputy, term.pk):
        raise ValidationFailed(_("You hold no serving seat in this congress term."), field="term")
    if session is not None and session.term_id != term.pk:
        raise ValidationFailed(_("The session belongs to another term."), field="session")
    if category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    title, body = _clean_text(title, body)
    s = Suggestion.objects.create(
        term=term,
        session=session,
        title=title,
        body=body,
        category=category,
        proposer_id=deputy,
        created_by=actor,
        created_at=clock.now(),
        search_tokens=token_string(title, body),
    )
    _event(s, actor, "drafted")
    return s


@transaction.atomic
def draft_update(
    *, actor: User, suggestion: Suggestion, title: str, body: str, category: str
) -> Suggestion:
    s = _as_proposer(actor, suggestion)
    _move("edit", s)
    if category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    s.title, s.body = _clean_text(title, body)
    s.category = category
    s.search_tokens = token_string(s.title, s.body)
    s.save(update_fields=["title", "body", "category", "search_tokens"])
    _event(s, actor, "draft_edited")
    return s


@transaction.atomic
def draft_withdraw(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """The proposer drops a draft; it stays visible to them as withdrawn."""
    s = _as_proposer(actor, suggestion)
    _move("withdraw", s)
    s.save(update_fields=["status"])
    _event(s, actor, "withdrawn")
    return s


@transaction.atomic
def cosigner_invite(*, actor: User, suggestion: Suggestion, deputy: Deputy) -> CoSigner:
    """R12: the proposer invites another deputy of the same term to sign."""
    s = _as_proposer(actor, suggestion)
    _move("invite", s)
    return COSIGNING.invite_logged(s, actor, deputy)


@transaction.atomic
def cosign_respond(*, actor: User, suggestion: Suggestion, accept: bool) -> CoSigner:
    """R12: each co-signer confirms (or declines) in the platform."""
    return COSIGNING.respond_logged(_locked(suggestion), actor, accept)


@transaction.atomic
def cosign_withdraw(*, actor: User, suggestion: Suggestion) -> CoSigner:
    """A co-signer takes the signature back before submission; the withdrawal is logged."""
    return COSIGNING.withdraw_logged(_locked(suggestion), actor)


@transaction.atomic
def invitation_cancel(*, actor: User, suggestion: Suggestion, deputy: Deputy) -> CoSigner:
    """R12: the proposer cancels an invitation not yet answered, so that the draft can be
    submitted without waiting for it."""
    s = _as_proposer(actor, suggestion)
    _move("cancel_invitation", s)
    return COSIGNING.cancel_logged(s, actor, deputy)


def series_key(s: Suggestion, on: dt.date) -> str:
    """Numbers run per congress term and session, or per year between sessions."""
    if s.session_id:
        return f"T{s.term_id}-S{s.session.number}"  # type: ignore[union-attr]
    return f"T{s.term_id}-Y{on.year}"


def _hand_in(s: Suggestion, now: Any) -> list[Any]:
    """What a submission changes (R12, R18): the status and date, the next number of the
    item's series, and the R11 screening's flags, which it returns."""
    _move("submit", s)
    s.submitted_at = now
    s.series = series_key(s, clock.today())
    s.number = NumberSeries.take(s.series)
    reasons = screen(s.title, s.body)
    s.screening = Screening.FLAGGED if reasons else Screening.NONE
    s.screening_reasons = reasons
    s.save(
        update_fields=[
            "status",
            "submitted_at",
            "series",
            "number",
            "screening",
            "screening_reasons",
        ]
    )
    return reasons


def _flag(s: Suggestion, reasons: list[Any]) -> Suggestion:
    """R11: an item the screening flagged waits for the staff's look."""
    if reasons:
        _event(s, None, "screening_flagged", reasons=[r["kind"] for r in reasons])
    return s


@transaction.atomic
def submit(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """R12, R18: the proposer submits; it gets the next number of its series, and the R11
    screening flags it for staff when it looks like an excluded kind."""
    s = _as_proposer(actor, suggestion)
    COSIGNING.require_no_pending(s)
    now = clock.now()
    reasons = _hand_in(s, now)
    _event(
        s,
        actor,
        "submitted",
        number=s.number,
        cosigners=list(
            CoSigner.objects.filter(suggestion=s, status=CoSignStatus.CONFIRMED).values_list(
                "deputy__name", flat=True
            )
        ),
    )
    return _flag(s, reasons)


# ---- secretariat / working body ------------------------------------------------------------


def _require_staff(actor: User, s: Suggestion) -> None:
    if not policies.is_staff_for(actor, s):
        raise NotFound(_("No such suggestion."))


@transaction.atomic
def screening_decide(
    *, actor: User, suggestion: Suggestion, excluded: bool, note: str = ""
) -> Suggestion:
    """R11: staff confirm that a flagged draft is an excluded kind, or clear the flag."""
    s = _locked(suggestion)
    _require_staff(actor, s)
    if excluded:
        if not note.strip():
            raise ValidationFailed(
                _("Say why it is not a suggestion; the deputy reads it."), field="note"
            )
        _move("screen_exclude", s)
        s.screening = Screening.CONFIRMED
    else:
        _move("screen_clear", s)
        s.screening = Screening.CLEARED
    s.save(update_fields=["status", "screening"])
    _event(s, actor, "screening_excluded" if excluded else "screening_cleared", note=note)
    return s


@transaction.atomic
def classify(
    *, actor: User, suggestion: Suggestion, category: str, key_supervision: bool, is_public: bool
) -> Suggestion:
    """R13, R17: category, the key-supervision flag, public disclosure."""
    s = _locked(suggestion)
    _require_staff(actor, s)
    _move("classify", s)
    if category not in Category.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    s.category, s.key_supervision, s.is_public = category, key_supervision, is_public
    s.save(update_fields=["category", "key_supervision", "is_public"])
    _event(s, actor, "classified", category=category, key_supervision=key_supervision)
    return s


# What a suggestion can be merged into: still in the workflow, not gone.
_NOT_MERGE_TARGETS = (Status.DRAFT, Status.WITHDRAWN, Status.EXCLUDED, Status.MERGED)


def can_merge_into(s: Suggestion, into: Suggestion) -> bool:
    """并案: ``s`` may join ``into`` — another submitted suggestion of the same term, while
    ``s`` itself is still waiting to be assigned. The page offers "Merge into this one" only
    where this holds (issue 22)."""
    return _merge_target_ok(s, into) and "merge" in WORKFLOW.open_steps(s)


def _merge_target_ok(s: Suggestion, into: Suggestion) -> bool:
    return into.pk != s.pk and into.term_id == s.term_id and into.status not in _NOT_MERGE_TARGETS


@transaction.atomic
def merge(*, actor: User, suggestion: Suggestion, into: Suggestion) -> Suggestion:
    """并案: a duplicate joins an earlier suggestion of the same term and is handled with it."""
    s = _locked(suggestion)
    _require_staff(actor, s)
    if not _merge_target_ok(s, into):
        raise ValidationFailed(
            _("Choose another submitted suggestion of the same term."), field="into"
        )
    _move("merge", s)
    s.merged_into = into
    s.save(update_fields=["status", "merged_into"])
    _event(s, actor, "merged", into=into.pk)
    _event(into, actor, "merged_in", other=s.pk)
    return s


@transaction.atomic
def plan_create(
    *, actor: User, title: str, decided_on: dt.date, document_no: str
) -> AssignmentPlan:
    """R13: the assignment plan as decided by the directors' meeting (date, document no.)."""
    from lvzhi.registry.policies import roles_of

    if not roles_of(actor) & policies.STAFF_ROLES:
        raise PermissionDenied(_("Only Standing Committee staff record assignment plans."))
    if not title.strip() or not document_no.strip():
        raise ValidationFailed(_("The title and the document number are required."))
    if decided_on > clock.today():
        raise ValidationFailed(_("The decision date lies in the future."), field="decided_on")
    return record_plan(
        AssignmentPlan,
        "suggestions",
        actor,
        title.strip()[:200],
        decided_on,
        document_no.strip()[:64],
    )


@transaction.atomic
def assign(
    *,
    actor: User,
    suggestion: Suggestion,
    lead: Organisation,
    co_units: Sequence[Organisation] = (),
    plan: AssignmentPlan,
    assigned_on: dt.date | None = None,
) -> Suggestion:
    """R13, R14: assign to one lead unit and any co-handlers under a decided plan; the reply
    is due three calendar months later."""
    s = _locked(suggestion)
    _require_staff(actor, s)
    on = assigned_on or clock.today()
    if on < plan.decided_on:
        raise ValidationFailed(
            _("Assignment cannot precede the plan's decision."), field="assigned_on"
        )
    units = [lead, *co_units]
    if len({u.pk for u in units}) != len(units):
        raise ValidationFailed(_("A unit appears twice."), field="co_units")
    if any(not u.is_handling_unit for u in units):
        raise ValidationFailed(_("Only handling units can be assigned."), field="lead")
    if rules.ASSIGN_TO_OWN_LEVEL and any(
        u.division_id != s.term.congress.division_id for u in units
    ):
        raise ValidationFailed(_("Assign to the organs of the congress's own level."), field="lead")
    _move("assign", s)
    Assignment.objects.filter(suggestion=s).delete()
    Assignment.objects.create(
        suggestion=s, unit=lead, role=UnitRole.LEAD, plan=plan, assigned_on=on
    )
    for unit in co_units:
        Assignment.objects.create(
            suggestion=s, unit=unit, role=UnitRole.CO, plan=plan, assigned_on=on
        )
    s.assigned_on, s.due_on = on, rules.reply_due(on)
    s.save(update_fields=["status", "assigned_on", "due_on"])
    _event(
        s,
        actor,
        "assigned",
        lead=lead.name,
        co=[u.name for u in co_units],
        plan=plan.document_no,
        due_on=s.due_on.isoformat(),
    )
    # The units hear of it through the table of suggestions/notices.py.
    return s


# ---- handling units ------------------------------------------------------------------------


def _require_lead(actor: User, s: Suggestion) -> Assignment:
    a = policies.assignment_for(actor, s)
    if a is None:
        raise NotFound(_("No such suggestion."))
    if a.role != UnitRole.LEAD:
        raise PermissionDenied(
            _(
                "Only the lead unit can do this; co-handling units send "
                "their opinion to the lead unit."
            )
        )
    return a


# ---- a unit's requests to the assigning organ (extension R14, return) ---------------------

Request = TypeVar("Request", Extension, ReturnRequest)


def _unit_request(
    model: type[Request],
    s: Suggestion,
    unit: Organisation,
    actor: User,
    reason: str,
    waiting: str,
    **fields: Any,
) -> Request:
    """A unit's request about ``s``; one of a kind waits for a decision at a time."""
    if model.objects.filter(suggestion=s, status=ExtensionStatus.PENDING).exists():
        raise ValidationFailed(waiting)
    return model.objects.create(
        suggestion=s,
        unit=unit,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=clock.now(),
        **fields,
    )


def _pending(model: type[Request], request: Request, actor: User) -> tuple[Request, Suggestion]:
    """The request and its suggestion locked, for the assigning organ's staff, while the
    request still waits for their decision."""
    r = model.objects.select_for_update().get(pk=request.pk)
    s = _locked(r.suggestion)
    _require_staff(actor, s)
    if r.status != ExtensionStatus.PENDING:
        raise IllegalTransition(_("This request has already been decided."))
    return r, s


def _decide(r: UnitRequest, actor: User, approve: bool) -> None:
    r.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    r.decided_by, r.decided_at = actor, clock.now()
    r.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def extension_request(
    *, actor: User, suggestion: Suggestion, reason: str, requested_due_on: dt.date
) -> Extension:
    """R14: the lead unit asks for more time, with a reason; never past assignment + 6
    months."""
    s = _locked(suggestion)
    a = _require_lead(actor, s)
    _move("extend", s)
    assert s.assigned_on is not None and s.due_on is not None  # the workflow's guard
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the extension."), field="reason")
    cap = rules.reply_cap(s.assigned_on)
    if requested_due_on > cap:
        raise ValidationFailed(
            _(
                "The reply can be due on %(cap)s at the latest: six months after the assignment "
                "(R14, Art 24)."
            )
            % {"cap": cap.isoformat()},
            field="requested_due_on",
        )
    if requested_due_on <= s.due_on:
        raise ValidationFailed(
            _("Ask for a date after the current due date %(due)s.") % {"due": s.due_on.isoformat()},
            field="requested_due_on",
        )
    e = _unit_request(
        Extension,
        s,
        a.unit,
        actor,
        reason,
        _("An extension request is already waiting for a decision."),
        requested_due_on=requested_due_on,
    )
    _event(s, actor, "extension_requested", until=requested_due_on.isoformat(), reason=reason)
    return e


@transaction.atomic
def extension_decide(*, actor: User, extension: Extension, approve: bool) -> Extension:
    """R14: the assigning organ approves or refuses; the deputy sees it on the timeline."""
    e, s = _pending(Extension, extension, actor)
    if approve:
        assert s.assigned_on is not None
        if e.requested_due_on > rules.reply_cap(s.assigned_on):
            raise ValidationFailed(_("The requested date lies beyond the six-month limit."))
        s.due_on = e.requested_due_on
        s.save(update_fields=["due_on"])
    _decide(e, actor, approve)
    _event(
        s,
        actor,
        "extension_approved" if approve else "extension_refused",
        until=e.requested_due_on.isoformat(),
    )
    return e


@transaction.atomic
def reply(*, actor: User, suggestion: Suggestion, result_class: str, body: str) -> Reply:
    """R15: the lead unit replies, with the result class; the deputy is told."""
    s = _locked(suggestion)
    a = _require_lead(actor, s)
    if result_class not in ResultClass.values:
        raise ValidationFailed(_("Choose the result of the handling."), field="result_class")
    if len(body.strip()) < 20:
        raise ValidationFailed(
            _("The reply must answer the suggestion; write at least 20 characters."), field="body"
        )
    _move("reply", s)
    s.search_tokens = f"{token_string(s.title, s.body)} {token_string('', body)}"[:30000]
    s.save(update_fields=["status", "search_tokens"])
    today = clock.today()
    opinions = {o.unit_id: o for o in CoHandlerOpinion.objects.filter(suggestion=s)}
    signoffs = [
        {
            "unit": co.unit.name,
            "sent_on": timezone.localdate(opinions[co.unit_id].sent_at).isoformat()
            if co.unit_id in opinions
            else None,
        }
        for co in Assignment.objects.filter(suggestion=s, role=UnitRole.CO).select_related("unit")
    ]
    r = Reply.objects.create(
        signoffs=signoffs,
        suggestion=s,
        unit=a.unit,
        result_class=result_class,
        body=body.strip(),
        replied_by=actor,
        replied_at=clock.now(),
        on_time=s.due_on is None or today <= s.due_on,
    )
    # The deputies hear of it through the table of suggestions/notices.py.
    _event(s, actor, "replied", result_class=result_class, on_time=r.on_time)
    return r


# ---- deputies after the reply --------------------------------------------------------------


@transaction.atomic
def evaluate(
    *, actor: User, suggestion: Suggestion, rating: str, comment: str = "", rehandle: bool = False
) -> Evaluation:
    """The proposer evaluates the reply; an unsatisfied evaluation may send it back for
    re-handling, which starts a new three-month period under the same six-month cap."""
    s = _as_proposer(actor, suggestion)
    WORKFLOW.check("evaluate_close", s)
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose an evaluation."), field="rating")
    if rehandle and rating != Rating.UNSATISFIED:
        raise ValidationFailed(_("Only an unsatisfied evaluation sends it back."), field="rehandle")
    latest = s.replies.order_by("-replied_at", "-id").first()
    assert latest is not None
    ev = Evaluation.objects.create(
        suggestion=s,
        reply=latest,
        rating=rating,
        comment=comment.strip(),
        rehandle=rehandle,
        evaluated_by=actor,
        evaluated_at=clock.now(),
    )
    if rehandle:
        _move("evaluate_rehandle", s)
        today = clock.today()
        s.assigned_on, s.due_on = today, rules.reply_due(today)
        s.save(update_fields=["status", "assigned_on", "due_on"])
    else:
        _move("evaluate_close", s)
        s.save(update_fields=["status"])
    _event(s, actor, "evaluated", rating=rating, rehandle=rehandle)
    return ev


@transaction.atomic
def return_request(
    *, actor: User, suggestion: Suggestion, reason: str, suggested_unit: str = ""
) -> ReturnRequest:
    """A handling unit asks to return a misassigned item within the working-day window."""
    from lvzhi.core.workdays import working_days_between

    s, a = _as_unit(actor, suggestion)
    _move("request_return", s)
    assert s.assigned_on is not None  # the workflow's guard
    if not reason.strip():
        raise ValidationFailed(_("Say why the suggestion is not for your unit."), field="reason")
    window = rules.RETURN_WINDOW_WORKING_DAYS
    if working_days_between(s.assigned_on, clock.today()) > window:
        raise ValidationFailed(
            _(
                "A return can be asked for within %(n)d working days of the assignment; that "
                "time has passed. Handle it, or talk to the office."
            )
            % {"n": window}
        )
    r = _unit_request(
        ReturnRequest,
        s,
        a.unit,
        actor,
        reason,
        _("A return request is already waiting for a decision."),
        suggested_unit=suggested_unit.strip()[:100],
    )
    _event(s, actor, "return_requested", reason=reason, unit=a.unit.name)
    return r


@transaction.atomic
def return_decide(*, actor: User, request: ReturnRequest, approve: bool) -> ReturnRequest:
    """The office approves a return (the suggestion goes back to be reassigned; the clock
    restarts at the new assignment) or refuses it (the unit keeps handling it)."""
    r, s = _pending(ReturnRequest, request, actor)
    if approve:
        _move("approve_return", s)
        Assignment.objects.filter(suggestion=s).delete()
        Extension.objects.filter(suggestion=s, status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.REFUSED, decided_by=actor, decided_at=clock.now()
        )
        s.assigned_on = s.due_on = None
        s.save(update_fields=["status", "assigned_on", "due_on"])
    _decide(r, actor, approve)
    _event(s, actor, "return_approved" if approve else "return_refused")
    return r


def opinion_due(assigned_on: dt.date) -> dt.date:
    from lvzhi.core.workdays import add_working_days

    return add_working_days(assigned_on, rules.COHANDLER_OPINION_WORKING_DAYS)


@transaction.atomic
def opinion_send(*, actor: User, suggestion: Suggestion, body: str) -> CoHandlerOpinion:
    """R15 (Art 25): a co-handling unit sends its opinion to the lead unit."""
    s, a = _as_unit(actor, suggestion)
    if a.role != UnitRole.CO:
        raise PermissionDenied(_("Only co-handling units send opinions to the lead unit."))
    _move("send_opinion", s)
    assert s.assigned_on is not None  # the workflow's guard
    if len(body.strip()) < 10:
        raise ValidationFailed(_("Write the opinion (at least 10 characters)."), field="body")
    if CoHandlerOpinion.objects.filter(suggestion=s, unit=a.unit).exists():
        raise ValidationFailed(_("Your unit has already sent its opinion."))
    o = CoHandlerOpinion.objects.create(
        suggestion=s,
        unit=a.unit,
        body=body.strip(),
        sent_by=actor,
        sent_at=clock.now(),
        on_time=clock.today() <= opinion_due(s.assigned_on),
    )
    _event(s, actor, "opinion_sent", unit=a.unit.name)
    return o


@transaction.atomic
def communication_record(
    *, actor: User, suggestion: Suggestion, method: str, on: dt.date, summary: str
) -> Communication:
    """R15 (Art 25): a handling unit records how it talked with the deputy."""
    s, a = _as_unit(actor, suggestion)
    if method not in Method.values:
        raise ValidationFailed(_("Choose how you communicated."), field="method")
    if s.assigned_on is None or on < s.assigned_on or on > clock.today():
        raise ValidationFailed(_("The date must lie between the assignment and today."), field="on")
    if len(summary.strip()) < 10:
        raise ValidationFailed(
            _("Summarise what was discussed (at least 10 characters)."), field="summary"
        )
    c = Communication.objects.create(
        suggestion=s,
        unit=a.unit,
        method=method,
        on=on,
        summary=summary.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    _event(s, actor, "communicated", method=str(Method(method).label), unit=a.unit.name)
    return c


@transaction.atomic
def reply_template_save(*, actor: User, unit: Organisation, title: str, body: str) -> ReplyTemplate:
    if not policies.unit_in_scope(actor, unit):
        raise PermissionDenied(_("This unit is outside your scope."))
    if not title.strip() or len(body.strip()) < 10:
        raise ValidationFailed(_("Give the template a title and a text of at least 10 characters."))
    return ReplyTemplate.objects.create(unit=unit, title=title.strip()[:100], body=body.strip())


@transaction.atomic
def reply_template_delete(*, actor: User, template: ReplyTemplate) -> None:
    if not policies.unit_in_scope(actor, template.unit):
        raise PermissionDenied(_("This unit is outside your scope."))
    template.delete()


def _bulk_limit(n: int) -> None:
    """R13/R15: `rules.BULK_MAX` items per request, refused beyond (never cut)."""
    if rules.over_bulk_max(n):
        raise ValidationFailed(bulk_limit_message(n), field="ids")


def bulk_limit_message(n: int) -> str:
    return _("At most %(max)s items can be handled at once; %(n)s were ticked.") % {
        "max": rules.BULK_MAX,
        "n": n,
    }


def assign_many(
    *,
    actor: User,
    suggestions: Sequence[Suggestion],
    lead: Organisation,
    co_units: Sequence[Organisation] = (),
    plan: AssignmentPlan,
    assigned_on: dt.date | None = None,
) -> list[tuple[Suggestion, str]]:
    """Bulk assignment under one plan: each item in its own transaction, so one refusal does
    not undo the others. Returns the refused items with the reason."""
    _bulk_limit(len(suggestions))
    refused: list[tuple[Suggestion, str]] = []
    for s in suggestions:
        try:
            assign(
                actor=actor,
                suggestion=s,
                lead=lead,
                co_units=co_units,
                plan=plan,
                assigned_on=assigned_on,
            )
        except DomainError as exc:
            refused.append((s, exc.message))
    return refused


# ---- inside a handling unit: signing for an item (签收) and its handler (经办人) ------------


def _unit_assignment(actor: User, assignment: Assignment) -> Assignment:
    """The assignment, locked, if the actor handles for its unit; else the same NotFound as a
    missing one."""
    a = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("unit", "suggestion")
        .filter(pk=assignment.pk)
        .first()
    )
    if a is None or not policies.handles_for(actor, a.unit):
        raise NotFound(_("No such suggestion."))
    return a


@transaction.atomic
def assignment_receive(*, actor: User, assignment: Assignment) -> Assignment:
    """The unit signs for an item assigned to it (签收); the deputy sees it on the timeline."""
    a = _unit_assignment(actor, assignment)
    if a.received_at is not None:
        raise Conflict(
            _("Already signed for on %(date)s.")
            % {"date": timezone.localtime(a.received_at).date().isoformat()}
        )
    a.received_at = clock.now()
    a.received_by = actor
    a.save(update_fields=["received_at", "received_by"])
    _event(a.suggestion, actor, "received", unit=a.unit.name)
    return a


@transaction.atomic
def assignment_handler_set(*, actor: User, assignment: Assignment, handler: User) -> Assignment:
    """Name the staff member who handles the item (经办人): one of the unit's own accounts. An
    item not yet signed for is signed for at the same time."""
    a = _unit_assignment(actor, assignment)
    if a.suggestion.status != Status.ASSIGNED:
        raise IllegalTransition(
            _("A handler can only be named while the suggestion is being handled.")
        )
    if not _unit_users(a.unit).filter(pk=handler.pk, is_active=True).exists():
        raise ValidationFailed(
            _("%(name)s does not handle suggestions for %(unit)s.")
            % {"name": handler.get_full_name() or handler.username, "unit": a.unit.name},
            field="handler",
        )
    if a.received_at is None:
        a.received_at = clock.now()
        a.received_by = actor
        _event(a.suggestion, actor, "received", unit=a.unit.name)
    a.handler = handler
    a.save(update_fields=["received_at", "received_by", "handler"])
    _event(a.suggestion, actor, "handler_named", unit=a.unit.name, unit_id=a.unit_id)
    return a


INBOX_BULK_ACTIONS = ("receive", "handler")


def inbox_bulk(
    *,
    actor: User,
    assignments: Sequence[Assignment],
    action: str,
    handler: User | None = None,
) -> list[tuple[Assignment, str]]:
    """Bulk actions on a unit's inbox: each item in its own transaction, so one refusal does
    not undo the others. Returns the refused items with the reason."""
    _bulk_limit(len(assignments))
    if action not in INBOX_BULK_ACTIONS:
        raise ValidationFailed(_("Choose an action."), field="action")
    if action == "handler" and handler is None:
        raise ValidationFailed(_("Choose the handler."), field="handler")
    refused: list[tuple[Assignment, str]] = []
    for a in assignments:
        try:
            if action == "receive":
                assignment_receive(actor=actor, assignment=a)
            else:
                assert handler is not None
                assignment_handler_set(actor=actor, assignment=a, handler=handler)
        except DomainError as exc:
            refused.append((a, exc.message))
    return refused


def attachment_kind(head: bytes, name: str) -> tuple[str, str] | None:
    """(content type, extension) by content: PDF, DOCX/XLSX (a zip with Office parts), JPEG,
    PNG. Anything else, whatever its name, is refused."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"PK\x03\x04"):
        lower = name.lower()
        if lower.endswith(".docx"):
            return (
                DOCX,
                "docx",
            )
        if lower.endswith(".xlsx"):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    return None


def file_kind(data: bytes, name: str) -> tuple[str, str] | None:
    """``attachment_kind`` of a whole file: a .docx or .xlsx must also be a zip holding the
    Office parts' list (a renamed zip is refused)."""
    import io
    import zipfile

    kind = attachment_kind(data[:8], name)
    if kind is not None and kind[1] in ("docx", "xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "[Content_Types].xml" not in zf.namelist():
                    kind = None
        except zipfile.BadZipFile:
            kind = None
    return kind


@transaction.atomic
def attachment_add(*, actor: User, suggestion: Suggestion, upload: Any) -> Attachment:
    """The proposer attaches files to a draft; the lead unit to its reply while handling."""

    from django.core.files.base import ContentFile

    s = _locked(suggestion)
    if not policies.can_attach(actor, s):
        raise PermissionDenied(
            _(
                "Files can be attached by the proposer to a draft, or by the "
                "lead unit while handling."
            )
        )
    if s.attachments.count() >= rules.MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("At most %(n)d files.") % {"n": rules.MAX_ATTACHMENTS}, field="file"
        )
    refuse_too_large(upload, rules.MAX_ATTACHMENT_BYTES, "file")
    data = upload.read()
    kind = file_kind(data, str(upload.name))
    if kind is None:
        raise ValidationFailed(
            _("Attach a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file."), field="file"
        )
    att = Attachment(
        suggestion=s,
        name=str(upload.name)[:200],
        content_type=kind[0],
        size=len(data),
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    att.file.save(f"{s.pk}-{clock.now().timestamp():.0f}.{kind[1]}", ContentFile(data), save=False)
    att.save()
    _event(s, actor, "attached", name=att.name)
    return att


# ---- proposals not placed on the agenda (R09, Art 18) ----------------------------------------


@transaction.atomic
def suggestion_from_proposal(
    *,
    actor: User,
    deputy: Deputy,
    term: Term,
    session: Session | None,
    title: str,
    body: str,
    cosigner_deputies: Sequence[Deputy],
    history_note: str,
) -> Suggestion:
    """R09: a proposal the presidium did not place on the agenda continues as a submitted
    suggestion of its lead proposer, keeping its text and its confirmed co-signers; the
    caller (lvzhi.proposals) has checked who may decide that. The first timeline entry says
    where it came from."""
    title, body = _clean_text(title, body)
    now = clock.now()
    s = Suggestion.objects.create(
        term=term,
        session=session,
        title=title,
        body=body,
        category=Category.OTHER,
        proposer=deputy,
        created_by=actor,
        created_at=now,
        search_tokens=token_string(title, body),
    )
    CoSigner.objects.bulk_create(
        CoSigner(
            suggestion=s,
            deputy=d,
            status=CoSignStatus.CONFIRMED,
            invited_at=now,
            responded_at=now,
        )
        for d in cosigner_deputies
        if d.pk != deputy.pk
    )
    _event(s, actor, "from_proposal", note=history_note)
    reasons = _hand_in(s, now)
    _event(s, actor, "submitted", number=s.number, cosigners=[d.name for d in cosigner_deputies])
    return _flag(s, reasons)
