"""One co-signing machine (R06, R12, R51, R52): invitation, confirmation, decline, withdrawal
of a signature, the lead's cancelling of an invitation, and the count against a threshold.

Suggestions and proposals (with the other motions) each keep their own ``CoSigner`` table;
both tables have the same shape (the parent, ``deputy``, ``status``, ``invited_at``,
``responded_at``) and this module works on either. The caller locks the parent row first
(``select_for_update``), checks who acts and the parent's state, then calls one function
here inside the same transaction: a confirmation, a withdrawal and a submission on the same
parent therefore never interleave, and a threshold counted at submission stays true.

The invitation's own states are a small workflow (``INVITATION`` below), declared as data like
the parents' workflows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, ValidationFailed
from lvzhi.core.workflow import Transition, Workflow
from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.actor import deputy_id
from lvzhi.registry.models import Membership


class CoSignStatus(models.TextChoices):
    INVITED = "invited", gettext_lazy("Invited")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")
    DECLINED = "declined", gettext_lazy("Declined")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


# The invitation's states. "lead" and "invitee" are checked by the callers (the lead proposer
# of the parent; the invited deputy); the diagram names them.
INVITATION = Workflow(
    "co-signing invitation",
    CoSignStatus,
    (
        Transition(
            "reinvite",
            (CoSignStatus.DECLINED, CoSignStatus.WITHDRAWN),
            CoSignStatus.INVITED,
            who_label="lead",
        ),
        *(
            Transition(
                step,
                (CoSignStatus.INVITED,),
                target,
                who_label="invitee",
                refused=gettext_lazy("You have already answered this invitation."),
            )
            for step, target in (
                ("confirm", CoSignStatus.CONFIRMED),
                ("decline", CoSignStatus.DECLINED),
            )
        ),
        Transition(
            "withdraw",
            (CoSignStatus.CONFIRMED,),
            CoSignStatus.WITHDRAWN,
            who_label="invitee",
        ),
        Transition(
            "cancel",
            (CoSignStatus.INVITED,),
            CoSignStatus.WITHDRAWN,
            who_label="lead",
            refused=gettext_lazy("Only an invitation not yet answered can be cancelled."),
        ),
    ),
    initial=CoSignStatus.INVITED,
)


# The co-signing steps of every parent's timeline: step, label, data keys.
EVENTS = (
    ("cosigner_invited", gettext_lazy("Co-signer invited"), ("deputy",)),
    ("cosign_confirmed", gettext_lazy("Co-signature confirmed"), ()),
    ("cosign_declined", gettext_lazy("Co-signature declined"), ()),
    (
        "invitation_cancelled",
        gettext_lazy("Invitation to co-sign cancelled by the lead"),
        ("deputy",),
    ),
    ("cosign_withdrawn", gettext_lazy("Co-signature withdrawn"), ()),
)


def define_events(family: Any) -> dict[str, Any]:
    """Registers the co-signing kinds in an app's ``core.events.Family``; their constructors
    by step."""
    return {step: family.define(step, label, *keys) for step, label, keys in EVENTS}


# Invitations still open at submission: the same words for every parent.
PENDING = gettext_lazy(
    "%(n)d invited deputies have not answered yet; wait for them or cancel the invitations."
)


@dataclass(frozen=True)
class Wording:
    """The app's own words for the refusals a person can meet."""

    not_found: str | Promise
    lead_already_on: str | Promise
    not_serving: str | Promise  # with %(name)s
    handed_in: str | Promise  # the parent is no longer a draft
    pending: str | Promise = PENDING  # with %(n)d


