"""Duty records kept by this app: discipline notes, entries the deputy adds with evidence,
the handbook's submission state (R47) and the office's scoring scheme (R48). Everything else
in the archive is compiled from the apps that record it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Titled
from lvzhi.registry import fields
from lvzhi.registry.models import Membership


class DisciplineKind(models.TextChoices):
    LATE = "late", _("Late or left early")
    ABSENT = "absent", _("Absent without leave")
    CONDUCT = "conduct", _("Conduct at a meeting")
    OTHER = "other", _("Other")


class DisciplineNote(models.Model):
    """R03 (Art 5): a note on a deputy's discipline, recorded by the office."""

    deputy = fields.deputy(_("deputy"))
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=DisciplineKind.choices)
    note = models.TextField(_("note"))
    recorded_by = fields.user()
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


class DutyEntry(Titled):
    """A duty the platform does not record, added by the deputy with evidence and confirmed
    (or returned with a reason) by the staff of the seat's electoral unit (R45, Art 86)."""

    membership = fields.membership()
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    evidence = models.FileField(upload_to="records/")
    evidence_name = models.CharField(_("file name"), max_length=200)
    evidence_type = models.CharField(max_length=100)
    status = fields.choice(EntryStatus.PENDING, _("status"), max_length=12)
    return_reason = models.CharField(_("reason for returning"), max_length=200, blank=True)
    created_at = models.DateTimeField()
    reviewed_by = fields.user(null=True)
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


class Handbook(models.Model):
    """R47 (Art 95): the electoral unit's submission of one seat's handbook for one year.
    No row means "not submitted"."""

    membership = fields.membership()
    year = models.PositiveSmallIntegerField(_("year"))
    electoral_unit = fields.organisation(_("electoral unit"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = fields.user()

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

    congress = fields.congress(_("congress"))
    year = models.PositiveSmallIntegerField(_("year"))
    weights = models.JSONField(_("weights"), default=dict)
    talk_below = models.DecimalField(_("talk below score"), max_digits=8, decimal_places=2)
    commend_from = models.DecimalField(_("commendation from score"), max_digits=8, decimal_places=2)
    talk_absences = models.PositiveSmallIntegerField(_("talk from absences without leave"))
    updated_at = models.DateTimeField()
    updated_by = fields.user()

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


class CertificateStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    DECLINED = "declined", _("Not issued")


class Certificate(models.Model):
    """R55 (Art 92): a certificate to a deputy's employer that the deputy's duty work in a
    period counts as normal attendance — requested by the deputy (or started by the office),
    issued or declined by the office. Issued, it carries a number gap-free within its year,
    a verification code anyone can check on the portal, and the duties it lists as they were
    on the day of issue."""

    membership = fields.membership()
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    employer = models.CharField(_("employer"), max_length=100)
    status = fields.choice(CertificateStatus.REQUESTED, _("status"), max_length=10)
    requested_by = fields.user()
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = fields.user(null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    number = models.PositiveIntegerField(_("number"), null=True)
    code = models.CharField(_("verification code"), max_length=16, null=True, unique=True)
    organ = models.CharField(_("issued by"), max_length=100, blank=True)
    duties = models.JSONField(default=list)

    class Meta:
        ordering: ClassVar = ["-requested_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=Q(number__isnull=False),
                name="certificate_number_per_year",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="certificate_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (Q(number__isnull=False) & Q(code__isnull=False) & Q(year__isnull=False)),
                name="certificate_issued_numbered",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="certificate_declined_with_reason",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "requested_at"], name="cert_queue")]
        verbose_name = _("duty certificate")

    def __str__(self) -> str:
        return f"{self.membership_id} {self.period_start}–{self.period_end}"


class CertificateSeries(models.Model):
    """R55: the certificates' gap-free counter of one year, locked while a number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DutyCount(models.Model):
    """R48, issue 26.3: one seat's counts of every kind of duty in one year, as the
    evaluation reads them — kept by ``stored.py`` and refreshed from the deputies whose
    records changed (``DirtyDeputy``) and the dated duties that came due since (``CountStamp``),
    never recomputed for the whole data. ``counts`` holds the kinds not zero."""

    year = models.PositiveSmallIntegerField()
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    deputy_id = models.BigIntegerField()
    counts = models.JSONField(default=dict)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "membership"], name="dutycount_one_per_year")
        ]
        indexes: ClassVar = [models.Index(fields=["year", "deputy_id"], name="dutycount_deputy")]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.year}"


class CountStamp(models.Model):
    """R48, issue 26.3: up to when the stored counts of a year are exact — every dated duty
    due by ``as_of`` is in them; locked while they are refreshed."""

    year = models.PositiveSmallIntegerField(unique=True)
    as_of = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.year} {self.as_of}"


class DirtyDeputy(models.Model):
    """Issue 26.3: a deputy some of whose duty records changed since the counts were stored.
    Written by database triggers on every table the counts read (migration
    ``0003_duty_counts``: bulk loads, services and the admin alike), consumed by
    ``stored.refresh``."""

    deputy_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return str(self.deputy_id)
