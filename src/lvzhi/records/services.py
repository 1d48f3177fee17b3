"""Every change of duty records is one function here: permission, rule, rows in one
transaction, one audit event, and the typed event whose rows of the notice table
(``records/notices.py``) say who hears of it."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lvzhi.core.models import User
from lvzhi.core.uploads import refuse_too_large
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Deputy, Membership
from lvzhi.suggestions.services import file_kind

from . import events as record_events
from . import policies, rules
from .models import (
    Certificate,
    CertificateSeries,
    CertificateStatus,
    DisciplineNote,
    DutyEntry,
    Handbook,
    Scheme,
)
from .workflow import ENTRY


def _evidence_kind(data: bytes, name: str) -> tuple[str, str]:
    """The file is judged by its content (PDF, JPEG, PNG, or an Office zip with its parts),
    as every upload of the platform is; the name only tells .docx from .xlsx."""
    kind = file_kind(data, name)
    if kind is None:
        raise ValidationFailed(
            _("Attach a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file."), field="evidence"
        )
    return kind


def _audit(actor: User, step: str, obj: Any, after: dict[str, Any] | None = None) -> None:
    """The audit event of one of this app's steps (``records.<step>``, named in apps.py)."""
    audit.record(actor=actor, action=f"records.{step}", obj=obj, after=after)


@transaction.atomic
def entry_add(
    *,
    actor: User,
    seat: Membership,
    kind: str,
    on: dt.date,
    title: str,
    description: str,
    upload: Any,
) -> DutyEntry:
    """R45 (Art 86): the deputy adds a duty the platform does not record, with evidence; the
    electoral unit's staff are told."""
    if not policies.can_add_entry(actor, seat):
        raise NotFound(_("No such duty archive."))
    today = clock.today()
    if on > today:
        raise ValidationFailed(_("The date cannot be in the future."), field="on")
    if on.year < today.year - rules.ENTRY_YEARS_BACK:
        raise ValidationFailed(_("The date is too far in the past."), field="on")
    if kind not in dict(DutyEntry._meta.get_field("kind").choices or ()):
        raise ValidationFailed(_("Choose a kind of duty."), field="kind")
    if not title.strip() or not description.strip():
        raise ValidationFailed(_("Give a title and a description."), field="title")
    if upload is None:
        raise ValidationFailed(_("Attach the evidence."), field="evidence")
    refuse_too_large(upload, rules.MAX_EVIDENCE_BYTES, "evidence")
    data = upload.read()
    content_type, ext = _evidence_kind(data, str(upload.name))
    now = clock.now()
    entry = DutyEntry(
        membership=seat,
        kind=kind,
        on=on,
        title=title.strip()[:100],
        description=description.strip(),
        evidence_name=str(upload.name)[:200],
        evidence_type=content_type,
        created_at=now,
    )
    entry.evidence.save(f"{seat.pk}-{now.timestamp():.0f}.{ext}", ContentFile(data), save=False)
    entry.save()
    _audit(actor, "entry_added", entry, {"kind": kind, "on": on.isoformat(), "title": entry.title})
    record_events.entry_added(entry=entry, actor=actor)
    return entry


def _locked_entry(entry: DutyEntry) -> DutyEntry:
    return (
        DutyEntry.objects.select_for_update()
        .select_related("membership__deputy", "membership__electoral_unit")
        .get(pk=entry.pk)
    )


def _entry_to_review(actor: User, entry: DutyEntry, refusal: str) -> DutyEntry:
    """The entry, locked, for the staff who review it (R45); anyone else gets ``refusal``."""
    e = _locked_entry(entry)
    if not policies.can_review(actor, e.membership):
        raise PermissionDenied(refusal)
    return e


def _reviewed(e: DutyEntry, actor: User, step: str, *fields: str) -> None:
    """The review ``step`` taken: who and when, saved with the status and ``fields``."""
    ENTRY.apply(step, e)
    e.reviewed_by = actor
    e.reviewed_at = clock.now()
    e.save(update_fields=["status", *fields, "reviewed_by", "reviewed_at"])


@transaction.atomic
def entry_confirm(*, actor: User, entry: DutyEntry) -> DutyEntry:
    e = _entry_to_review(
        actor, entry, _("Only the staff of the deputy's electoral unit confirm entries.")
    )
    _reviewed(e, actor, "confirm")
    _audit(actor, "entry_confirmed", e)
    record_events.entry_confirmed(entry=e, actor=actor)
    return e


