"""Proposals (议案) of deputies to the congress (Art 13-19; SPEC section 3, R06-R10)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.models import Event
from lvzhi.registry import fields
from lvzhi.suggestions.cosigning import CoSignStatus as CoSignStatus  # one status set for all
from lvzhi.suggestions.models import AssignmentPlanBase, CoSignerBase, MotionBase, NumberSeriesBase

from . import rules


class Category(models.TextChoices):
    """R07 (Art 14): the admissible subjects of a proposal."""

    LEGISLATION = "legislation", _("Making, amending, repealing or interpreting a regulation")
    SUPERVISION = (
        "supervision",
        _("Supervision of the government, commission, court or procuratorate"),
    )
    MAJOR_MATTER = "major_matter", _("Major matter for the congress or its Standing Committee")
    OTHER = "other", _("Other matter within the congress's competence")


class Kind(models.TextChoices):
    """Motions deputies put forward jointly during a session (Art 13-19 and Art 31)."""

    PROPOSAL = "proposal", _("Proposal (议案)")
    INTERPELLATION = "interpellation", _("Interpellation (质询案)")
    INVESTIGATION = "investigation", _("Proposal to form an investigation committee")
    RECALL = "recall", _("Recall motion (罢免案)")
    EXTRAORDINARY = "extraordinary", _("Proposal to convene an extraordinary session")


class Organ(models.TextChoices):
    """R51: the organs an interpellation may be addressed to."""

    GOVERNMENT = "government", _("People's government or one of its departments")
    SUPERVISORY = "supervisory", _("Supervisory commission")
    COURT = "court", _("Intermediate people's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")


class Reaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied with the answer")
    UNSATISFIED = "unsatisfied", _("Not satisfied with the answer")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AT_DELEGATION = "at_delegation", _("With the delegation")
    SUBMITTED = "submitted", _("Received by the secretariat")
    RECOMMENDED = "recommended", _("Secretariat recommendation made")
    REPORTED = "reported", _("Reported by the review committee")
    PLACED = "placed", _("Placed on the agenda")
    NOT_PLACED = "not_placed", _("Not placed; handled as a suggestion")
    WITHDRAWN = "withdrawn", _("Withdrawn by the proposers")
    ASSIGNED = "assigned", _("Assigned for handling")
    COMPLETED = "completed", _("Handling reported")
    NOT_ADOPTED = "not_adopted", _("Not put to the meeting")
    ANSWERED = "answered", _("Answered by the organ")
    ABANDONED = "abandoned", _("Draft dropped")
    MOVED = "moved", _("Re-filed as a suggestion")


# Before the presidium's vote the proposers may ask to withdraw (R09, Art 18).
UNDER_REVIEW = (Status.SUBMITTED, Status.RECOMMENDED, Status.REPORTED)


class ProposalSettings(models.Model):
    """R06, R51, R52: co-signing thresholds of one congress (defaults from the regulation and
    the Local Organic Law). Every threshold counts the deputies in all, the lead included."""

    congress = models.OneToOneField(
        "registry.Congress",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("congress"),
    )
    # R06, R51: deputies in all, the lead proposer counted among them.
    proposal_cosigners = models.PositiveSmallIntegerField(
        _("deputies needed for a proposal, the lead included"),
        default=rules.PROPOSAL_SIGNATORIES,
    )
    interpellation_cosigners = models.PositiveSmallIntegerField(
        _("deputies needed for an interpellation, the lead included"),
        default=rules.INTERPELLATION_SIGNATORIES,
    )
    investigation_share = models.PositiveSmallIntegerField(
        _("investigation committee: one in how many of all deputies"),
        default=rules.INVESTIGATION_SHARE,
    )
    recall_share = models.PositiveSmallIntegerField(
        _("recall motion: one in how many of all deputies"), default=rules.RECALL_SHARE
    )
    extraordinary_share = models.PositiveSmallIntegerField(
        _("extraordinary session: one in how many of all deputies"),
        default=rules.EXTRAORDINARY_SHARE,
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(proposal_cosigners__gte=1), name="proposal_threshold_positive"
            ),
            models.CheckConstraint(
                condition=Q(interpellation_cosigners__gte=1, investigation_share__gte=1)
                & Q(recall_share__gte=1, extraordinary_share__gte=1),
                name="motion_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress_id}: {self.proposal_cosigners}"


class NumberSeries(NumberSeriesBase):
    """Gap-free proposal numbers, one row per kind of motion and session."""


class Proposal(MotionBase):
    session = fields.session()
    kind = fields.choice(Kind.PROPOSAL, _("kind"), db_index=True)
    subject = models.CharField(_("subject (案由)"), max_length=200)
    # R51: an interpellation names the organ it questions; a recall motion the person.
    addressee = models.CharField(
        _("organ questioned"), max_length=16, choices=Organ.choices, blank=True
    )
    recall_target = models.CharField(
        _("person to be recalled and post"), max_length=200, blank=True
    )
    grounds = models.TextField(_("grounds (案据)"), blank=True)
    plan = models.TextField(_("plan (方案)"), blank=True)
    category = fields.choice(Category.OTHER, _("category"))
    exclusions_confirmed = models.BooleanField(_("none of the excluded matters"), default=False)
    status = fields.choice(Status.DRAFT, _("status"), db_index=True)
    proposer = fields.deputy(_("lead proposer"), related_name="proposals")
    delegation = fields.organisation(_("delegation"), null=True, blank=True)
    signed_at = models.DateTimeField(_("handed to the delegation at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("received by the secretariat at"), null=True, blank=True)
    # Each step of the review (R09) and of the handling (R10) carries a date and a document
    # number: the decision itself is taken by a body that is not a user of the platform.
    recommendation = models.TextField(_("secretariat recommendation"), blank=True)
    recommended_on = models.DateField(null=True, blank=True)
    recommendation_no = models.CharField(max_length=64, blank=True)
    report = models.TextField(_("review committee report"), blank=True)
    reported_on = models.DateField(null=True, blank=True)
    report_no = models.CharField(max_length=64, blank=True)
    decided_on = models.DateField(_("presidium decision date"), null=True, blank=True)
    decision_no = models.CharField(max_length=64, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_requested_at = models.DateTimeField(null=True, blank=True)
    # R51: the organ's answer to an interpellation and the deputies' reaction to it.
    answer = models.TextField(_("answer of the organ"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer_no = models.CharField(max_length=64, blank=True)
    reaction = models.CharField(_("reaction"), max_length=16, choices=Reaction.choices, blank=True)
    reaction_note = models.TextField(_("comment on the answer"), blank=True)
    legislative_project = models.CharField(_("legislative project"), max_length=200, blank=True)
    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggestion"),
    )

    class Meta(MotionBase.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes: ClassVar = [
            models.Index(fields=["status", "submitted_at", "id"], name="proposal_status_sub"),
        ]

    def __str__(self) -> str:
        return self.subject


class CoSigner(CoSignerBase):
    """R06: a deputy of the same congress and term invited to sign; counts once confirmed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")

    class Meta:
        ordering: ClassVar = ["invited_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["proposal", "deputy"], name="proposal_cosigner_once"),
        ]


