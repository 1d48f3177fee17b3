"""Every change of registry state is one function here (HackSoft/Zulip style): it checks the
permission, checks the rules, writes inside one transaction and appends one audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock, crypto
from lvzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.personal import (
    birth_date_from_id,
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_phone,
)
from lvzhi.core.text import one_line
from lvzhi.core.uploads import refuse_too_large

from . import events, policies, rules, selectors
from .codes import Education, Ethnicity, Gender, OccupationCategory, PoliticalStatus
from .models import (
    PATH_STEP,
    Deputy,
    Expertise,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Role,
    RoleAssignment,
    Session,
    Term,
    new_seat,
    seat_copies,
)

# Fields whose before/after go to the audit log. Personal numbers appear only masked.
# Fields a form or an import row sets as they are (name and personal numbers need more).
PLAIN_DEPUTY_FIELDS = (
    "gender",
    "ethnicity",
    "political_status",
    "education",
    "birth_date",
    "position",
    "occupation_category",
    "is_grassroots",
    "is_frontline",
    "holds_leading_post",
    "languages",
    "public_contact",
)
# The name in Uyghur and in Kazakh (Arabic script): set by the deputy form; an import, which has
# no such columns, keeps them (DeputyData gives None).
SCRIPT_NAME_FIELDS = ("name_ug", "name_kk")
AUDITED_DEPUTY_FIELDS = (
    "name",
    *SCRIPT_NAME_FIELDS,
    *PLAIN_DEPUTY_FIELDS,
    "phone_masked",
    "id_number_masked",
)
AUDITED_MEMBERSHIP_FIELDS = (
    "term",
    "electoral_unit",
    "delegation",
    "deputy_group",
    "status",
    "elected_on",
    "ended_on",
)


@dataclass
class DeputyData:
    """What a form, an import row or the API gives to create or update a deputy."""

    name: str
    gender: str
    ethnicity: str
    political_status: str
    birth_date: dt.date | None
    occupation_category: str
    education: str = ""
    position: str = ""
    is_grassroots: bool = False
    is_frontline: bool = False
    holds_leading_post: bool = False
    languages: list[str] = field(default_factory=list)
    public_contact: str = ""
    phone: str = ""
    id_number: str = ""
    expertise: list[str] = field(default_factory=list)
    name_ug: str | None = None  # the name in Uyghur, shown on the portal in Uyghur (issue 9)
    name_kk: str | None = None  # the name in Kazakh (Arabic script); None keeps what is on file


@dataclass
class MembershipData:
    term: Term
    electoral_unit: Organisation
    elected_on: dt.date
    delegation: Organisation | None = None
    deputy_group: Organisation | None = None


CODE_LISTS: dict[str, frozenset[str]] = {
    "gender": frozenset(Gender.values),
    "ethnicity": frozenset(Ethnicity.values),
    "political_status": frozenset(PoliticalStatus.values),
    "occupation_category": frozenset(OccupationCategory.values),
    "education": frozenset(Education.values),
}


def clean_deputy_data(data: DeputyData) -> DeputyData:
    """Normalise and validate; raise ValidationFailed naming the field."""
    data.name = " ".join(data.name.split())
    if not data.name:
        raise ValidationFailed(_("The name is required."), field="name")
    if len(data.name) > 64:
        raise ValidationFailed(_("The name is too long (at most 64 characters)."), field="name")
    for name, allowed in CODE_LISTS.items():
        value = getattr(data, name)
        if name == "education" and not value:
            continue
        if value not in allowed:
            raise ValidationFailed(_("Unknown value “%(value)s”.") % {"value": value}, field=name)
    if data.birth_date is None:
        raise ValidationFailed(_("The birth date is required."), field="birth_date")
    today = clock.today()
    if rules.age_on(data.birth_date, today) < rules.MIN_DEPUTY_AGE:
        raise ValidationFailed(
            _("A deputy must be at least %(age)d years old.") % {"age": rules.MIN_DEPUTY_AGE},
            field="birth_date",
        )
    if data.birth_date.year < 1900:
        raise ValidationFailed(_("The birth date is not plausible."), field="birth_date")
    if data.id_number:
        try:
            data.id_number = validate_id_number(data.id_number, today=today)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="id_number") from None
        if birth_date_from_id(data.id_number) != data.birth_date:
            raise ValidationFailed(
                _("The birth date does not match the one in the ID number."), field="birth_date"
            )
    if data.phone:
        try:
            data.phone = validate_phone(data.phone)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="phone") from None
    data.expertise = sorted({e.strip() for e in data.expertise if e.strip()})
    for tag in data.expertise:
        if len(tag) > 32:
            raise ValidationFailed(
                _("An expertise tag may have at most 32 characters."), field="expertise"
            )
    return data


def apply_deputy_data(deputy: Deputy, data: DeputyData) -> None:
    deputy.name = data.name
    deputy.name_pinyin, deputy.name_initials = rules.pinyin_of(data.name)
    for attr in PLAIN_DEPUTY_FIELDS:
        setattr(deputy, attr, getattr(data, attr))
    for attr in SCRIPT_NAME_FIELDS:
        value = getattr(data, attr)
        if value is not None:
            setattr(deputy, attr, " ".join(value.split())[:64])
    if data.id_number:
        deputy.id_number_encrypted = crypto.encrypt(data.id_number)
        deputy.id_number_hash = crypto.lookup_hash(data.id_number)
        deputy.id_number_masked = mask_id_number(data.id_number)
    if data.phone:
        deputy.phone_encrypted = crypto.encrypt(data.phone)
        deputy.phone_hash = crypto.lookup_hash(data.phone)
        deputy.phone_masked = mask_phone(data.phone)


def _set_expertise(deputy: Deputy, names: Iterable[str]) -> None:
    tags = [Expertise.objects.get_or_create(name=n)[0] for n in names]
    deputy.expertise.set(tags)


def _check_duplicate_id(data: DeputyData, exclude_pk: int | None = None) -> None:
    if not data.id_number:
        return
    qs = Deputy.objects.filter(id_number_hash__in=crypto.lookup_hashes(data.id_number))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationFailed(
            _("Another deputy is already registered with this ID number."), field="id_number"
        )


def _check_membership(actor: User, m: MembershipData) -> None:
    if m.electoral_unit.kind != OrgKind.ELECTORAL_UNIT:
        raise ValidationFailed(_("Choose an electoral unit."), field="electoral_unit")
    if m.electoral_unit.congress_id not in (None, m.term.congress_id):
        raise ValidationFailed(
            _("This electoral unit elects deputies to another people's congress."),
            field="electoral_unit",
        )
    if not policies.organisation_in_scope(actor, m.electoral_unit, policies.EDIT_ROLES):
        raise PermissionDenied(_("This electoral unit is outside your scope."))
    for attr, kind in (("delegation", OrgKind.DELEGATION), ("deputy_group", OrgKind.DEPUTY_GROUP)):
        org = getattr(m, attr)
        if org is not None and org.kind != kind:
            raise ValidationFailed(_("Choose an organisation of the right kind."), field=attr)
    if m.elected_on < m.term.starts_on - dt.timedelta(days=366) or m.elected_on > m.term.ends_on:
        raise ValidationFailed(_("The election date lies outside the term."), field="elected_on")


@transaction.atomic
def deputy_create(*, actor: User, data: DeputyData, membership: MembershipData) -> Deputy:
    """Register a deputy with their first membership (Art 89, R46)."""
    if not policies.roles_of(actor) & policies.EDIT_ROLES:
        raise PermissionDenied(_("You may not register deputies."))
    data = clean_deputy_data(data)
    _check_membership(actor, membership)
    _check_duplicate_id(data)
    now = clock.now()
    deputy = Deputy(created_at=now, updated_at=now)
    apply_deputy_data(deputy, data)
    deputy.save()
    _set_expertise(deputy, data.expertise)
    m = _membership_create(deputy, membership, actor)
    audit.record(
        actor=actor,
        action="deputy.created",
        obj=deputy,
        after=audit.snapshot(deputy, AUDITED_DEPUTY_FIELDS)
        | {"membership": str(m.term), "expertise": data.expertise},
    )
    return deputy


def _membership_create(deputy: Deputy, data: MembershipData, actor: User | None) -> Membership:
    m = new_seat(deputy, data.term, data)
    m.save(force_insert=True)
    events.seat_elected(
        seat=m,
        actor=actor,
        status=MembershipStatus.SERVING,
        on=data.elected_on,
        reason=_("Elected"),
        document_no="",
    )
    return m


@transaction.atomic
def deputy_update(*, actor: User, deputy: Deputy, data: DeputyData) -> Deputy:
    """Change a deputy's data; the audit event carries what changed, before and after."""
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if not policies.can_edit_deputy(actor, deputy):
        raise NotFound(_("No such deputy."))
    data = clean_deputy_data(data)
    if not data.id_number and deputy.id_number_encrypted and data.birth_date:
        # An empty ID field keeps the number on file; the birth date must still match it.
        kept = crypto.decrypt(deputy.id_number_encrypted)
        if kept and birth_date_from_id(kept) != data.birth_date:
            raise ValidationFailed(
                _("The birth date does not match the one in the ID number."), field="birth_date"
            )
    _check_duplicate_id(data, exclude_pk=deputy.pk)
    before = audit.snapshot(deputy, AUDITED_DEPUTY_FIELDS)
    before_tags = sorted(deputy.expertise.values_list("name", flat=True))
    apply_deputy_data(deputy, data)
    deputy.updated_at = clock.now()
    deputy.save()
    Membership.objects.filter(deputy=deputy).update(**seat_copies(deputy))
    _set_expertise(deputy, data.expertise)
    after = audit.snapshot(deputy, AUDITED_DEPUTY_FIELDS)
    b, a = audit.diff(before | {"expertise": before_tags}, after | {"expertise": data.expertise})
    if a:
        audit.record(actor=actor, action="deputy.updated", obj=deputy, before=b, after=a)
    return deputy