@transaction.atomic
def entry_return(*, actor: User, entry: DutyEntry, reason: str) -> DutyEntry:
    e = _entry_to_review(
        actor, entry, _("Only the staff of the deputy's electoral unit return entries.")
    )
    ENTRY.check("return", e)
    reason = reason.strip()
    if len(reason) < rules.RETURN_REASON_MIN:
        raise ValidationFailed(_("Say why the entry is returned."), field="reason")
    e.return_reason = reason[:200]
    _reviewed(e, actor, "return", "return_reason")
    _audit(actor, "entry_returned", e, {"reason": reason})
    record_events.entry_returned(entry=e, actor=actor, reason=reason)
    return e


@transaction.atomic
def entry_delete(*, actor: User, entry: DutyEntry) -> None:
    """The deputy withdraws an entry not yet confirmed (to add it again, corrected)."""
    e = _locked_entry(entry)
    if not policies.can_add_entry(actor, e.membership):
        raise NotFound(_("No such duty archive."))
    ENTRY.check("delete", e)
    _audit(actor, "entry_deleted", e)
    e.evidence.delete(save=False)
    e.delete()


@transaction.atomic
def discipline_note(
    *, actor: User, deputy: Deputy, on: dt.date, kind: str, note: str
) -> DisciplineNote:
    """R03 (Art 5): the office records a note on a deputy's discipline."""
    if not policies.can_note_discipline(actor):
        raise PermissionDenied(_("Only the office records discipline notes."))
    if on > clock.today():
        raise ValidationFailed(_("The date cannot be in the future."), field="on")
    if not note.strip():
        raise ValidationFailed(_("Write the note."), field="note")
    n = DisciplineNote.objects.create(
        deputy=deputy,
        on=on,
        kind=kind,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    _audit(actor, "discipline_noted", n, {"kind": kind, "on": on.isoformat()})
    return n


@transaction.atomic
def handbook_submit(*, actor: User, seat: Membership, year: int) -> Handbook:
    """R47 (Art 95): the electoral unit submits the seat's handbook for the year."""
    if not policies.can_review(actor, seat):
        raise PermissionDenied(_("Only the staff of the deputy's electoral unit submit handbooks."))
    if year > clock.today().year:
        raise ValidationFailed(_("A handbook is submitted for the current or a past year."))
    try:
        with transaction.atomic():
            h = Handbook.objects.create(
                membership=seat,
                year=year,
                electoral_unit_id=seat.electoral_unit_id,
                submitted_at=clock.now(),
                submitted_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("This handbook has already been submitted.")) from None
    _audit(
        actor,
        "handbook_submitted",
        h,
        {"year": year, "late": clock.today() > rules.handbook_due(year)},
    )
    return h


@transaction.atomic
def handbook_withdraw(*, actor: User, seat: Membership, year: int) -> None:
    if not policies.can_review(actor, seat):
        raise PermissionDenied(_("Only the staff of the deputy's electoral unit submit handbooks."))
    h = Handbook.objects.select_for_update().filter(membership=seat, year=year).first()
    if h is None:
        raise IllegalTransition(_("This handbook has not been submitted."))
    _audit(actor, "handbook_withdrawn", h)
    h.delete()


@transaction.atomic
def scheme_save(
    *,
    actor: User,
    congress: Congress,
    year: int,
    weights: dict[str, Decimal],
    talk_below: Decimal,
    commend_from: Decimal,
    talk_absences: int,
) -> Scheme:
    """R48 (Art 94, 95): the office sets the weights and the two thresholds."""
    if not policies.can_configure(actor):
        raise PermissionDenied(_("Only the office configures the evaluation."))
    for kind, w in weights.items():
        if kind not in rules.KIND_KEYS or abs(w) > rules.WEIGHT_MAX:
            raise ValidationFailed(
                _("Weights lie between -%(max)s and %(max)s.") % {"max": rules.WEIGHT_MAX},
                field=f"w_{kind}",
            )
    if commend_from <= talk_below:
        raise ValidationFailed(
            _("The commendation threshold must be above the talk threshold."),
            field="commend_from",
        )
    s = Scheme.objects.select_for_update().filter(congress=congress, year=year).first()
    before = None
    if s is None:
        s = Scheme(congress=congress, year=year)
    else:
        before = audit.snapshot(s, ["weights", "talk_below", "commend_from", "talk_absences"])
    s.weights = {k: str(weights.get(k, Decimal(0))) for k in rules.KIND_KEYS}
    s.talk_below = talk_below
    s.commend_from = commend_from
    s.talk_absences = talk_absences
    s.updated_at = clock.now()
    s.updated_by = actor
    s.save()
    audit.record(
        actor=actor,
        action="records.scheme_saved",
        obj=s,
        before=before,
        after=audit.snapshot(s, ["weights", "talk_below", "commend_from", "talk_absences"]),
    )
    return s


# ---- R55 (Art 92): certificates for the deputy's employer ---------------------------------


@transaction.atomic
def certificate_request(
    *, actor: User, seat: Membership, period_start: dt.date, period_end: dt.date, employer: str
) -> Certificate:
    """R55: the deputy (or the office for them) asks for a certificate of the duties of a
    period, addressed to the employer; the office is told."""
    if not policies.can_request_certificate(actor, seat):
        raise NotFound(_("No such duty archive."))
    employer = employer.strip()
    if not employer:
        raise ValidationFailed(
            _("Name the employer the certificate is addressed to."), field="employer"
        )
    if period_end < period_start:
        raise ValidationFailed(_("The period ends before it starts."), field="period_end")
    if period_start > clock.today():
        raise ValidationFailed(_("The period cannot start in the future."), field="period_start")
    if (period_end - period_start).days >= rules.CERTIFICATE_MAX_DAYS:
        raise ValidationFailed(
            _("One certificate covers at most %(days)d days.")
            % {"days": rules.CERTIFICATE_MAX_DAYS},
            field="period_end",
        )
    if period_end < seat.elected_on or (seat.ended_on and period_start > seat.ended_on):
        raise ValidationFailed(
            _("The period lies outside the seat's term of office."), field="period_start"
        )
    c = Certificate.objects.create(
        membership=seat,
        period_start=period_start,
        period_end=period_end,
        employer=employer[:100],
        requested_by=actor,
        requested_at=clock.now(),
    )
    _audit(
        actor,
        "certificate_requested",
        c,
        {
            "from": period_start.isoformat(),
            "to": period_end.isoformat(),
            "employer": c.employer,
        },
    )
    record_events.certificate_requested(certificate=c, actor=actor)
    return c


def _locked_certificate(actor: User, certificate: Certificate) -> Certificate:
    c = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related(
            "membership__deputy__user", "membership__term", "membership__electoral_unit"
        )
        .get(pk=certificate.pk)
    )
    if not policies.can_issue_for(actor, c.membership):
        raise NotFound(_("No such certificate."))
    if c.status != CertificateStatus.REQUESTED:
        raise IllegalTransition(_("This certificate has already been decided."))
    return c