class AssignmentPlan(AssignmentPlanBase):
    """R10 (Art 19): the proposal assignment plan decided by the directors' meeting."""

    class Meta:
        ordering: ClassVar = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_no}）"


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead body")
    CO = "co", _("Co-handling body")


class Handling(models.Model):
    """R10: a body handling a placed proposal, and the result it reported."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="handlings")
    unit = fields.organisation(_("handling body"))
    role = models.CharField(_("handling role"), max_length=8, choices=UnitRole.choices)
    plan = models.ForeignKey(AssignmentPlan, on_delete=models.PROTECT, related_name="handlings")
    assigned_on = models.DateField(_("assigned on"))
    result = models.TextField(_("handling result"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="proposal_handling_once"),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(role="lead"), name="proposal_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.unit_id} ({self.role})"


class Consultation(models.Model):
    """R50 (Art 17, "建立代表提出议案前与有关部门沟通机制"): before handing a draft in, its
    deputy asks a department concerned (a handling unit) for information or its view, and the
    department answers. Attached to one draft, a proposal's or a suggestion's. What the
    department sees is what the deputy sent: the draft's subject and text as they were when
    asked (``subject``, ``text``), never the draft itself, which stays the deputies' own."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="consultations"
    )
    suggestion = fields.reference(
        "suggestions.Suggestion", on_delete=models.CASCADE, null=True, blank=True
    )
    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, related_name="+")
    deputy = fields.deputy(_("deputy"))
    department = fields.organisation(_("department"))
    subject = models.CharField(_("subject of the draft"), max_length=200)
    text = models.TextField(_("text of the draft"), blank=True)
    question = models.TextField(_("question to the department"))
    asked_by = fields.user()
    asked_at = models.DateTimeField()
    answer = models.TextField(_("answer of the department"), blank=True)
    answered_by = fields.user(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-asked_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["department", "answered_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False) & Q(suggestion__isnull=True))
                | (Q(proposal__isnull=True) & Q(suggestion__isnull=False)),
                name="consultation_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def timeline(self) -> list[Event]:
        return events.timeline(self)