@transaction.atomic
def membership_add(*, actor: User, deputy: Deputy, data: MembershipData) -> Membership:
    """Add a seat in another congress or term (one person, several levels)."""
    if not policies.roles_of(actor) & policies.EDIT_ROLES:
        raise PermissionDenied(_("You may not register deputies."))
    _check_membership(actor, data)
    if Membership.objects.filter(deputy=deputy, term=data.term).exists():
        raise ValidationFailed(_("The deputy already has a seat in this term."), field="term")
    m = _membership_create(deputy, data, actor)
    audit.record(
        actor=actor,
        action="membership.created",
        obj=m,
        after=audit.snapshot(m, AUDITED_MEMBERSHIP_FIELDS),
    )
    account_follow_seats(actor=actor, deputy=deputy)
    return m


# Allowed status changes of a membership: from → to.
MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    MembershipStatus.SERVING: frozenset(
        {
            MembershipStatus.RESIGNED,
            MembershipStatus.RECALLED,
            MembershipStatus.TERMINATED,
            MembershipStatus.SUSPENDED,
            MembershipStatus.TERM_ENDED,
        }
    ),
    MembershipStatus.SUSPENDED: frozenset(
        {
            MembershipStatus.SERVING,
            MembershipStatus.RESIGNED,
            MembershipStatus.RECALLED,
            MembershipStatus.TERMINATED,
            MembershipStatus.TERM_ENDED,
        }
    ),
}
ENDING_STATUSES = frozenset(
    {
        MembershipStatus.RESIGNED,
        MembershipStatus.RECALLED,
        MembershipStatus.TERMINATED,
        MembershipStatus.TERM_ENDED,
    }
)