def _new_code() -> str:
    return "".join(
        secrets.choice(rules.CERTIFICATE_CODE_ALPHABET)
        for _i in range(rules.CERTIFICATE_CODE_LENGTH)
    )


@transaction.atomic
def certificate_issue(*, actor: User, certificate: Certificate) -> Certificate:
    """R55: the office issues the certificate — the next number of the year, taken under a row
    lock on the year's series (gap-free, two offices at once get two numbers), a verification
    code, the issuing office's name and the duties as they stand today; audited; the deputy is
    told."""
    from . import selectors

    c = _locked_certificate(actor, certificate)
    now = clock.now()
    year = clock.today().year
    CertificateSeries.objects.get_or_create(year=year)
    series = CertificateSeries.objects.select_for_update().get(year=year)
    series.last += 1
    series.save(update_fields=["last"])
    c.year, c.number = year, series.last
    c.organ = registry_selectors.organ_name(c.membership.term.congress_id, "office")
    c.duties = [
        {"on": d.on.isoformat(), "kind": d.kind, "title": d.title}
        for d in selectors.certificate_duties(c.membership, c.period_start, c.period_end)
    ]
    c.status = CertificateStatus.ISSUED
    c.decided_by, c.decided_at = actor, now
    for _attempt in range(5):
        c.code = _new_code()
        try:
            with transaction.atomic():
                c.save()
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:  # pragma: no cover - 31^12 codes
        raise Conflict(_("Please try again."))
    _audit(
        actor,
        "certificate_issued",
        c,
        {
            "number": rules.certificate_number(year, c.number),
            "duties": len(c.duties),
            "employer": c.employer,
        },
    )
    record_events.certificate_issued(certificate=c, actor=actor)
    return c


@transaction.atomic
def certificate_decline(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """R55: the office declines a request, with the reason the deputy reads."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for declining."), field="reason")
    c = _locked_certificate(actor, certificate)
    c.status = CertificateStatus.DECLINED
    c.decline_reason = reason
    c.decided_by, c.decided_at = actor, clock.now()
    c.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    _audit(actor, "certificate_declined", c, {"reason": reason})
    record_events.certificate_declined(certificate=c, actor=actor, reason=reason)
    return c