@dataclass(frozen=True)
class CoSigning:
    """The co-signing of one kind of parent: ``model`` is its CoSigner table, ``parent`` the
    name of the foreign key to the parent (``"suggestion"``, ``"proposal"``)."""

    model: type[models.Model]
    parent: str
    wording: Wording

    def _rows(self, parent: Any) -> Any:
        return self.model.objects.filter(**{self.parent: parent})  # type: ignore[attr-defined]

    def _locked_row(self, parent: Any, deputy_id: int, *statuses: str) -> Any:
        rows = self._rows(parent).select_for_update().filter(deputy_id=deputy_id)
        if statuses:
            rows = rows.filter(status__in=statuses)
        c = rows.first()
        if c is None:
            raise NotFound(str(self.wording.not_found))
        return c

    def invite(self, parent: Any, deputy: Any, *, lead_id: int, term_id: int) -> Any:
        """The lead invites a deputy serving in the same term (again after a decline or a
        withdrawal)."""
        if deputy.pk == lead_id:
            raise ValidationFailed(str(self.wording.lead_already_on), field="deputy")
        if not registry_selectors.is_serving(deputy.pk, term_id):
            raise ValidationFailed(
                str(self.wording.not_serving) % {"name": deputy.name}, field="deputy"
            )
        c, created = self.model.objects.get_or_create(  # type: ignore[attr-defined]
            **{self.parent: parent, "deputy": deputy}, defaults={"invited_at": clock.now()}
        )
        if not created:
            if c.status in (CoSignStatus.INVITED, CoSignStatus.CONFIRMED):
                raise ValidationFailed(
                    _("%(name)s has already been invited.") % {"name": deputy.name},
                    field="deputy",
                )
            INVITATION.apply("reinvite", c)
            c.invited_at, c.responded_at = clock.now(), None
            c.save(update_fields=["status", "invited_at", "responded_at"])
        return c

    def _answer(
        self, parent: Any, deputy_id: int, step: str, is_draft: bool, handed_in: Any, *statuses: str
    ) -> Any:
        """The deputy's invitation (in ``statuses`` when given) takes the ``step`` of
        ``INVITATION`` while the parent is a draft; the time of the answer is kept."""
        c = self._locked_row(parent, deputy_id, *statuses)
        if not is_draft:
            raise IllegalTransition(str(handed_in or self.wording.handed_in))
        INVITATION.apply(step, c)
        c.responded_at = clock.now()
        c.save(update_fields=["status", "responded_at"])
        return c

    def respond(self, parent: Any, deputy_id: int, *, accept: bool, is_draft: bool) -> Any:
        """The invited deputy confirms or declines."""
        return self._answer(parent, deputy_id, "confirm" if accept else "decline", is_draft, "")

    def withdraw(
        self, parent: Any, deputy_id: int, *, is_draft: bool, handed_in: str | Promise = ""
    ) -> Any:
        """A co-signer takes the signature back while the parent is a draft."""
        return self._answer(
            parent, deputy_id, "withdraw", is_draft, handed_in, CoSignStatus.CONFIRMED
        )

    def cancel(self, parent: Any, deputy_id: int, *, is_draft: bool) -> Any:
        """The lead cancels an invitation not yet answered, so the draft can be handed in
        without waiting for it."""
        return self._answer(parent, deputy_id, "cancel", is_draft, "")

    # Each step as the parent's service takes it, on the parent it has locked and checked:
    # the row changed and the step written to the parent's timeline (``EVENTS``).

    def _log(self, parent: Any, actor: Any, step: str, **data: Any) -> None:
        app = self.model._meta.app_label
        events.constructors(app)[step](**{self.parent: parent}, actor=actor, **data)

    def invite_logged(self, parent: Any, actor: Any, deputy: Any) -> Any:
        c = self.invite(parent, deputy, lead_id=parent.proposer_id, term_id=parent.term_id)
        self._log(parent, actor, "cosigner_invited", deputy=deputy.name)
        return c

    def respond_logged(self, parent: Any, actor: Any, accept: bool) -> Any:
        d = deputy_id(actor) or 0
        c = self.respond(parent, d, accept=accept, is_draft=parent.status == "draft")
        self._log(parent, actor, "cosign_confirmed" if accept else "cosign_declined")
        return c

    def withdraw_logged(self, parent: Any, actor: Any, handed_in: str | Promise = "") -> Any:
        d = deputy_id(actor) or 0
        c = self.withdraw(parent, d, is_draft=parent.status == "draft", handed_in=handed_in)
        self._log(parent, actor, "cosign_withdrawn")
        return c

    def cancel_logged(self, parent: Any, actor: Any, deputy: Any) -> Any:
        c = self.cancel(parent, deputy.pk, is_draft=parent.status == "draft")
        self._log(parent, actor, "invitation_cancelled", deputy=deputy.name)
        return c

    def pending_count(self, parent: Any) -> int:
        return int(self._rows(parent).filter(status=CoSignStatus.INVITED).count())

    def confirmed(self, parent: Any) -> Any:
        return self._rows(parent).filter(status=CoSignStatus.CONFIRMED)

    def require_no_pending(self, parent: Any) -> None:
        """An unanswered invitation holds the submission: the lead waits or cancels it."""
        pending = self.pending_count(parent)
        if pending:
            raise ValidationFailed(str(self.wording.pending) % {"n": pending})

    def serving_confirmed(self, parent: Any, term_id: int) -> list[Any]:
        """The confirmed co-signers still serving in the term (the ones that count)."""
        rows = list(self.confirmed(parent).select_related("deputy"))
        serving = set(
            Membership.objects.filter(
                term_id=term_id, status="serving", deputy_id__in=[c.deputy_id for c in rows]
            ).values_list("deputy_id", flat=True)
        )
        return [c for c in rows if c.deputy_id in serving]


