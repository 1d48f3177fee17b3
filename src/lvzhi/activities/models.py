"""Work between sessions (SPEC section 4): deputy groups (Art 35-39), inspections 视察
(Art 40-44), legislation (Art 50-52) and supervision by committees (Art 53-55)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Created, Numbered, Period, Titled
from lvzhi.registry import fields
from lvzhi.registry.models import Expertise, Organisation
from lvzhi.suggestions.models import Suggestion

# ---- deputy groups (R19-R21) ---------------------------------------------------------------


class DeputyGroup(models.Model):
    """A deputy group as formed by its electoral unit after the first session of a congress
    (R19). The group itself is the registry's ``deputy_group`` organisation, whose
    memberships name it; this row adds the formation and the leaders."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deputy_group_profile",
        verbose_name=_("deputy group"),
    )
    term = fields.term()
    formed_on = models.DateField(_("formed on"))
    leader = fields.deputy(_("group leader"))
    deputy_leader = fields.deputy(_("deputy group leader"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["organisation__path"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(leader=models.F("deputy_leader")),
                name="group_leader_not_deputy_leader",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class GroupPlan(Numbered):
    """R21: the group's plan for a year (年初有计划)."""

    group = models.ForeignKey(DeputyGroup, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    content = models.TextField(_("plan"))
    updated_at = models.DateTimeField()
    updated_by = fields.user()

    class Meta:
        ordering: ClassVar = ["-year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["group", "year"], name="group_plan_one_per_year"),
        ]


class ActivityKind(models.TextChoices):
    """Art 36, 38."""

    STUDY = "study", _("Study")
    INSPECTION = "inspection", _("Inspection")
    RESEARCH = "research", _("Research")
    LAW_CHECK = "law_check", _("Law-enforcement check")
    VISIT_VOTERS = "visit_voters", _("Visiting voters")
    EXCHANGE = "exchange", _("Exchange of experience")


class GroupActivity(Titled):
    """A collective activity of a group (R20), with its content and report (R21)."""

    group = models.ForeignKey(DeputyGroup, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    content = models.TextField(_("content"))
    report = models.TextField(_("report"), blank=True)
    recorded_by = fields.user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        indexes: ClassVar = [models.Index(fields=["group", "held_on"])]


class Attendance(Numbered):
    """Who of the group attended (考勤)."""

    activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="attendance")
    deputy = fields.deputy()
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="attendance_once"),
        ]


class ActivityPhoto(Numbered):
    activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="activities/photos/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()


# ---- inspections 视察 (R22-R24) ------------------------------------------------------------


class InspectionKind(models.TextChoices):
    CENTRALISED = "centralised", _("Centralised inspection")
    THEMATIC = "thematic", _("Thematic inspection")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOTIFIED = "notified", _("Deputies notified")
    REPORTED = "reported", _("Reported")


class Inspection(Period, Created, Titled):
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    term = fields.term()
    organiser = fields.organisation(_("organiser"))
    session = fields.session(_("session it prepares"), null=True, blank=True)
    title = models.CharField(_("topic"), max_length=200)
    sites = models.TextField(_("sites and times"))
    status = fields.choice(InspectionStatus.PLANNED, _("status"))
    warnings = models.JSONField(default=list, blank=True)
    report = models.TextField(_("report"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta(Period.Meta):
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")


class InspectionParticipant(Numbered):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="participants"
    )
    deputy = fields.deputy()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "deputy"], name="inspection_participant_once"
            ),
        ]


class Route(models.TextChoices):
    """Art 44: opinions go to the congress (as suggestions) or to the inspected unit."""

    PENDING = "pending", _("Not routed yet")
    SUGGESTION = "suggestion", _("To become a suggestion")
    UNIT = "unit", _("Sent to the inspected unit")