@transaction.atomic
def membership_change_status(
    *,
    actor: User,
    membership: Membership,
    status: str,
    on: dt.date,
    reason: str = "",
    document_no: str = "",
) -> Membership:
    """Record a status change (resigned, recalled, ...) with its date in the history."""
    # The seat's label in the event log names the deputy and the term: read them with it.
    m = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("deputy", "term__congress__division")
        .get(pk=membership.pk)
    )
    if not policies.deputy_in_scope(actor, m.deputy, policies.EDIT_ROLES):
        raise NotFound(_("No such deputy."))
    allowed = MEMBERSHIP_TRANSITIONS.get(m.status, frozenset())
    if status not in allowed:
        raise ValidationFailed(
            _("A membership that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": MembershipStatus(m.status).label,
                "new": MembershipStatus(status).label
                if status in MembershipStatus.values
                else status,
            },
            field="status",
        )
    if on < m.elected_on:
        raise ValidationFailed(_("The date lies before the election."), field="on")
    if on > clock.today():
        raise ValidationFailed(_("The date lies in the future."), field="on")
    before = audit.snapshot(m, ("status", "ended_on"))
    m.status = status
    m.ended_on = on if status in ENDING_STATUSES else None
    m.save(update_fields=["status", "ended_on"])
    events.seat_status_changed(
        seat=m,
        actor=actor,
        status=status,
        on=on,
        reason=reason[:200],
        document_no=document_no[:64],
    )
    audit.record(
        actor=actor,
        action="membership.status_changed",
        obj=m,
        before=before,
        after=audit.snapshot(m, ("status", "ended_on"))
        | {"reason": reason, "document_no": document_no},
    )
    account_follow_seats(actor=actor, deputy=m.deputy)
    return m


PERSONAL_FIELDS = {"id_number": "id_number_encrypted", "phone": "phone_encrypted"}


def personal_data_reveal(*, actor: User, deputy: Deputy, field_name: str) -> str:
    """Return a full ID or phone number; the access is written to the audit log."""
    if field_name not in PERSONAL_FIELDS:
        raise ValidationFailed(_("Unknown field."))
    if not policies.can_reveal_personal_data(actor, deputy):
        raise PermissionDenied(_("You may not see this number in full."))
    value = crypto.decrypt(getattr(deputy, PERSONAL_FIELDS[field_name]))
    audit.record(
        actor=actor, action="personal_data.revealed", obj=deputy, after={"field": field_name}
    )
    return value


# ---- organisations and roles -------------------------------------------------------------


def path_for(org: Organisation, parent: Organisation | None) -> str:
    return (parent.path if parent else "") + f"{org.pk:0{PATH_STEP}d}"


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, kind: str, parent: Organisation | None, **extra: Any
) -> Organisation:
    """Add a node to the organisation tree (administrators; the seeder passes actor=None)."""
    if actor is not None and Role.ADMIN not in policies.roles_of(actor):
        raise PermissionDenied(_("Only administrators change the organisation tree."))
    if kind not in OrgKind.values:
        raise ValidationFailed(_("Unknown kind of organisation."), field="kind")
    name = _org_name(name)
    org = Organisation.objects.create(name=name, kind=kind, parent=parent, **extra)
    org.path = path_for(org, parent)
    org.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="organisation.created",
        obj=org,
        after={"name": name, "kind": kind, "parent": str(parent) if parent else None},
    )
    return org


