"""Duty records kept by this app: discipline notes, entries the deputy adds with evidence,
the handbook's submission state (R47) and the office's scoring scheme (R48). Everything else
in the archive is compiled from the apps that record it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.models import Deputy, Membership, Organisation


class DisciplineKind(models.TextChoices):
    LATE = "late", _("Late or left early")
    ABSENT = "absent", _("Absent without leave")
    CONDUCT = "conduct", _("Conduct at a meeting")
    OTHER = "other", _("Other")


class DisciplineNote(models.Model):
    """R03 (Art 5): a note on a deputy's discipline, recorded by the office."""

    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy")
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=DisciplineKind.choices)
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["on", "id"]
        indexes: ClassVar = [models.Index(fields=["deputy", "on"], name="discipline_deputy_on")]
        verbose_name = _("discipline note")

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.on}"


class EntryKind(models.TextChoices):
    RECEPTION = "reception", _("Receiving voters")
    RESEARCH = "research", _("Own research or inspection")
    PUBLICITY = "publicity", _("Publicising laws and policies")
    STUDY = "study", _("Study")
    CHARITY = "charity", _("Public welfare")
    OTHER = "other", _("Other duty")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")


class DutyEntry(models.Model):
    """A duty the platform does not record, added by the deputy with evidence and confirmed
    (or returned with a reason) by the staff of the seat's electoral unit (R45, Art 86)."""

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("seat")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    evidence = models.FileField(upload_to="records/")
    evidence_name = models.CharField(_("file name"), max_length=200)
    evidence_type = models.CharField(max_length=100)
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    return_reason = models.CharField(_("reason for returning"), max_length=200, blank=True)
    created_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["on", "id"]
        indexes: ClassVar = [models.Index(fields=["membership", "on"], name="entry_seat_on")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values), name="entry_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EntryStatus.RETURNED) | ~Q(return_reason=""),
                name="entry_returned_has_reason",
            ),
        ]
        verbose_name = _("duty entry")

    def __str__(self) -> str:
        return self.title


class Handbook(models.Model):
    """R47 (Art 95): the electoral unit's submission of one seat's handbook for one year.
    No row means "not submitted"."""

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("seat")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    electoral_unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("electoral unit")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["membership", "year"], name="handbook_one_per_year")
        ]
        indexes: ClassVar = [models.Index(fields=["year", "electoral_unit"], name="handbook_unit")]
        verbose_name = _("submitted handbook")

    def __str__(self) -> str:
        return f"{self.membership_id} {self.year}"


class Scheme(models.Model):
    """R48 (Art 94, 95): the office's scoring scheme for one congress and year."""

    congress = models.ForeignKey(
        "registry.Congress", on_delete=models.PROTECT, related_name="+", verbose_name=_("congress")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    weights = models.JSONField(_("weights"), default=dict)
    talk_below = models.DecimalField(_("talk below score"), max_digits=8, decimal_places=2)
    commend_from = models.DecimalField(_("commendation from score"), max_digits=8, decimal_places=2)
    talk_absences = models.PositiveSmallIntegerField(_("talk from absences without leave"))
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["congress", "year"], name="scheme_one_per_year"),
            models.CheckConstraint(
                condition=Q(commend_from__gt=models.F("talk_below")),
                name="scheme_commend_above_talk",
            ),
        ]
        verbose_name = _("scoring scheme")

    def __str__(self) -> str:
        return f"{self.congress_id} {self.year}"
