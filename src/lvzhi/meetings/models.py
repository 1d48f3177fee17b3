"""Congress sessions and Standing Committee meetings: agenda, notices, materials with read
receipts, sittings, participants, registration, check-in and leave (SPEC section 3; R01, R02)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Titled, Uploaded, WithTimeline
from lvzhi.registry import fields
from lvzhi.registry.models import Session


class MeetingKind(models.TextChoices):
    SESSION = "session", _("Congress session")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee meeting")


class Meeting(Titled, WithTimeline):
    """A congress session (linked to the registry's ``Session``) or a Standing Committee
    meeting of a congress."""

    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    congress = fields.congress(_("people's congress"))
    session = models.OneToOneField(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_at = models.DateTimeField(_("created at"))
    # R31 (Art 57): when the list of deputies attending without a vote was fixed, and why late.
    attendees_fixed_at = models.DateTimeField(_("attendee list fixed at"), null=True, blank=True)
    attendees_late_reason = models.CharField(
        _("reason for fixing the list late"), max_length=500, blank=True
    )

    class Meta:
        ordering: ClassVar = ["-opens_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(kind="session") & Q(session__isnull=False))
                | (Q(kind="standing_committee") & Q(session__isnull=True)),
                name="meeting_session_iff_congress_session",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gte=models.F("opens_at")), name="meeting_closes_after_open"
            ),
        ]


class AgendaKind(models.TextChoices):
    REPORT = "report", _("Report")
    BILL = "bill", _("Bill")
    ELECTION = "election", _("Election")
    DECISION = "decision", _("Decision")


class AgendaItem(Titled):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering: ClassVar = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_unique_position")
        ]


class Notice(models.Model):
    """R02 (Art 4): the notice with time and preliminary agenda; ``days_ahead`` is how many days
    before the opening it reached the deputies; a late notice keeps the reason."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="notices", verbose_name=_("meeting")
    )
    body = models.TextField(_("text of the notice"))
    sent_at = models.DateTimeField(_("sent at"))
    days_ahead = models.IntegerField(_("days before opening"))
    is_late = models.BooleanField(_("sent late"), default=False)
    late_reason = models.CharField(_("reason for the late notice"), max_length=500, blank=True)
    sent_by = fields.user(null=True)

    class Meta:
        ordering: ClassVar = ["-sent_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(is_late=False) | ~Q(late_reason=""), name="notice_late_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.sent_at:%Y-%m-%d}"


class Material(Titled):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering: ClassVar = ["published_at", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class MaterialFile(Uploaded):
    """A file of a material (PDF or Word), in versions: a corrected file is a new version and
    the earlier ones stay downloadable (issue 22). Stored through the project's storage
    outside the web root, served by a view that checks who may see the meeting."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to="meetings/")

    class Meta:
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["material", "version"], name="material_file_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class MaterialRead(models.Model):
    """A read receipt: the deputy opened the material (first time only)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reads")
    deputy = fields.deputy()
    read_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["material", "deputy"], name="material_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.material_id} · {self.deputy_id}"


class Sitting(Titled):
    """One sitting (plenary or group) of a meeting; check-in and polls happen per sitting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="sittings", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        ordering: ClassVar = ["meeting", "number"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "number"], name="sitting_unique_number")
        ]


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("Member with a vote")
    NON_VOTING = "non_voting", _("Attending without a vote (列席)")


class Participant(models.Model):
    """A deputy called to the meeting. Members with a vote are "all deputies" of the meeting
    for quorum and thresholds (R56); ``registered_at`` is the registration (报到, R01)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    deputy = fields.deputy(_("deputy"))
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    reason = models.CharField(_("reason for the invitation"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["meeting", "deputy__name_pinyin"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "deputy"], name="participant_once")
        ]
        indexes: ClassVar = [models.Index(fields=["meeting", "role"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.meeting}"


class CheckInMethod(models.TextChoices):
    PHONE = "phone", _("By the deputy on a phone")
    DESK = "desk", _("At the staff desk")


class CheckIn(models.Model):
    """R01: the deputy is present at a sitting."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="checkins")
    deputy = fields.deputy()
    at = models.DateTimeField()
    method = models.CharField(max_length=8, choices=CheckInMethod.choices)
    recorded_by = fields.user(null=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["sitting", "deputy"], name="checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id} · {self.deputy_id} · {self.get_method_display()}"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the delegation")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class LeaveRequest(models.Model):
    """R01 (Art 3): absence needs a request with its reason, approved by the delegation.
    Without a sitting it covers the whole meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="leaves")
    sitting = models.ForeignKey(
        Sitting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leaves",
        verbose_name=_("sitting"),
    )
    deputy = fields.deputy()
    reason = models.CharField(_("reason"), max_length=500)
    status = fields.choice(LeaveStatus.PENDING)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = fields.user(null=True)

    class Meta:
        ordering: ClassVar = ["-requested_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(reason=""), name="leave_has_reason"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="leave_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} · {self.get_status_display()}"


class Speech(models.Model):
    """R04 (Art 6): a deliberation speech (审议发言) of a deputy at a sitting; deputies attending
    without a vote speak too (R31, Art 57)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    sitting = models.ForeignKey(
        Sitting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speeches",
        verbose_name=_("sitting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speeches",
        verbose_name=_("agenda item"),
    )
    deputy = fields.deputy(_("deputy"))
    text = models.TextField(_("what the deputy said"))
    recorded_at = models.DateTimeField()
    recorded_by = fields.user(null=True)

    class Meta:
        ordering: ClassVar = ["recorded_at", "id"]
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")

    def __str__(self) -> str:
        return f"{self.deputy} · {self.text[:20]}"


class Brief(Titled):
    """R05 (Art 12): a brief (简报) of the meeting quoting deputies' speeches."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="briefs")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    speeches = models.ManyToManyField(Speech, related_name="briefs", verbose_name=_("speeches"))
    published_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["meeting", "number"]
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "number"], name="brief_unique_number")
        ]


class Inquiry(models.Model):
    """R04 (Art 11): a deputy's inquiry (询问) to an organ during deliberation, and its answer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="inquiries")
    deputy = fields.deputy(_("deputy"))
    organ = fields.organisation(_("organ asked"))
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=100, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["asked_at", "id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="inquiry_answered_has_text",
            )
        ]

    def __str__(self) -> str:
        return self.question[:30]