def _org_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("Enter the name of the organisation."), field="name")
    if len(name) > 100:
        raise ValidationFailed(_("The name is too long (at most 100 characters)."), field="name")
    return name


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    short_name: str,
    is_active: bool,
    name_ug: str | None = None,
    name_kk: str | None = None,
) -> Organisation:
    """Rename an organisation (also its Uyghur and Kazakh names, when given) or take it out
    of use; its place in the tree stays."""
    if Role.ADMIN not in policies.roles_of(actor):
        raise PermissionDenied(_("Only administrators change the organisation tree."))
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = ("name", "name_ug", "name_kk", "short_name", "is_active")
    before = audit.snapshot(org, fields)
    org.name, org.short_name, org.is_active = _org_name(name), short_name.strip()[:50], is_active
    if name_ug is not None:
        org.name_ug = " ".join(name_ug.split())[:100]
    if name_kk is not None:
        org.name_kk = " ".join(name_kk.split())[:100]
    org.save(update_fields=list(fields))
    b, a = audit.diff(before, audit.snapshot(org, fields))
    if a:
        audit.record(actor=actor, action="organisation.updated", obj=org, before=b, after=a)
    return org


def organisation_paths_rebuild() -> int:
    """Recompute every materialised path (after a bulk load). Returns the number of nodes."""
    orgs = list(Organisation.objects.only("id", "parent_id", "path"))
    by_id = {o.pk: o for o in orgs}
    done: dict[int, str] = {}

    def path(o: Organisation) -> str:
        if o.pk in done:
            return done[o.pk]
        parent = by_id.get(o.parent_id) if o.parent_id else None
        p = (path(parent) if parent else "") + f"{o.pk:0{PATH_STEP}d}"
        done[o.pk] = p
        return p

    for o in orgs:
        o.path = path(o)
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=1000)
    return len(orgs)


@transaction.atomic
def role_grant(
    *, actor: User | None, user: User, role: str, organisation: Organisation
) -> RoleAssignment:
    if (
        actor is not None
        and Role.ADMIN not in policies.roles_of(actor)
        and not (
            role not in (Role.ADMIN, Role.DEPUTY)
            and policies.can_administer_organisation(actor, organisation)
        )
    ):
        raise PermissionDenied(_("Only administrators grant roles."))
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."), field="role")
    ra, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organisation=organisation, defaults={"granted_at": clock.now()}
    )
    if created:
        audit.record(
            actor=actor,
            action="role.granted",
            obj=user,
            after={"role": role, "organisation": organisation.name},
        )
    return ra


@transaction.atomic
def deputy_link_account(*, actor: User | None, deputy: Deputy, user: User) -> None:
    if actor is not None and Role.ADMIN not in policies.roles_of(actor):
        raise PermissionDenied(_("Only administrators link accounts."))
    Deputy.objects.filter(pk=deputy.pk).update(user=user)
    audit.record(
        actor=actor, action="deputy.account_linked", obj=deputy, after={"user": user.username}
    )


# ---- imports -------------------------------------------------------------------------------


def deputy_import_start(*, actor: User, term: Term, upload: Any, mode: str) -> Any:
    """Store the uploaded file, check it can be read at all, and queue the import."""
    from .imports import check_file
    from .models import DeputyImport, ImportMode
    from .tasks import run_deputy_import

    if not policies.can_import(actor):
        raise PermissionDenied(_("You may not import deputies."))
    if mode not in ImportMode.values:
        raise ValidationFailed(_("Choose an import mode."), field="mode")
    check_file(upload, upload.size)
    upload.seek(0)
    job = DeputyImport.objects.create(
        term=term,
        mode=mode,
        file=upload,
        file_name=str(upload.name)[:200],
        created_by=actor,
        created_at=clock.now(),
    )
    audit.record(
        actor=actor,
        action="deputy_import.started",
        obj=job,
        after={"file": job.file_name, "term": str(term), "mode": mode},
    )
    transaction.on_commit(lambda: run_deputy_import.enqueue(job.pk))
    return job


# ---- accounts (administrators) -----------------------------------------------------------


def _require_admin(actor: User) -> None:
    if Role.ADMIN not in policies.roles_of(actor):
        raise PermissionDenied(_("Only administrators manage accounts."))


