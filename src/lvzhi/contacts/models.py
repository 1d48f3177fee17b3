"""State organs and deputies: who holds a contact obligation, the deputies linked to them,
the contacts logged and the opinions deputies raise (Art 66-69; SPEC section 5)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Named, WithTimeline
from lvzhi.registry import fields


class HolderKind(models.TextChoices):
    SC_MEMBER = "sc_member", _("Standing Committee member")
    COMMITTEE_HEAD = "committee_head", _("Head of a special committee (group leader)")
    ORGAN_LEADER = "organ_leader", _("Leadership member of an organ")
    ORGAN_PRINCIPAL = "organ_principal", _("Principal leader of an organ")


# Kinds of holder whose organisation is one of 一府一委两院 (R38).
ORGAN_KINDS = frozenset({HolderKind.ORGAN_LEADER, HolderKind.ORGAN_PRINCIPAL})


class Holder(Named):
    """A person who holds contact obligations towards deputies (常委会组成人员 …).

    The registry knows accounts and roles; it does not know which person sits on the
    Standing Committee or which electoral unit elected them (Art 67 links members to deputies
    of their *own* electoral unit). That lives here, linked to an account (optional: a member
    may have none and the office logs for them) and to the organisation whose obligation it is.
    """

    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=HolderKind.choices)
    user = fields.user(_("account"), null=True, blank=True, related_name="contact_holders")
    organisation = fields.organisation(_("organisation"), related_name="contact_holders")
    electoral_unit = fields.organisation(_("original electoral unit"), null=True, blank=True)
    term = fields.term()
    fields = models.ManyToManyField(
        "registry.Expertise",
        blank=True,
        related_name="+",
        verbose_name=_("fields of work"),
        help_text=_("A special committee's fields: deputies with this expertise are proposed."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["organisation__path", "name", "id"]
        verbose_name = _("contact holder")
        verbose_name_plural = _("contact holders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "kind", "organisation"],
                condition=Q(user__isnull=False, is_active=True),
                name="holder_one_per_account_kind_org",
            ),
            # R36: one head leads a committee's group; R38: an organ has one principal leader.
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(is_active=True, kind__in=["committee_head", "organ_principal"]),
                name="holder_one_head_per_org",
            ),
        ]


class Link(models.Model):
    """R33 (Art 67): a deputy linked to a holder. Ending a link keeps its history."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="links")
    deputy = fields.deputy(_("deputy"), related_name="contact_links")
    linked_on = models.DateField(_("linked on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    linked_by = fields.user(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["linked_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["holder", "deputy"],
                condition=Q(ended_on__isnull=True),
                name="link_one_open_per_deputy",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("linked_on")),
                name="link_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_id} ↔ {self.deputy_id}"


class Method(models.TextChoices):
    """How a member contacted a deputy (Art 67.3)."""

    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting or forum")
    JOINT = "joint", _("Joint activity")


class Contact(models.Model):
    """R34 (Art 68): one contact between a holder and a linked deputy."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="contacts")
    deputy = fields.deputy(_("deputy"))
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = fields.user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["holder", "on"], name="contact_holder_on"),
            models.Index(fields=["deputy", "on"], name="contact_deputy_on"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_id} {self.deputy_id} {self.on}"


class OpinionStatus(models.TextChoices):
    RAISED = "raised", _("Waiting for an answer")
    FORWARDED = "forwarded", _("Forwarded to the deputy-affairs body")
    ANSWERED = "answered", _("Answered")


class Opinion(models.Model):
    """R35 (Art 69): an opinion a linked deputy gives a member; the member answers it, or
    forwards it to the deputy-affairs body, which answers. The answer reaches the deputy."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="opinions")
    deputy = fields.deputy(_("deputy"))
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="opinions"
    )
    text = models.TextField(_("opinion"))
    status = fields.choice(OpinionStatus.RAISED, _("status"))
    raised_on = models.DateField(_("raised on"))
    forwarded_to = fields.organisation(_("forwarded to"), null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = fields.user(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = fields.user()

    class Meta:
        ordering: ClassVar = ["-raised_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="opinion_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ActivityKind(models.TextChoices):
    GROUP = "group", _("Activity of the professional deputy group")
    FORUM = "forum", _("Forum with deputies")
    BRIEFING = "briefing", _("Briefing to deputies")


class Activity(models.Model):
    """R36 (Art 72): a special committee's group activity; R38 (Art 75): a forum of an
    organ's principal leader with deputies, or a briefing of deputies."""

    organisation = fields.organisation(_("organisation"), related_name="contact_activities")
    holder = fields.reference(Holder, _("led by"), null=True, blank=True, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary"), blank=True)
    participants = models.ManyToManyField(
        "registry.Deputy", related_name="+", verbose_name=_("deputies taking part")
    )
    recorded_by = fields.user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "kind", "held_on"], name="activity_org_kind_on"),
        ]

    def __str__(self) -> str:
        return self.title


class YearReport(models.Model):
    """R34 (Art 68), R37 (Art 73): the written year-end report on the contacts with deputies,
    recorded when it is generated (the latest generation counts)."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    generated_at = models.DateTimeField()
    generated_by = fields.user()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["holder", "year"], name="report_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_id} {self.year}"


class EngagementPurpose(models.TextChoices):
    SUPERVISOR = "supervisor", _("Special supervisor (特约监察员、监督员)")
    TRIAL = "trial", _("Invited to a trial")
    MEETING = "meeting", _("Invited to an important meeting")
    EVENT = "event", _("Invited to a major activity")


class Engagement(models.Model):
    """R39 (Art 76): an organ appoints a deputy as special supervisor or invites them to a
    trial, meeting or activity; the office was consulted on the choice beforehand."""

    organisation = fields.organisation(_("organ"), related_name="contact_engagements")
    deputy = fields.deputy(_("deputy"))
    purpose = models.CharField(_("purpose"), max_length=16, choices=EngagementPurpose.choices)
    starts_on = models.DateField(_("appointed or held on"))
    consulted_on = models.DateField(_("office consulted on"))
    consulted_with = models.CharField(_("consulted with"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_by = fields.user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(consulted_on__lte=models.F("starts_on")),
                name="engagement_consulted_beforehand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.deputy_id} {self.purpose}"


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ARRANGED = "arranged", _("Arranged by the office")
    CONFIRMED = "confirmed", _("Date confirmed by the organ")
    HELD = "held", _("Held")
    DECLINED = "declined", _("Not arranged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MeetingRequest(WithTimeline):
    """约见 (Art 34; R52): between sessions one or several deputies ask to meet the head of an
    organ of the same or a lower level; the office arranges it, the organ confirms a date,
    the meeting and its outcome are recorded and visible to the deputies."""

    term = fields.term()
    organ = fields.organisation(_("organ"), related_name="meeting_requests")
    head = models.CharField(_("head to meet"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    reason = models.TextField(_("what the deputies want to raise"))
    deputies = models.ManyToManyField(
        "registry.Deputy", related_name="+", verbose_name=_("deputies")
    )
    status = fields.choice(MeetingStatus.REQUESTED, _("status"), db_index=True)
    requested_by = fields.user()
    requested_at = models.DateTimeField()
    arrangement = models.TextField(_("arrangement by the office"), blank=True)
    meets_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering: ClassVar = ["-requested_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "held"]) | Q(meets_at__isnull=False),
                name="meeting_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