class InspectionOpinion(Numbered):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="opinions")
    deputy = fields.deputy()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("opinion"))
    route = fields.choice(Route.PENDING)
    unit = fields.organisation(null=True, blank=True)
    suggestion = fields.reference(Suggestion, null=True, blank=True)
    created_at = models.DateTimeField()
    routed_at = models.DateTimeField(null=True, blank=True)
    # Art 44: the inspected unit answers the opinion routed to it, itself (issue 22.3).
    unit_reply = models.TextField(_("the unit's reply"), blank=True)
    unit_replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(route="unit") | Q(unit__isnull=False),
                name="opinion_unit_route_has_unit",
            ),
        ]


# ---- legislation (R26-R27) -----------------------------------------------------------------


class StageKind(models.TextChoices):
    RESEARCH = "research", _("Legislative research")
    DRAFTING = "drafting", _("Drafting")
    APPRAISAL = "appraisal", _("Appraisal")
    DELIBERATION = "deliberation", _("Deliberation")
    EVALUATION = "evaluation", _("Evaluation after enactment")


class LegislativeProject(Created, Titled):
    title = models.CharField(_("title"), max_length=200)
    term = fields.term()
    committee = fields.organisation(_("committee"))
    expertise = models.ManyToManyField(
        Expertise, blank=True, related_name="+", verbose_name=_("expertise")
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("legislative project")
        verbose_name_plural = _("legislative projects")


class Stage(Numbered):
    project = models.ForeignKey(LegislativeProject, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    starts_on = models.DateField(_("starts on"))

    class Meta:
        ordering: ClassVar = ["starts_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["project", "kind"], name="stage_once_per_project"),
        ]


class StageInvitation(Numbered):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="invitations")
    deputy = fields.deputy()
    invited_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["stage", "deputy"], name="stage_invitation_once"),
        ]


class Draft(Numbered):
    """A draft regulation opened to deputies for article-by-article comments (R26, R27)."""

    project = models.ForeignKey(LegislativeProject, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("title"), max_length=200)
    opened_at = models.DateTimeField()
    closes_on = models.DateField(_("comments close on"))

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]


class Article(Numbered):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("article"))
    text = models.TextField(_("text"))

    class Meta:
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draft", "number"], name="article_number_once"),
        ]


class Decision(models.TextChoices):
    PENDING = "pending", _("Under study")
    ADOPTED = "adopted", _("Taken up")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not taken up")


class Comment(Numbered):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    deputy = fields.deputy()
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField()
    decision = fields.choice(Decision.PENDING, _("decision"))
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["article__number", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(decision="pending") | ~Q(reason=""), name="comment_decision_has_reason"
            ),
        ]


# ---- supervision (R28-R29) -----------------------------------------------------------------


class SupervisionKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement inspection")
    INSPECTION = "inspection", _("Inspection")
    RESEARCH = "research", _("Research")
    BUDGET = "budget", _("Budget and audit review")


class Supervision(Created, Titled):
    kind = models.CharField(_("kind"), max_length=16, choices=SupervisionKind.choices)
    term = fields.term()
    committee = fields.organisation(_("committee"))
    place = fields.organisation(_("place concerned (electoral unit)"))
    title = models.CharField(_("title"), max_length=200)
    tasks = models.TextField(_("tasks and requirements"))
    held_on = models.DateField(_("held on"))
    tasks_sent_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        verbose_name = _("supervision activity")
        verbose_name_plural = _("supervision activities")


class SupervisionInvitation(Numbered):
    supervision = models.ForeignKey(
        Supervision, on_delete=models.CASCADE, related_name="invitations"
    )
    deputy = fields.deputy()
    is_local = models.BooleanField(default=False)  # R28: elected in the place concerned
    invited_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["supervision", "deputy"], name="supervision_invitation_once"
            ),
        ]


class SupervisionOpinion(Numbered):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="opinions")
    deputy = fields.deputy()
    body = models.TextField(_("opinion"))
    decision = fields.choice(Decision.PENDING)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["id"]


# ---- training and learning (R32, R49) ------------------------------------------------------


