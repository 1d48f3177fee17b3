"""Suggestions (建议) and their handling (Art 20-27, 34; SPEC section 6)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Created, Named, Uploaded, WithTimeline
from lvzhi.registry import fields

from .cosigning import CoSignStatus as CoSignStatus  # one status set for every co-signing


class Category(models.TextChoices):
    ECONOMY = "economy", _("Economic development")
    AGRICULTURE = "agriculture", _("Agriculture, rural areas and herders")
    URBAN = "urban", _("Urban and rural construction")
    TRANSPORT = "transport", _("Transport")
    EDUCATION = "education", _("Education, science and culture")
    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Social security and employment")
    ENVIRONMENT = "environment", _("Ecology and environment")
    ETHNIC = "ethnic", _("Ethnic and religious affairs")
    LAW = "law", _("Rule of law and public security")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    EXCLUDED = "excluded", _("Not accepted as a suggestion")
    MERGED = "merged", _("Merged into another")
    ASSIGNED = "assigned", _("Assigned")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Screening(models.TextChoices):
    NONE = "none", _("Not flagged")
    FLAGGED = "flagged", _("Flagged for staff")
    CLEARED = "cleared", _("Cleared by staff")
    CONFIRMED = "confirmed", _("Confirmed as excluded")


class NumberSeriesBase(models.Model):
    """Gap-free counters, one row a series, locked while a number is taken (suggestions' and
    proposals' tables have this shape)."""

    key = models.CharField(max_length=64, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"

    @classmethod
    def take(cls, key: str) -> int:
        """The next number of the series ``key``. The row lock serialises concurrent
        submissions; the number is taken inside the submitting transaction, so a rolled-back
        submission leaves no gap."""
        rows = cls._default_manager
        rows.get_or_create(key=key)
        series = rows.select_for_update().get(key=key)
        rows.filter(pk=series.pk).update(last=F("last") + 1)
        series.refresh_from_db()
        return series.last


class NumberSeries(NumberSeriesBase):
    """One row per congress term and session (or per year between sessions)."""


class MotionBase(WithTimeline):
    """What a suggestion and a proposal share: the term, the gap-free number the submission
    takes from its series (unique within it, ``<model>_unique_number``), who made the draft
    and when; newest first. A model's own ``Meta`` extends ``MotionBase.Meta``."""

    term = fields.term()
    series = models.CharField(max_length=64, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    created_by = fields.user()
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        abstract = True
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(number__isnull=False),
                name="%(class)s_unique_number",
            ),
        ]


class Suggestion(MotionBase):
    session = fields.session(null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    category = fields.choice(Category.OTHER, _("category"))
    status = fields.choice(Status.DRAFT, _("status"), db_index=True)
    proposer = fields.deputy(_("proposer"), related_name="suggestions")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    screening = fields.choice(Screening.NONE, _("screening"))
    screening_reasons = models.JSONField(default=list, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    due_on = models.DateField(_("reply due on"), null=True, blank=True, db_index=True)
    key_supervision = models.BooleanField(_("key supervision"), default=False)
    is_public = models.BooleanField(_("public"), default=False)
    # jieba tokens of title and body, for search and the similar-suggestion view.
    search_tokens = models.TextField(blank=True, editable=False)
    merged_into = fields.reference(
        "self", _("merged into"), null=True, blank=True, related_name="merged"
    )

    class Meta(MotionBase.Meta):
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes: ClassVar = [
            # The queue walks these newest first and keeps the items of the terms in scope;
            # carrying the term (and the status) in the index answers it from the index alone
            # (a large prefecture: 17,000 terms in the office's scope, 2.5 million items).
            models.Index(
                fields=["submitted_at", "id"],
                include=["term", "status"],
                name="suggestion_submitted_t",
            ),
            models.Index(
                fields=["status", "submitted_at", "id"],
                include=["term", "due_on"],  # due_on: the overdue filter (R14)
                name="suggestion_status_sub_t",
            ),
            models.Index(fields=["status", "due_on"], name="suggestion_status_due"),
            # R14's reminders walk the assigned items earliest due first and take the ids of
            # those not yet reminded from the index alone (issue 26.3).
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status=Status.ASSIGNED),
                name="suggestion_assigned_due",
            ),
            models.Index(fields=["category", "submitted_at", "id"], name="suggestion_category_sub"),
            # Few items are key-supervised (R17): a small index the supervision list reads.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(key_supervision=True),
                name="suggestion_key_sub",
            ),
            # The queue of one category's key-supervised items (R17), newest first: counted
            # and paged from this index alone, status and term included (issue 26.2: at
            # `large` the count read 50,000 rows of the table to find 331, 42 ms → 0.2 ms).
            models.Index(
                fields=["category", "submitted_at", "id"],
                include=["status", "term"],
                condition=Q(key_supervision=True),
                name="suggestion_key_cat_sub",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def screening_flags(self) -> list[str]:
        """The screening's reasons in words, for the staff's page."""
        from .screening import describe

        return [describe(r) for r in self.screening_reasons or []]


class CoSignerBase(models.Model):
    """The shape both co-signer tables share: a deputy invited to sign and the invitation's
    state. Each app adds the foreign key to its parent, its ordering and its constraint."""

    deputy = fields.deputy(_("deputy"))
    status = fields.choice(CoSignStatus.INVITED, _("status"))
    invited_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.status}"


class CoSigner(CoSignerBase):
    """R12 (Art 22): a deputy invited to sign; only a confirmed co-signer is listed."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="cosigners")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosigner_once"),
        ]


class AssignmentPlanBase(Created):
    """An assignment plan decided by the directors' meeting (suggestions' and proposals'
    tables have this shape)."""

    title = models.CharField(_("title"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    document_no = models.CharField(_("document number"), max_length=64)

    class Meta:
        abstract = True


class AssignmentPlan(AssignmentPlanBase):
    """R13 (Art 23): the assignment plan decided by the directors' meeting."""

    def __str__(self) -> str:
        return f"{self.title} ({self.document_no})"


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    CO = "co", _("Co-handling unit")