@transaction.atomic
def account_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    password: str,
    role: str,
    organisation: Organisation,
) -> User:
    """Open an account with its first role; the holder must change the password first."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError as DjangoValidationError

    _require_admin(actor)
    username = username.strip()
    if not username or len(username) > 150:
        raise ValidationFailed(_("Enter a user name of at most 150 characters."), field="username")
    _require_free_username(username)
    user = User(
        username=username, display_name=display_name.strip()[:64], must_change_password=True
    )
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    after = {"username": username, "display_name": user.display_name}
    _store_new_account(actor, user, role, organisation, after)
    return user


def _require_free_username(username: str) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This user name is taken."), field="username")


def _store_new_account(
    actor: User, user: User, role: str, organisation: Organisation, after: dict[str, Any]
) -> None:
    """Saves a new account, audits its opening and grants its first role."""
    user.save()
    audit.record(actor=actor, action="account.created", obj=user, after=after)
    role_grant(actor=actor, user=user, role=role, organisation=organisation)


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    _require_admin(actor)
    if assignment.user_id == actor.pk and assignment.role == Role.ADMIN:
        raise ValidationFailed(_("You cannot take the administrator role from yourself."))
    audit.record(
        actor=actor,
        action="role.revoked",
        obj=assignment.user,
        before={"role": assignment.role, "organisation": assignment.organisation.name},
    )
    assignment.delete()


@transaction.atomic
def account_disable(*, actor: User, user: User) -> None:
    """Disable an account and end all its sessions at once."""
    _require_admin(actor)
    if user.pk == actor.pk:
        raise ValidationFailed(_("You cannot disable your own account."))
    _set_active(actor, user, False)


@transaction.atomic
def account_enable(*, actor: User, user: User) -> None:
    _require_admin(actor)
    _set_active(actor, user, True)


def _set_active(actor: User | None, user: User, active: bool, **why: Any) -> None:
    """Enable or disable an account (disabling ends all its sessions at once), recorded in
    the audit log with ``why``."""
    from lvzhi.core.services import end_sessions

    User.objects.filter(pk=user.pk).update(is_active=active)
    after = {"is_active": active, **why}
    if not active:
        after["sessions_ended"] = end_sessions(user=user)
    audit.record(
        actor=actor,
        action="account.enabled" if active else "account.disabled",
        obj=user,
        before={"is_active": not active},
        after=after,
    )


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> None:
    _require_admin(actor)
    User.objects.filter(pk=user.pk).update(locked_until=None)
    from lvzhi.core.services import sign_in_budget_reset

    sign_in_budget_reset(username=user.username)  # the day's failed sign-ins no longer count
    audit.record(actor=actor, action="account.unlocked", obj=user)


@transaction.atomic
def account_second_factor_reset(*, actor: User, user: User) -> None:
    """An administrator resets the second factor of a user who lost the phone; the user sets
    it up again at the next sign-in."""
    from lvzhi.core.services import second_factor_clear

    _require_admin(actor)
    second_factor_clear(actor=actor, user=user)


@transaction.atomic
def deputy_photo_set(*, actor: User, deputy: Deputy, upload: Any) -> Deputy:
    """Store a deputy's photo (JPEG or PNG by content, at most 2 MiB) outside the web root."""
    from django.core.files.base import ContentFile

    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if not policies.can_edit_deputy(actor, deputy):
        raise NotFound(_("No such deputy."))
    refuse_too_large(
        upload, rules.MAX_PHOTO_BYTES, "photo", _("The photo is too large; at most %(mb)d MB.")
    )
    content = upload.read()
    kind = rules.photo_type(content[:8])
    if kind is None:
        raise ValidationFailed(_("The photo must be a JPEG or PNG image."), field="photo")
    old = deputy.photo.name
    deputy.photo.save(f"{deputy.pk}.{kind[1]}", ContentFile(content), save=False)
    deputy.updated_at = clock.now()
    deputy.save(update_fields=["photo", "updated_at"])
    if old and old != deputy.photo.name:
        deputy.photo.storage.delete(old)
    audit.record(
        actor=actor,
        action="deputy.photo_changed",
        obj=deputy,
        before={"photo": old},
        after={"photo": deputy.photo.name},
    )
    return deputy


# ---- sessions (次会议) and their proposal deadline (R09) ------------------------------------


def _require_session_staff(actor: User, term: Term) -> None:
    congresses = selectors.congress_ids_in_scope(actor, policies.SESSION_ROLES)
    if not policies.roles_of(actor) & policies.SESSION_ROLES or (
        congresses is not None and not congresses.filter(congress_id=term.congress_id).exists()
    ):
        raise NotFound(_("No such session."))


def _check_session_dates(
    term: Term, opens_on: dt.date, closes_on: dt.date, deadline: dt.datetime | None
) -> None:
    if closes_on < opens_on:
        raise ValidationFailed(_("A session cannot close before it opens."), field="closes_on")
    if not term.starts_on <= opens_on <= term.ends_on:
        raise ValidationFailed(
            _("The session must open within the term (%(start)s to %(end)s).")
            % {"start": term.starts_on, "end": term.ends_on},
            field="opens_on",
        )
    if deadline is not None:
        day = timezone.localtime(deadline).date()
        if (
            not opens_on - dt.timedelta(days=rules.PROPOSAL_DEADLINE_EARLIEST_DAYS)
            <= day
            <= closes_on
        ):
            raise ValidationFailed(
                _(
                    "The proposal deadline must fall between %(earliest)s and the session's "
                    "closing day %(closes)s."
                )
                % {
                    "earliest": opens_on - dt.timedelta(days=rules.PROPOSAL_DEADLINE_EARLIEST_DAYS),
                    "closes": closes_on,
                },
                field="proposal_deadline",
            )


