"""Congresses, terms, sessions, the organisation tree, deputies, memberships and roles
(Art 2, 35, 66, 72, 77, 86, 89; SPEC section 2)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Protocol

from django.conf import settings
from django.db import models
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Created, Named
from lvzhi.core.models import Division

from . import fields
from .codes import Education, Ethnicity, Gender, OccupationCategory, PoliticalStatus


class Level(models.TextChoices):
    """Levels of people's congress in the prefecture."""

    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County or city")
    TOWNSHIP = "township", _("Township")


class Congress(Named):
    """The people's congress of one administrative division."""

    division = models.OneToOneField(
        Division,
        on_delete=models.PROTECT,
        related_name="congress",
        verbose_name=_("administrative division"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering: ClassVar = ["division__code"]
        verbose_name = _("people's congress")
        verbose_name_plural = _("people's congresses")


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 15 → 十五, 20 → 二十, 99 → 九十九 (terms and sessions are counted so)."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def term_name(place: str, number: int) -> str:
    """A term as the congress names it: "伊犁哈萨克自治州第十五届人民代表大会"."""
    return _("%(place)s people's congress, term %(number)s") % {
        "place": place,
        "number": ordinal_number(number),
    }


def ordinal_number(n: int) -> str:
    from django.utils.translation import get_language

    return chinese_number(n) if (get_language() or "").startswith("zh") else str(n)


class Term(models.Model):
    """A term (届) of a congress, normally five years."""

    congress = fields.congress(_("people's congress"), related_name="terms")
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    seats = models.PositiveIntegerField(_("number of deputies"), default=0)
    is_current = models.BooleanField(_("current term"), default=False)

    class Meta:
        ordering: ClassVar = ["congress__division__code", "-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.UniqueConstraint(
                fields=["congress"],
                condition=Q(is_current=True),
                name="term_one_current_per_congress",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        # "伊犁哈萨克自治州第十五届人民代表大会", the way the congress names itself.
        return term_name(self.congress.division.name, self.number)


class Session(models.Model):
    """A session (次会议) of a congress term."""

    term = fields.term(related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    proposal_deadline = models.DateTimeField(_("proposal deadline"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["term", "number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="session_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return _("Session %(number)s") % {"number": ordinal_number(self.number)}


class OrgKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    TOWNSHIP_PRESIDIUM = "township_presidium", _("Township congress presidium")
    OFFICE = "office", _("Office of the Standing Committee")
    DEPUTY_AFFAIRS = "deputy_affairs", _("Deputy-affairs body")
    WORKING_BODY = "working_body", _("Working body")
    SPECIAL_COMMITTEE = "special_committee", _("Special committee")
    REGIONAL_WORK_COMMITTEE = "regional_work_committee", _("Regional work committee")
    SECRETARIAT = "secretariat", _("Session secretariat")
    DELEGATION = "delegation", _("Delegation")
    ELECTORAL_UNIT = "electoral_unit", _("Electoral unit")
    DEPUTY_GROUP = "deputy_group", _("Deputy group")
    GOVERNMENT = "government", _("People's government")
    GOVERNMENT_DEPARTMENT = "government_department", _("Government department")
    SUPERVISORY_COMMISSION = "supervisory_commission", _("Supervisory commission")
    COURT = "court", _("People's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    OTHER_HANDLING_UNIT = "other_handling_unit", _("Other handling unit")
    STATION = "station", _("Deputy liaison station")


HANDLING_UNIT_KINDS = frozenset(
    {
        OrgKind.GOVERNMENT,
        OrgKind.GOVERNMENT_DEPARTMENT,
        OrgKind.SUPERVISORY_COMMISSION,
        OrgKind.COURT,
        OrgKind.PROCURATORATE,
        OrgKind.OTHER_HANDLING_UNIT,
    }
)

PATH_STEP = 8  # characters per tree level in Organisation.path


class Organisation(Named):
    """One node of the single organisation tree. ``path`` is a materialised path (the ids of
    all ancestors, fixed width) so a subtree is one indexed ``startswith`` query."""

    name = models.CharField(_("name"), max_length=100)
    name_ug = models.CharField(_("name in Uyghur"), max_length=100, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices, db_index=True)
    parent = fields.reference(
        "self", _("parent organisation"), null=True, blank=True, related_name="children"
    )
    division = fields.reference(Division, _("administrative division"), null=True, blank=True)
    congress = fields.congress(
        _("people's congress"), null=True, blank=True, related_name="organisations"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # The name's pinyin and initials, kept by ``save`` (and by the bulk loaders), so the
    # organisation picker finds "jyj" or "jiaoyu" through an index (issue 22.2).
    name_pinyin = models.CharField(max_length=200, default="", editable=False)
    name_initials = models.CharField(max_length=64, default="", editable=False)

    class Meta:
        ordering: ClassVar = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes: ClassVar = [
            models.Index(
                fields=["name_pinyin"], name="org_name_pinyin", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["name_initials"],
                name="org_name_initials",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        from .rules import pinyin_of

        self.name_pinyin, self.name_initials = pinyin_of(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*fields, "name_pinyin", "name_initials"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_STEP

    @property
    def is_handling_unit(self) -> bool:
        return self.kind in HANDLING_UNIT_KINDS


class Expertise(Named):
    """An expertise tag, used to invite the right deputies (Art 50, 54, 56, 72)."""

    name = models.CharField(_("name"), max_length=32, unique=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")


def sort_key_sql(deputy: str = "") -> Concat:
    """``sort_key_for`` in SQL, over a deputy (``deputy``: the path to it, ending with ``__``;
    the path must keep its own join, e.g. a ``FilteredRelation``, for ``id`` to be the
    deputy's and the expression to match the index). ``name_pinyin`` holds at most 200
    characters, so the whole of it is the key's first part."""
    return Concat(
        F(f"{deputy}name_pinyin"),
        Value(":"),
        LPad(Cast(F(f"{deputy}id"), TextField()), 12, Value("0")),
    )


class Deputy(Named):
    """A person who is or was a deputy at one or more levels and terms.

    ID and phone numbers are stored encrypted with a keyed hash for look-ups and a masked copy
    for display (PIPL Art 51); see ``lvzhi.core.crypto``.
    """

    name = models.CharField(_("name"), max_length=64)
    name_ug = models.CharField(_("name in Uyghur"), max_length=64, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=64, blank=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=200, db_index=True, editable=False)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=64, db_index=True, editable=False
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus.choices
    )
    education = models.CharField(
        _("education"), max_length=2, choices=Education.choices, blank=True
    )
    birth_date = models.DateField(_("birth date"))
    position = models.CharField(_("work unit and position"), max_length=200, blank=True)
    occupation_category = models.CharField(
        _("occupational category"), max_length=16, choices=OccupationCategory.choices
    )
    is_grassroots = models.BooleanField(_("grassroots deputy"), default=False)
    is_frontline = models.BooleanField(_("front-line worker or farmer"), default=False)
    holds_leading_post = models.BooleanField(
        _("holds a leading Party or government post"), default=False
    )
    expertise = models.ManyToManyField(
        Expertise, blank=True, related_name="deputies", verbose_name=_("expertise")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    photo = models.FileField(_("photo"), upload_to="deputies/photos/", blank=True)
    public_contact = models.CharField(_("public contact channel"), max_length=100, blank=True)
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering: ClassVar = ["name_pinyin", "id"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="deputy_unique_id_number",
            ),
        ]
        indexes: ClassVar = [
            # The directory filtered by ethnicity walks the deputies of that ethnicity in the
            # seats' sort order (``sort_key_sql``) instead of walking every seat and looking up
            # its deputy's ethnicity (issue 26.2).
            models.Index(F("ethnicity"), sort_key_sql(), F("id"), name="deputy_ethnicity_walk"),
        ]


class MembershipStatus(models.TextChoices):
    SERVING = "serving", _("Serving")
    RESIGNED = "resigned", _("Resigned")
    RECALLED = "recalled", _("Recalled")
    TERMINATED = "terminated", _("Terminated")
    SUSPENDED = "suspended", _("Suspended")
    TERM_ENDED = "term_ended", _("Term ended")


class Membership(models.Model):
    """A deputy's seat in one congress term, with the electoral unit that elected them, the
    delegation and the deputy group they belong to."""

    deputy = fields.deputy(_("deputy"), related_name="memberships")
    term = fields.term(related_name="memberships")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, editable=False)
    electoral_unit = fields.organisation(_("electoral unit"), related_name="elected_memberships")
    delegation = fields.organisation(
        _("delegation"), null=True, blank=True, related_name="delegation_memberships"
    )
    deputy_group = fields.organisation(
        _("deputy group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
    )
    # Copies of the deputy (``seat_copies``, kept wherever a deputy's name changes): the
    # directory sorts by ``sort_key`` (pinyin, then id) through an index instead of sorting
    # every joined row, and its name search reads the name and the initials from the same
    # index instead of looking up the deputy of every seat it walks past (see
    # docs/performance.md; issue 26.2: 3,943 look-ups for the first page of '马' at large).
    sort_key = models.CharField(max_length=220, default="", editable=False)
    deputy_name = models.CharField(max_length=64, default="", editable=False)
    deputy_initials = models.CharField(max_length=64, default="", editable=False)
    status = fields.choice(MembershipStatus.SERVING, _("status"), db_index=True)
    elected_on = models.DateField(_("elected on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["term", "deputy__name_pinyin"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["deputy", "term"], name="membership_one_per_term"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("elected_on")),
                name="membership_ends_after_election",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["level", "status"]),
            # The directory walks the seats in this order until a page is full; carrying the
            # columns its filters and the scope read answers the walk from the index alone,
            # without a visit to the table per seat passed over (issue 26.2: a level filter
            # passed over 9,400 seats of a million for its first page).
            models.Index(
                fields=["sort_key", "id"],
                include=[
                    "deputy",
                    "level",
                    "status",
                    "electoral_unit",
                    "delegation",
                    "deputy_name",
                    "deputy_initials",
                ],
                name="membership_seat_walk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.term}"


def sort_key_for(deputy: Deputy) -> str:
    """The directory's sort key of a deputy's seats: pinyin, then id for a stable order."""
    return f"{deputy.name_pinyin[:200]}:{deputy.pk:012d}"


# The seat's columns copied from its deputy, and what each copies (``seat_copies``).
SEAT_COPIES = ("sort_key", "deputy_name", "deputy_initials")


def seat_copies(deputy: Deputy) -> dict[str, str]:
    """The values of ``SEAT_COPIES`` for the seats of ``deputy`` (its name and pinyin set)."""
    return {
        "sort_key": sort_key_for(deputy),
        "deputy_name": deputy.name,
        "deputy_initials": deputy.name_initials,
    }


class SeatData(Protocol):
    """Where a seat lies and since when (a form's ``MembershipData``, an imported row, a demo
    seat)."""

    electoral_unit: Organisation
    delegation: Organisation | None
    deputy_group: Organisation | None
    elected_on: dt.date


def new_seat(deputy: Deputy, term: Term, seat: SeatData) -> Membership:
    """``deputy``'s seat in ``term``, not yet saved: the level is the term's congress's, the
    copies of the deputy (``seat_copies``) are the deputy's (the one place a new seat is made,
    by hand, by import or by the demo)."""
    return Membership(
        deputy=deputy,
        term=term,
        level=term.congress.level,
        electoral_unit=seat.electoral_unit,
        delegation=seat.delegation,
        deputy_group=seat.deputy_group,
        elected_on=seat.elected_on,
        **seat_copies(deputy),
    )


class AccountState(models.TextChoices):
    """Where a deputy's (or staff member's) account stands (issue 21); derived, not stored:
    no account; invited (a code issued, no password chosen); active; disabled; locked."""

    NONE = "none", _("No account")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Account active")
    DISABLED = "disabled", _("Disabled")
    LOCKED = "locked", _("Locked")


class Role(models.TextChoices):
    """Roles of SPEC section 1; each is granted on an organisation, which bounds its scope."""

    ADMIN = "admin", _("Administrator")
    OFFICE = "office", _("Standing Committee office / deputy-affairs body")
    SECRETARIAT = "secretariat", _("Session secretariat")
    DECISION_RECORDER = "decision_recorder", _("Recorder of presidium and directors' decisions")
    COMMITTEE = "committee", _("Special committee or working body staff")
    UNIT_STAFF = "unit_staff", _("Delegation / electoral unit / work committee staff")
    SC_MEMBER = "sc_member", _("Standing Committee member")
    HANDLING_UNIT = "handling_unit", _("Handling unit")
    STATION_STAFF = "station_staff", _("Liaison station staff")
    GROUP_LEADER = "group_leader", _("Deputy group leader")
    DEPUTY = "deputy", _("Deputy")


class RoleAssignment(models.Model):
    user = fields.user(_("account"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = fields.organisation(_("organisation"), related_name="role_assignments")
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected: nothing written")
    FAILED = "failed", _("Failed")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("Import only if every row is valid")
    VALID_ROWS = "valid", _("Import the valid rows and list the bad ones")


class DeputyImport(Created):
    """One upload of the deputy spreadsheet and its progress (shown in the browser and CLI)."""

    term = fields.term()
    mode = fields.choice(ImportMode.ALL_OR_NOTHING, _("mode"), max_length=8)
    file = models.FileField(_("file"), upload_to="imports/")
    file_name = models.CharField(_("file name"), max_length=200)
    status = fields.choice(ImportStatus.PENDING, _("status"))
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("deputy import")
        verbose_name_plural = _("deputy imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.REJECTED):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