class Assignment(models.Model):
    """A handling unit (承办单位) of a suggestion: one lead, any number of co-handlers."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="assignments")
    unit = fields.organisation(_("handling unit"), related_name="suggestion_assignments")
    role = models.CharField(_("role"), max_length=8, choices=UnitRole.choices)
    plan = fields.reference(AssignmentPlan, null=True, blank=True, related_name="assignments")
    assigned_on = models.DateField()
    # Inside the unit: who signed for the item (签收) and which staff member handles it (经办人).
    received_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    received_by = fields.user(null=True, blank=True)
    handler = fields.user(_("handler"), null=True, blank=True, related_name="handled_assignments")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["suggestion", "unit"], name="assignment_unit_once"),
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(role="lead"), name="assignment_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} → {self.unit_id} ({self.role})"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class UnitRequest(models.Model):
    """What a handling unit asks of the assigning organ, and the organ's decision."""

    unit = fields.organisation()
    reason = models.TextField(_("reason"))
    status = fields.choice(ExtensionStatus.PENDING)
    requested_by = fields.user()
    requested_at = models.DateTimeField()
    decided_by = fields.user(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Extension(UnitRequest):
    """R14: an extension of the due date, approved by the assigning organ."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="extensions")
    requested_due_on = models.DateField(_("requested due date"))

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(status="pending"), name="extension_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} → {self.requested_due_on}"


class ReturnRequest(UnitRequest):
    """申请退回: a unit says the item is not theirs; the office approves and reassigns (the
    three months then start again from the new assignment)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="return_requests"
    )
    suggested_unit = models.CharField(_("suggested unit"), max_length=100, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(status="pending"), name="return_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} ← {self.unit_id}"


class CoHandlerOpinion(models.Model):
    """A co-handling unit's opinion sent to the lead unit (R15, Art 25); the lead's reply
    lists who signed off (会签)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="opinions")
    unit = fields.organisation()
    body = models.TextField(_("opinion"))
    sent_by = fields.user()
    sent_at = models.DateTimeField()
    on_time = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.unit_id}"


class Method(models.TextChoices):
    """How a unit communicated with the deputy while handling (R15, Art 25)."""

    MEETING = "meeting", _("Forum or meeting")
    RESEARCH = "research", _("Joint research or visit on site")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")


class Communication(models.Model):
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="communications"
    )
    unit = fields.organisation()
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    recorded_by = fields.user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.method} {self.on}"


class ReplyTemplate(models.Model):
    """A unit's reusable reply text (the reply must still address the suggestion)."""

    unit = fields.organisation(on_delete=models.CASCADE, related_name="reply_templates")
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))

    class Meta:
        ordering: ClassVar = ["title"]

    def __str__(self) -> str:
        return self.title


class Attachment(Named, Uploaded):
    """A file of a draft (the deputy's) or of a reply (the unit's), stored outside the web
    root and served by a view that checks who may see the suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="suggestions/")

    class Meta:
        ordering: ClassVar = ["uploaded_at", "id"]


class ResultClass(models.TextChoices):
    """The usual result classes of a reply (SPEC section 6, item 8)."""

    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: cannot be solved now, with reasons")
    D = "D", _("D: kept for reference")


class Reply(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    unit = fields.organisation()
    result_class = models.CharField(_("result"), max_length=1, choices=ResultClass.choices)
    body = models.TextField(_("reply"))
    replied_by = fields.user()
    replied_at = models.DateTimeField()
    on_time = models.BooleanField(default=True)
    # 会签: each co-handling unit and whether its opinion arrived (unit, sent_on or None).
    signoffs = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.result_class}"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Evaluation(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="evaluations")
    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.CharField(_("evaluation"), max_length=16, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rehandle = models.BooleanField(_("send back for re-handling"), default=False)
    evaluated_by = fields.user()
    evaluated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.rating}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due-soon", _("Reply due soon")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """That the periodic job (R14) sent a reminder or an overdue alert for this due date. The
    job skips what is here, so a second run reads nothing; an extension moves the due date, so
    it is reminded again. A narrow insert-only table: marking 20,000 items costs one COPY, not
    20,000 updates of wide, indexed suggestion rows."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["suggestion", "kind", "due_on"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.kind} {self.due_on}"