@transaction.atomic
def session_create(
    *,
    actor: User,
    term: Term,
    opens_on: dt.date,
    closes_on: dt.date,
    proposal_deadline: dt.datetime | None,
) -> Session:
    """Schedule the next session of a term (numbered after the last) with its proposal
    deadline (R09)."""
    _require_session_staff(actor, term)
    term = Term.objects.select_for_update().get(pk=term.pk)
    _check_session_dates(term, opens_on, closes_on, proposal_deadline)
    last = Session.objects.filter(term=term).order_by("-number").first()
    if last is not None and opens_on <= last.closes_on:
        raise ValidationFailed(
            _("The session must open after the previous one closed (%(date)s).")
            % {"date": last.closes_on},
            field="opens_on",
        )
    session = Session.objects.create(
        term=term,
        number=(last.number + 1) if last else 1,
        opens_on=opens_on,
        closes_on=closes_on,
        proposal_deadline=proposal_deadline,
    )
    audit.record(
        actor=actor,
        action="session.created",
        obj=session,
        object_label=f"{term} {session}",
        after=audit.snapshot(session, ["opens_on", "closes_on", "proposal_deadline"]),
    )
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    opens_on: dt.date,
    closes_on: dt.date,
    proposal_deadline: dt.datetime | None,
) -> Session:
    """Move a session's dates or its proposal deadline (the presidium may extend it)."""
    session = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    _require_session_staff(actor, session.term)
    _check_session_dates(session.term, opens_on, closes_on, proposal_deadline)
    fields = ["opens_on", "closes_on", "proposal_deadline"]
    before = audit.snapshot(session, fields)
    session.opens_on, session.closes_on = opens_on, closes_on
    session.proposal_deadline = proposal_deadline
    session.save(update_fields=fields)
    old, new = audit.diff(before, audit.snapshot(session, fields))
    if new:
        audit.record(
            actor=actor,
            action="session.changed",
            obj=session,
            object_label=f"{session.term} {session}",
            before=old,
            after=new,
        )
    return session


# ---- deputies' accounts: invitation, activation codes, following the seat (issue 21) -------


@dataclass
class Invitation:
    """One issued activation code: shown once (on the page, in the letter, by SMS)."""

    deputy: Deputy
    user: User
    code: str
    sms_sent: bool = False


def account_state(user: User | None) -> str:
    from .models import AccountState

    if user is None:
        return AccountState.NONE
    if not user.is_active:
        return AccountState.DISABLED
    if user.locked_until and user.locked_until > clock.now():
        return AccountState.LOCKED
    if not user.has_usable_password():
        return AccountState.INVITED
    return AccountState.ACTIVE


def _deputy_username(deputy: Deputy) -> str:
    base = "".join(ch for ch in deputy.name_pinyin if ch.isascii() and ch.isalnum())[:20]
    return f"{base or 'deputy'}{deputy.pk}"


def _issue_activation(*, actor: User | None, user: User) -> str:
    from lvzhi.core import onetime
    from lvzhi.core import rules as core_rules
    from lvzhi.core.models import CodePurpose

    return onetime.issue(
        user=user,
        purpose=CodePurpose.ACTIVATION,
        length=core_rules.ACTIVATION_CODE_LENGTH,
        valid_for=core_rules.ACTIVATION_CODE_VALID,
        issued_by=actor,
    )


def activation_sms_text(code: str) -> str:
    from django.conf import settings

    from lvzhi.core import onetime

    return _(
        "lvzhi: your activation code is %(code)s. Open %(url)s and enter it to choose your "
        "password."
    ) % {"code": onetime.pretty(code), "url": f"{settings.NOTIFY_SITE_URL}/activate/"}


def _send_activation_sms(invitation: Invitation) -> bool:
    from lvzhi.core import outbound

    phone = crypto.decrypt(invitation.deputy.phone_encrypted or "")
    if not phone:
        return False
    try:
        outbound.sms_send(phone, activation_sms_text(invitation.code))
    except outbound.DeliveryError:
        return False
    return True


def _deputy_for_account(actor: User, deputy: Deputy) -> Deputy:
    """The deputy and its account, the deputy's row locked for an account change (call in a
    transaction); NotFound unless the actor may edit the deputy."""
    deputy = Deputy.objects.select_for_update(of=("self",)).select_related("user").get(pk=deputy.pk)
    if not policies.can_edit_deputy(actor, deputy):
        raise NotFound(_("No such deputy."))
    return deputy