class TrainingKind(models.TextChoices):
    """Art 63: training in stages over the term."""

    ONBOARDING = "onboarding", _("Onboarding training")
    FIRST_YEAR = "first_year", _("First-year duty training")
    THEMATIC = "thematic", _("Thematic training")


class Training(Period, Created, Titled):
    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    term = fields.term()
    organiser = fields.organisation(_("organiser"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    content = models.TextField(_("content"))
    warnings = models.JSONField(default=list, blank=True)
    # R49 (issue 28.4a): the course's reading list from the library; each attending deputy's
    # progress is the share of it they opened.
    materials: models.ManyToManyField[Material, Any] = models.ManyToManyField(
        "Material", blank=True, related_name="trainings", verbose_name=_("course materials")
    )

    class Meta(Period.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainings")


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    deputy = fields.deputy()
    recorded_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["training", "deputy"], name="training_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.training_id} {self.deputy_id}"


class MaterialKind(models.TextChoices):
    """Art 84.5: laws, documents of Party and state organs, courseware, video."""

    LAW = "law", _("Law or regulation")
    DOCUMENT = "document", _("Document")
    COURSEWARE = "courseware", _("Courseware")
    VIDEO = "video", _("Video")


class Material(Titled):
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(upload_to="activities/learning/")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = fields.user()
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]
        verbose_name = _("learning material")
        verbose_name_plural = _("learning materials")


class Progress(models.Model):
    """R49 (issue 28.4a): a deputy opened one material — recorded when the platform served the
    file to them, not typed: the first time, the last time and how many times."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="progress")
    deputy = fields.deputy()
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last opened"))
    opens = models.PositiveIntegerField(_("times opened"), default=1)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["material", "deputy"], name="progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.material_id} {self.deputy_id} ×{self.opens}"


# ---- forum (Art 84.3) ----------------------------------------------------------------------


class Thread(Titled):
    """A topic of the deputies' discussion board (交流履职体会，分享履职经验)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = fields.user()
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField(db_index=True)
    reply_count = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    moderation_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["-last_activity_at", "-id"]
        verbose_name = _("forum thread")
        verbose_name_plural = _("forum threads")


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("text"))
    author = fields.user()
    created_at = models.DateTimeField()
    hidden = models.BooleanField(default=False)
    moderation_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.thread_id} {self.pk}"


# ---- thematic research 专题调研 (R25) ------------------------------------------------------


class ResearchMethod(models.TextChoices):
    """Art 46."""

    VISITS = "visits", _("Field visits")
    HEARINGS = "hearings", _("Hearing reports")
    FORUMS = "forums", _("Forums")
    DOCUMENTS = "documents", _("Reading documents")
    QUESTIONNAIRES = "questionnaires", _("Questionnaires")


class Research(Period, Created, Titled):
    title = models.CharField(_("topic"), max_length=200)
    term = fields.term()
    organiser = fields.organisation(_("organiser"))
    plan = models.TextField(_("plan"))
    methods = models.JSONField(_("methods"), default=list)
    report = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta(Period.Meta):
        verbose_name = _("thematic research")
        verbose_name_plural = _("thematic research")


class ResearchParticipant(models.Model):
    research = models.ForeignKey(Research, on_delete=models.CASCADE, related_name="participants")
    deputy = fields.deputy()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["research", "deputy"], name="research_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.research_id} {self.deputy_id}"


class ResearchForward(models.Model):
    """R25 (Art 49): the report forwarded to an organ, and how the organ handled it."""

    research = models.ForeignKey(Research, on_delete=models.CASCADE, related_name="forwards")
    organ = fields.organisation()
    forwarded_at = models.DateTimeField()
    feedback = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    # Who wrote the feedback: the organ's own staff (issue 22.3) or the organiser for it.
    feedback_by = fields.user(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["research", "organ"], name="research_forward_once"),
        ]

    def __str__(self) -> str:
        return f"{self.research_id} → {self.organ_id}"