def is_lead(user: Any, parent: Any) -> bool:
    """The parent's lead proposer."""
    return deputy_id(user) == parent.proposer_id


def is_cosigner(user: Any, parent: Any) -> bool:
    """A deputy invited to sign the parent whose signature is not withdrawn."""
    d = deputy_id(user)
    return (
        d is not None
        and parent.cosigners.filter(deputy_id=d).exclude(status=CoSignStatus.WITHDRAWN).exists()
    )


def led_and_cosigned(parents: Any, deputy_id: int, year: int) -> dict[str, list[Any]]:
    """R03 (Art 5): of ``parents`` (a queryset of suggestions or proposals), those the deputy
    led and those they co-signed (confirmed) handed in in ``year``. Two queries."""
    rows = parents.filter(submitted_at__year=year).order_by("submitted_at", "id")
    cosigned = rows.filter(cosigners__deputy_id=deputy_id, cosigners__status=CoSignStatus.CONFIRMED)
    return {"led": list(rows.filter(proposer_id=deputy_id)), "cosigned": list(cosigned)}


def open_invitations(model: Any, parent: str, deputy_id: int | None) -> Any:
    """The invitations of ``model`` (a CoSigner table, ``parent`` its parent's key) a deputy
    has not answered yet, on drafts, newest first, with each draft's lead."""
    return (
        model.objects.filter(
            deputy_id=deputy_id or 0, status=CoSignStatus.INVITED, **{f"{parent}__status": "draft"}
        )
        .select_related(f"{parent}__proposer")
        .order_by("-invited_at")
    )


def _invitation_of(user: Any, parent: Any, status: str) -> bool:
    d = registry_policies.own_deputy_id(user)
    return d is not None and any(
        c.deputy_id == d and c.status == status for c in parent.cosigners.all()
    )


def is_invitee(user: Any, parent: Any) -> bool:
    """Who answers an invitation: the deputy invited and not yet answered."""
    return _invitation_of(user, parent, CoSignStatus.INVITED)


def is_signatory(user: Any, parent: Any) -> bool:
    """Who withdraws a signature: a co-signer who confirmed."""
    return _invitation_of(user, parent, CoSignStatus.CONFIRMED)


def drafting_steps(
    drafts: Sequence[str],
    proposer: Callable[[Any, Any], bool],
    role: str,
    *,
    handed_in: str | Promise,
    signature_refused: str | Promise | None = None,
) -> list[Transition]:
    """The steps on a parent's draft that every parent shares (R06, R12): the lead (``role``)
    edits, invites and cancels an invitation; the invitee co-signs; a co-signer withdraws."""
    return [
        Transition(
            "edit",
            drafts,
            None,
            proposer,
            role,
            refused=gettext_lazy("Only a draft can be changed."),
        ),
        Transition(
            "invite",
            drafts,
            None,
            proposer,
            role,
            refused=gettext_lazy("Co-signers can be invited only while it is a draft."),
        ),
        Transition("cancel_invitation", drafts, None, proposer, role, refused=handed_in),
        Transition("cosign", drafts, None, is_invitee, "invitee", refused=handed_in),
        Transition(
            "withdraw_signature",
            drafts,
            None,
            is_signatory,
            "co-signer",
            refused=signature_refused or handed_in,
        ),
    ]


def signatories_still_needed(confirmed_cosigners: int, required: int) -> int:
    """R06, R51, R52: ``required`` deputies in all, the lead counted as one of them (the law's
    "由10名以上代表联名", "代表十人以上联名", "十分之一以上代表联名"): how many more co-signers
    must confirm (0 when enough)."""
    return max(required - 1 - confirmed_cosigners, 0)