def deputy_account_invite(*, actor: User, deputy: Deputy, sms: bool = False) -> Invitation:
    """Open the deputy's account (one per person, whatever their seats) or, when it waits
    for activation, issue a fresh code; earlier codes stop working. An active or disabled
    account is refused: it needs a reset or the seat, not an invitation."""
    with transaction.atomic():
        deputy = _deputy_for_account(actor, deputy)
        user = deputy.user
        state = account_state(user)
        if state not in ("none", "invited"):
            raise ValidationFailed(
                _(
                    "The deputy's account is %(state)s; an invitation is only for deputies "
                    "without an active account."
                )
                % {"state": str(_state_label(state))}
            )
        if (
            not Membership.objects.filter(deputy=deputy)
            .exclude(status__in=ENDING_STATUSES)
            .exists()
        ):
            raise ValidationFailed(_("The deputy holds no current seat."))
        if user is None:
            user = User(username=_deputy_username(deputy), display_name=deputy.name)
            user.set_unusable_password()
            user.save()
            deputy.user = user
            deputy.save(update_fields=["user"])
            audit.record(
                actor=actor,
                action="account.created",
                obj=user,
                after={"username": user.username, "deputy": deputy.pk},
            )
        code = _issue_activation(actor=actor, user=user)
        audit.record(actor=actor, action="account.invited", obj=user, after={"deputy": deputy.pk})
    invitation = Invitation(deputy=deputy, user=user, code=code)
    if sms:
        invitation.sms_sent = _send_activation_sms(invitation)
    return invitation


def _state_label(state: str) -> str:
    from .models import AccountState

    return str(AccountState(state).label)


def deputies_of_organisation(organisation: Organisation) -> Any:
    """Deputies with a current seat elected by, or in a delegation within, ``organisation``'s
    subtree (an electoral unit, a delegation, or a whole congress's Standing Committee)."""
    in_tree = Organisation.objects.filter(path__startswith=organisation.path).values("id")
    seats = Membership.objects.exclude(status__in=ENDING_STATUSES).filter(
        Q(electoral_unit_id__in=in_tree) | Q(delegation_id__in=in_tree)
    )
    return (
        Deputy.objects.filter(pk__in=seats.values("deputy_id"))
        .select_related("user")
        .order_by("name_pinyin", "id")
    )


def accounts_invite(
    *,
    actor: User,
    organisation: Organisation,
    sms: bool = False,
    progress: Any = None,
) -> list[Invitation]:
    """Invite every deputy of the organisation who has no active account (bulk, for an
    electoral unit, a delegation or a congress). One transaction per deputy, so a long run
    shows progress and a failure leaves the others done."""
    if not policies.organisation_in_scope(actor, organisation, policies.EDIT_ROLES) or not (
        policies.roles_of(actor) & policies.EDIT_ROLES
    ):
        raise NotFound(_("No such organisation."))
    deputies = [
        d
        for d in deputies_of_organisation(organisation)
        if account_state(d.user) in ("none", "invited")
    ]
    done: list[Invitation] = []
    for i, deputy in enumerate(deputies, 1):
        done.append(deputy_account_invite(actor=actor, deputy=deputy, sms=sms))
        if progress is not None:
            progress(i, len(deputies))
    return done


def organisation_for_accounts(actor: User, pk: int) -> Organisation:
    """The organisation whose deputies' accounts ``actor`` administers, or NotFound."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if (
        organisation is None
        or not policies.roles_of(actor) & policies.EDIT_ROLES
        or not policies.organisation_in_scope(actor, organisation, policies.EDIT_ROLES)
    ):
        raise NotFound(_("No such organisation."))
    return organisation


def account_status_counts(organisation: Organisation) -> dict[str, int]:
    from .models import AccountState

    counts = dict.fromkeys(AccountState.values, 0)
    for deputy in deputies_of_organisation(organisation):
        counts[account_state(deputy.user)] += 1
    return counts


def deputy_account_reset(*, actor: User, deputy: Deputy, sms: bool = False) -> Invitation:
    """Staff reset a deputy's account: the password stops working, every session ends, and a
    new activation code is issued (logged)."""
    from lvzhi.core.services import end_sessions

    with transaction.atomic():
        deputy = _deputy_for_account(actor, deputy)
        user = deputy.user
        if user is None:
            raise ValidationFailed(_("The deputy has no account yet; invite them."))
        if not user.is_active:
            raise ValidationFailed(_("The account is disabled; it cannot be reset."))
        user.set_unusable_password()
        user.locked_until = None
        user.save(update_fields=["password", "locked_until"])
        ended = end_sessions(user=user)
        code = _issue_activation(actor=actor, user=user)
        audit.record(
            actor=actor,
            action="account.reset",
            obj=user,
            after={"deputy": deputy.pk, "sessions_ended": ended},
        )
    invitation = Invitation(deputy=deputy, user=user, code=code)
    if sms:
        invitation.sms_sent = _send_activation_sms(invitation)
    return invitation


def deputy_account_unlock(*, actor: User, deputy: Deputy) -> None:
    """The staff of the deputy's unit (or the office, or an administrator) unlock a locked
    account."""
    if deputy.user is None or not policies.can_edit_deputy(actor, deputy):
        raise NotFound(_("No such deputy."))
    with transaction.atomic():
        User.objects.filter(pk=deputy.user.pk).update(locked_until=None)
        from lvzhi.core.services import sign_in_budget_reset

        sign_in_budget_reset(username=deputy.user.username)  # the day's failures no longer count
        audit.record(actor=actor, action="account.unlocked", obj=deputy.user)


SEATS_ENDED = "every seat has ended"
SEAT_STARTED = "a seat started"


def account_follow_seats(*, actor: User | None, deputy: Deputy) -> str:
    """The account follows the seat: disabled when every seat of the person has ended, enabled
    again when a new seat starts — but only if it was this rule that disabled it (an account
    an administrator disabled stays so). Returns what happened ("", "disabled", "enabled")."""
    from lvzhi.core.models import AuditEvent

    user = User.objects.filter(deputy=deputy).first()
    if user is None:
        return ""
    serving = Membership.objects.filter(deputy=deputy).exclude(status__in=ENDING_STATUSES).exists()
    if not serving and user.is_active:
        _set_active(actor, user, False, reason=SEATS_ENDED)
        return "disabled"
    if serving and not user.is_active:
        last = (
            AuditEvent.objects.filter(
                action="account.disabled", object_type="core.user", object_id=str(user.pk)
            )
            .order_by("-at", "-id")
            .values_list("after", flat=True)
            .first()
        )
        if last and last.get("reason") == SEATS_ENDED:
            _set_active(actor, user, True, reason=SEAT_STARTED)
            return "enabled"
    return ""


def account_enrolment_code(*, actor: User, user: User) -> str:
    """An enrolment code for a second factor, issued by an administrator or by the staff who
    administer the account holder's organisation (see ``policies.can_administer_account``)."""
    from lvzhi.core.services import enrolment_code_issue

    if not policies.can_administer_account(actor, user):
        raise PermissionDenied(_("You may not issue codes for this account."))
    return enrolment_code_issue(actor=actor, user=user)


