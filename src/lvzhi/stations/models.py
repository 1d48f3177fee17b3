"""Liaison stations (家室站) and the opinions citizens bring to them (Art 77-83, 85;
SPEC section 7, R40-R44)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import WithTimeline
from lvzhi.registry import fields
from lvzhi.registry.models import Deputy, Organisation


class StationLevel(models.TextChoices):
    """R40 (Art 77, 79): one name per level."""

    HOME = "home", _("Deputies' home (prefecture)")
    STUDIO = "studio", _("Deputies' studio (county or city)")
    POST = "post", _("Deputies' liaison post (township or street)")


class Station(models.Model):
    """The public face of a station organisation (``OrgKind.STATION``): where it is, when it
    is open. Its online twin (R44, Art 85) is its public page with the opinion form."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="station_profile",
        verbose_name=_("organisation"),
    )
    level = models.CharField(_("level"), max_length=8, choices=StationLevel.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    public_phone = models.CharField(_("public telephone"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering: ClassVar = ["organisation__path"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(level__in=StationLevel.values), name="station_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class StationDeputy(models.Model):
    """A deputy who "enters" the station (进站, Art 79): deputies of every level."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="entries", verbose_name=_("station")
    )
    deputy = fields.deputy(_("deputy"), related_name="station_entries")
    since = models.DateField(_("since"))

    class Meta:
        ordering: ClassVar = ["station", "deputy__name_pinyin"]
        verbose_name = _("deputy entering the station")
        verbose_name_plural = _("deputies entering the station")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["station", "deputy"], name="station_deputy_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.station}"


class ReceptionDay(models.Model):
    """One reception of citizens at the station (接待日) with the deputies on the rota."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="reception_days", verbose_name=_("station")
    )
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    deputies = models.ManyToManyField(
        Deputy, related_name="reception_days", verbose_name=_("deputies present")
    )

    class Meta:
        ordering: ClassVar = ["day", "starts_at"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["station", "day", "starts_at"], name="reception_day_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="reception_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.day}"


class Channel(models.TextChoices):
    ONLINE = "online", _("Sent online")
    ON_SITE = "on_site", _("Recorded at the station")


class Category(models.TextChoices):
    TRANSPORT = "transport", _("Roads and transport")
    AGRICULTURE = "agriculture", _("Farming and herding")
    EDUCATION = "education", _("Schools and education")
    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Employment and social security")
    URBAN = "urban", _("Housing and public services")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("With the deputies")
    HANDLED = "handled", _("Handled")
    ANSWERED = "answered", _("Answer given to the citizen")
    CLOSED = "closed", _("Closed")


class MatterLevel(models.TextChoices):
    """R42 (Art 83): triage by level."""

    LOCAL = "local", _("A matter for the township or street")
    HIGHER = "higher", _("A matter for a higher authority")
    PERSONAL = "personal", _("A personal litigation or petition matter")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered on the spot")
    TRANSFERRED = "transferred", _("Transferred to a local unit")
    FORWARDED = "forwarded", _("Forwarded through the upper Standing Committee")
    SUGGESTION = "suggestion", _("Turned into a suggestion")
    REDIRECTED = "redirected", _("Redirected to the petition office or the courts")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


DONE_STATUSES = (Status.HANDLED, Status.ANSWERED, Status.CLOSED)


class Opinion(WithTimeline):
    """A citizen's opinion (群众意见) brought to a station online or in person.

    The citizen's name and phone number are stored encrypted with a masked copy (and a keyed
    hash of the phone for search), like a deputy's numbers; see ``lvzhi.core.crypto``.
    """

    station = fields.reference(Station, _("station"), related_name="opinions")
    addressed_to = fields.deputy(
        _("addressed to deputy"), null=True, blank=True, related_name="opinions_addressed"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("opinion"))
    citizen_name_encrypted = models.TextField(editable=False)
    citizen_name_masked = models.CharField(_("citizen's name"), max_length=40, editable=False)
    phone_encrypted = models.TextField(editable=False)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, editable=False)
    status = fields.choice(Status.RECEIVED, _("status"), max_length=12)
    matter_level = models.CharField(
        _("level of the matter"), max_length=12, choices=MatterLevel.choices, blank=True
    )
    outcome = models.CharField(
        _("way of handling"), max_length=16, choices=Outcome.choices, blank=True
    )
    outcome_note = models.TextField(_("answer or explanation"), blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=100, blank=True)
    suggestion = fields.reference(
        "suggestions.Suggestion", _("suggestion"), on_delete=models.SET_NULL, null=True, blank=True
    )
    feedback = models.TextField(_("feedback to the citizen"), blank=True)
    due_on = models.DateField(_("current step due on"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = fields.user(_("recorded by"), null=True, blank=True)
    deputies = models.ManyToManyField(
        Deputy,
        through="OpinionAssignee",
        related_name="opinions_assigned",
        verbose_name=_("deputies handling it"),
    )

    class Meta:
        ordering: ClassVar = ["-received_at", "-id"]
        verbose_name = _("citizen's opinion")
        verbose_name_plural = _("citizens' opinions")
        indexes: ClassVar = [
            models.Index(fields=["station", "status"]),
            # The overdue view, the longest overdue first (R42 deadlines): open opinions in
            # due-date order, so the page is the start of this index (issue 26.2: walking the
            # received order skipped every recent, not yet due, opinion first).
            models.Index(
                fields=["due_on", "id"], condition=~Q(status=Status.CLOSED), name="opinion_open_due"
            ),
            # The list's order (received, newest first, then id): the page is the start of
            # this index walked backwards. On the received date alone the database sorted
            # every opinion sharing the newest timestamps (1,776 rows for a page of 30 at
            # `large`, 13 ms; issue 26.2).
            models.Index(fields=["received_at", "id"], name="opinion_received_id"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="opinion_status_valid"
            ),
            # A handled opinion always has its outcome; an open one has none.
            models.CheckConstraint(
                condition=(Q(status__in=DONE_STATUSES) & ~Q(outcome=""))
                | (~Q(status__in=DONE_STATUSES) & Q(outcome="")),
                name="opinion_outcome_iff_handled",
            ),
            models.CheckConstraint(
                condition=Q(suggestion__isnull=True) | Q(outcome=Outcome.SUGGESTION),
                name="opinion_suggestion_only_when_turned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"


class OpinionAssignee(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="assignees")
    deputy = fields.deputy()
    assigned_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["opinion", "deputy"], name="opinion_assignee_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id} → {self.deputy_id}"


class StandardItem(models.TextChoices):
    """R41 (Art 80): the "十有" standard of a station."""

    SITE = "site", _("A site")
    SIGN = "sign", _("A sign")
    EQUIPMENT = "equipment", _("Equipment")
    STAFF = "staff", _("Staff")
    RULES = "rules", _("Rules")
    PLAN = "plan", _("A plan")
    ACTIVITIES = "activities", _("Regular activities")
    MATERIALS = "materials", _("Records and materials")
    LEDGER = "ledger", _("A ledger")
    FUNDS = "funds", _("Funds")


class StandardCheck(models.Model):
    """One item of the "十有" checklist of a station, with its evidence (R41)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="standard_checks", verbose_name=_("station")
    )
    item = models.CharField(_("item"), max_length=12, choices=StandardItem.choices)
    met = models.BooleanField(_("met"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="stations/", blank=True)
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    checked_on = models.DateField(_("checked on"))
    checked_by = fields.user(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["station", "item"]
        verbose_name = _("standard check")
        verbose_name_plural = _("standard checks")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["station", "item"], name="standard_check_unique"),
            models.CheckConstraint(
                condition=Q(item__in=StandardItem.values), name="standard_check_item_valid"
            ),
            # An item counts as met only with its evidence.
            models.CheckConstraint(
                condition=Q(met=False) | ~Q(evidence="") | ~Q(evidence_file=""),
                name="standard_check_met_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.get_item_display()}"


class ActivityKind(models.TextChoices):
    """What deputies do at a station (Art 78)."""

    RECEPTION = "reception", _("Reception of citizens")
    # R53 (Art 59.4, 60): the deputy's report to the voters, with their evaluation.
    REPORT = "report", _("Report to the voters (述职)")
    INSPECTION = "inspection", _("Inspection or research")
    STUDY = "study", _("Study and exchange")
    PUBLICITY = "publicity", _("Publicity of policies")


class Evaluation(models.TextChoices):
    """R53: the voters' evaluation of a deputy's report (Art 59.4)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Activity(models.Model):
    """One line of the station's activity ledger (台账)."""

    station = fields.reference(Station, _("station"), related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    participants = models.PositiveIntegerField(_("citizens taking part"), default=0)
    deputies = models.ManyToManyField(
        Deputy, related_name="station_activities", verbose_name=_("deputies taking part")
    )
    evaluation = models.CharField(
        _("voters' evaluation"), max_length=12, choices=Evaluation.choices, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = fields.user(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        verbose_name = _("station activity")
        verbose_name_plural = _("station activities")
        constraints: ClassVar = [
            # A report to the voters records their evaluation (Art 59.4); others have none.
            models.CheckConstraint(
                condition=(Q(kind="report") & ~Q(evaluation=""))
                | (~Q(kind="report") & Q(evaluation="")),
                name="activity_evaluation_iff_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"
