"""Electronic voting (R56, Art 28-30, Art 85 会议表决在指端): named votes and secret-ballot
elections at a sitting.

Secret ballots: ``Ballot`` and ``BallotMark`` carry no voter, no time and no sequence (random
UUID keys); who has voted is kept apart in ``Receipt``, also keyed by random UUIDs. See
docs/voting.md for what this protects against and what it trusts.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Named, Titled
from lvzhi.meetings.models import AgendaItem, Meeting, Sitting
from lvzhi.registry import fields

from . import rules


class PollKind(models.TextChoices):
    NAMED = "named", _("Named vote")
    ELECTION = "election", _("Secret-ballot election")


class Subject(models.TextChoices):
    BILL = "bill", _("Bill")
    RESOLUTION = "resolution", _("Resolution")
    REPORT = "report", _("Report")
    ELECTION = "election", _("Election")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Voting closed")


class Poll(Titled):
    meeting = fields.reference(Meeting, _("meeting"), related_name="polls")
    sitting = fields.reference(Sitting, _("sitting"), related_name="polls")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PollKind.choices)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=200)
    status = fields.choice(PollStatus.DRAFT, _("status"), max_length=8)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=0)
    # Thresholds (R56), copied from rules.py when the poll is prepared; staff may change them
    # before it opens (configuration with the Local Organic Law's defaults).
    quorum_num = models.PositiveSmallIntegerField(default=rules.QUORUM.numerator)
    quorum_den = models.PositiveSmallIntegerField(default=rules.QUORUM.denominator)
    pass_num = models.PositiveSmallIntegerField(default=rules.ADOPTION.numerator)
    pass_den = models.PositiveSmallIntegerField(default=rules.ADOPTION.denominator)
    # Frozen when the poll opens.
    members = models.PositiveIntegerField(_("all deputies"), default=0)
    present = models.PositiveIntegerField(_("present"), default=0)
    on_leave = models.PositiveIntegerField(_("on approved leave"), default=0)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), default=0)
    # Optional schedule: `lvzhi voting_schedule` (run every minute) opens and closes on time.
    open_at = models.DateTimeField(_("opens by schedule at"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes by schedule at"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = fields.user(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = fields.user(null=True)
    # Frozen when the poll closes: the counts and the outcome (never changes afterwards).
    result = models.JSONField(default=dict, blank=True)
    adopted = models.BooleanField(null=True)
    # A named vote is counted when it closes; a secret election when two tellers bring their
    # shares of the poll's key (``services.poll_count``). Published: the result is announced
    # and, for an election, the sealed ballots and the poll's key are destroyed.
    counted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opened_at__isnull=False), name="poll_opened_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="poll_closed_at"
            ),
            models.CheckConstraint(
                condition=Q(kind="named") | Q(seats__gte=1), name="poll_election_has_seats"
            ),
            models.CheckConstraint(
                condition=Q(quorum_den__gte=1) & Q(pass_den__gte=1), name="poll_thresholds"
            ),
            models.CheckConstraint(
                condition=Q(open_at__isnull=True)
                | Q(close_at__isnull=True)
                | Q(close_at__gt=models.F("open_at")),
                name="poll_schedule_order",
            ),
        ]


class Choice(models.TextChoices):
    YES = "yes", _("For")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class NamedVote(models.Model):
    """A named vote (记名表决): the deputy can check it afterwards."""

    # No index of its own (issue 26.1): the unique constraint's index leads with the poll, and
    # every vote writes one index less.
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="votes", db_index=False)
    deputy = fields.deputy()
    choice = models.CharField(max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["poll", "deputy"], name="namedvote_once_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id} · {self.deputy_id} · {self.get_choice_display()}"


class Candidate(Named):
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="candidates")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("candidate's name"), max_length=64)
    deputy = fields.deputy(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["poll", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["poll", "position"], name="candidate_unique_position")
        ]


class Receipt(models.Model):
    """Who has voted in a secret ballot — and nothing about how. Random key, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, on_delete=models.PROTECT, related_name="receipts", db_index=False
    )  # the unique constraint's index leads with the poll (issue 26.1)
    deputy = fields.deputy()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["poll", "deputy"], name="receipt_once_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id} · {self.deputy_id}"


class PollKey(models.Model):
    """The public key of a secret election and a hash of each teller's share (never a share,
    never the private key). Removed when the result is published."""

    poll = models.OneToOneField(
        Poll, on_delete=models.PROTECT, primary_key=True, related_name="sealing_key"
    )
    public_key = models.BinaryField(max_length=32)
    share_hashes = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.poll_id}"


class SealedBallot(models.Model):
    """A ballot as cast in a secret election: encrypted to the poll's key, padded to the poll's
    fixed length; no voter, no time, no sequence (random UUID key). Decrypted only at the
    count, in a shuffled order; removed when the result is published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="sealed_ballots")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return str(self.pk)


class Tracker(models.Model):
    """The published ballot box: the hash of every sealed ballot that was counted. A voter
    finds their own tracker (shown once when they voted) here; nothing links it to a voter
    or to a plaintext ballot."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="trackers")
    tracker = models.CharField(max_length=64)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["poll", "tracker"], name="tracker_once_per_poll")
        ]

    def __str__(self) -> str:
        return self.tracker


class Ballot(models.Model):
    """A secret ballot as counted: no voter, no time, no sequence (random UUID key). Written
    at the count, all of a poll's ballots in one insert, in a shuffled order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    valid = models.BooleanField()
    # R56 class on the raw submission (rules.VALID, BLANK, OVERFILLED, DUPLICATE, …).
    kind = models.CharField(max_length=16, default=rules.VALID)

    def __str__(self) -> str:
        return str(self.pk)


class Mark(models.TextChoices):
    YES = "yes", _("For")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstain")
    WRITE_IN = "write_in", _("Another person (write-in)")


class BallotMark(models.Model):
    """One line of a ballot: a candidate with 赞成/反对/弃权, or a write-in name (另选他人)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="marks")
    candidate = fields.reference(Candidate, null=True, blank=True)
    mark = models.CharField(max_length=8, choices=Mark.choices)
    write_in = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(mark="write_in") & Q(candidate__isnull=True) & ~Q(write_in=""))
                | (~Q(mark="write_in") & Q(candidate__isnull=False) & Q(write_in="")),
                name="ballotmark_candidate_or_write_in",
            )
        ]

    def __str__(self) -> str:
        return self.write_in or self.get_mark_display()