def staff_account_invite(
    *, actor: User, organisation: Organisation, username: str, display_name: str, role: str
) -> tuple[User, str]:
    """Open a staff account of ``organisation`` with its role and an activation code (shown
    once), by an administrator or the office whose scope holds the organisation (issue 21)."""
    from lvzhi.core import onetime

    if not policies.can_administer_organisation(actor, organisation):
        raise NotFound(_("No such organisation."))
    if role in (Role.ADMIN, Role.DEPUTY) and Role.ADMIN not in policies.roles_of(actor):
        raise ValidationFailed(_("Choose a staff role."), field="role")
    username = username.strip()
    if not username or len(username) > 150 or not username.isascii():
        raise ValidationFailed(
            _("Enter a user name of letters and digits, at most 150 characters."), field="username"
        )
    with transaction.atomic():
        _require_free_username(username)
        user = User(username=username, display_name=display_name.strip()[:64])
        user.set_unusable_password()
        after = {"username": username, "organisation": organisation.name}
        _store_new_account(actor, user, role, organisation, after)
        code = _issue_activation(actor=actor, user=user)
        audit.record(actor=actor, action="account.invited", obj=user)
    return user, onetime.pretty(code)


def staff_of(organisation: Organisation) -> Any:
    return (
        RoleAssignment.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username", "role")
    )


# ---- R45 (Art 86): the deputy's own public information -------------------------------------

PUBLIC_CONTACT_MAX = 100  # the length of ``Deputy.public_contact``
EXPERTISE_MAX_TAGS = 10


@transaction.atomic
def deputy_public_info_update(
    *, actor: User, public_contact: str, expertise: Iterable[str]
) -> Deputy:
    """R45 (Art 86): a deputy keeps their own public information up to date from a PC or a
    phone: the public contact channel and the fields of expertise they declare (shown on the
    portal, used to invite deputies with the relevant knowledge, R26, R30). Audited; the
    portal's cached pages are retired so the change shows at once."""
    from lvzhi.core import pagecache

    own = Deputy.objects.select_for_update().filter(user=actor).first() if actor else None
    if own is None:
        raise PermissionDenied(_("Only a deputy can do this for themselves."))
    contact = one_line(public_contact or "")
    if len(contact) > PUBLIC_CONTACT_MAX:
        raise ValidationFailed(
            _("The public contact channel may have at most %(n)d characters.")
            % {"n": PUBLIC_CONTACT_MAX},
            field="public_contact",
        )
    tags = sorted({one_line(e) for e in expertise} - {""})
    if any(len(t) > 32 for t in tags):
        raise ValidationFailed(
            _("An expertise tag may have at most 32 characters."), field="expertise"
        )
    if len(tags) > EXPERTISE_MAX_TAGS:
        raise ValidationFailed(
            _("Declare at most %(n)d fields of expertise.") % {"n": EXPERTISE_MAX_TAGS},
            field="expertise",
        )
    before = {
        "public_contact": own.public_contact,
        "expertise": sorted(own.expertise.values_list("name", flat=True)),
    }
    own.public_contact = contact
    own.updated_at = clock.now()
    own.save(update_fields=["public_contact", "updated_at"])
    _set_expertise(own, tags)
    b, a = audit.diff(before, {"public_contact": contact, "expertise": tags})
    if a:
        audit.record(actor=actor, action="deputy.public_info_updated", obj=own, before=b, after=a)
        pagecache.invalidate()
    return own
