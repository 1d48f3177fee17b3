"""training: services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.text import one_line
from lvzhi.core.uploads import refuse_too_large
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Organisation, Term
from lvzhi.suggestions import services as suggestion_services

from .. import policies, rules
from ..common import selectors as common_selectors
from ..common.services import (
    event,
    locked,
    require_dates_ordered,
    require_serving,
    text_field,
    title_field,
)
from ..models import Material, MaterialKind, Progress, Training, TrainingAttendance, TrainingKind

# ---- training and learning (R32, R49) ------------------------------------------------------


def training_warnings(term: Term, kind: str, starts_on: dt.date) -> list[str]:
    """R32: onboarding training before the first session; duty training in the first year."""
    out = []
    first = common_selectors.first_session(term)
    if kind == TrainingKind.ONBOARDING and first is not None and starts_on >= first.opens_on:
        out.append(
            _("Onboarding training is held before the first session (%(day)s, Art 63).")
            % {"day": first.opens_on.isoformat()}
        )
    if kind == TrainingKind.FIRST_YEAR and (
        starts_on > term.starts_on + dt.timedelta(days=rules.FIRST_YEAR_DAYS)
    ):
        out.append(_("Duty training is held in the first year of the term (Art 63)."))
    return out


@transaction.atomic
def training_create(
    *,
    actor: User,
    kind: str,
    term: Term,
    organiser: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    content: str,
) -> Training:
    """R32: the deputy-affairs body or an electoral unit organises a training (Art 63-65)."""
    if not policies.can_organise_training(actor, organiser):
        raise PermissionDenied(_("You cannot organise trainings for this body."))
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("Choose the kind of training."), field="kind")
    require_dates_ordered(starts_on, ends_on)
    t = Training.objects.create(
        kind=kind,
        term=term,
        organiser=organiser,
        title=title_field(title),
        starts_on=starts_on,
        ends_on=ends_on,
        place=text_field(place, "place", _("The place"), max_length=200),
        content=text_field(content, "content", _("The content")),
        warnings=training_warnings(term, kind, starts_on),
        created_by=actor,
        created_at=clock.now(),
    )
    event(f"training:{t.pk}", actor, "created", warnings=t.warnings)
    return t


def _organised(actor: User, training: Training) -> Training:
    return locked(
        training,
        ("organiser",),
        lambda t: policies.can_organise_training(actor, t.organiser),
        _("No such training."),
    )


@transaction.atomic
def training_attendance_add(
    *, actor: User, training: Training, deputies: Iterable[Deputy]
) -> list[TrainingAttendance]:
    """Record who attended (考勤); recording a deputy twice changes nothing."""
    t = _organised(actor, training)
    if t.starts_on > clock.today():
        raise ValidationFailed(_("Attendance is recorded once the training has begun."))
    wanted = {d.pk: d for d in deputies}
    serving = set(
        Membership.objects.filter(
            term=t.term, status=MembershipStatus.SERVING, deputy_id__in=list(wanted)
        ).values_list("deputy_id", flat=True)
    )
    for pk, d in wanted.items():
        if pk not in serving:
            require_serving(d, t.term, "deputies")  # raises with the deputy's name
    already = set(
        TrainingAttendance.objects.filter(training=t, deputy_id__in=list(wanted)).values_list(
            "deputy_id", flat=True
        )
    )
    now = clock.now()
    out = TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(training=t, deputy_id=pk, recorded_at=now)
            for pk in wanted
            if pk not in already
        ]
    )
    if out:
        event(f"training:{t.pk}", actor, "attendance", deputies=[r.deputy_id for r in out])
    return out


def material_kind_of(head: bytes, name: str) -> tuple[str, str] | None:
    """(content type, extension) by content: PDF, Word, Excel, JPEG, PNG, or MP4 video."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    return suggestion_services.attachment_kind(head[:8], name)


@transaction.atomic
def material_add(*, actor: User, kind: str, title: str, description: str, upload: Any) -> Material:
    """R49: the office adds laws, documents, courseware and videos to the library."""
    if not policies.can_manage_library(actor):
        raise PermissionDenied(_("Only the deputy-affairs body manages the library."))
    if kind not in MaterialKind.values:
        raise ValidationFailed(_("Choose the kind of material."), field="kind")
    title = title_field(title)
    description = text_field(description, "description", _("The description"), required=False)
    if upload is None or not upload.size:
        raise ValidationFailed(_("Choose a file."), field="file")
    refuse_too_large(upload, rules.MAX_MATERIAL_BYTES, "file")
    head = upload.read(16)
    upload.seek(0)
    found = material_kind_of(head, str(upload.name))
    if found is None:
        raise ValidationFailed(_("Upload a PDF, Word, Excel, JPEG, PNG or MP4 file."), field="file")
    m = Material(
        kind=kind,
        title=title,
        description=description,
        file_name=one_line(upload.name, 200),
        content_type=found[0],
        size=upload.size,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    m.file.save(f"{clock.now().timestamp():.0f}.{found[1]}", upload, save=False)
    m.save()
    event(f"material:{m.pk}", actor, "added")
    return m


@transaction.atomic
def training_materials_set(
    *, actor: User, training: Training, materials: Iterable[Material]
) -> list[int]:
    """R49 (issue 28.4a): the course's reading list — the library materials whose opening
    counts as the attending deputies' progress in this training."""
    t = _organised(actor, training)
    ids = sorted({m.pk for m in materials})
    t.materials.set(ids)
    event(f"training:{t.pk}", actor, "materials_set", materials=ids)
    return ids


@transaction.atomic
def material_opened(*, actor: User, material: Material) -> Progress | None:
    """R49 (issue 28.4a): the platform served a material's file to a deputy — their progress is
    what they opened, never a number they type. The first opening is the state change (one
    event); later ones count on the row. Staff opening a file record nothing."""
    d = policies.deputy_id(actor)
    if d is None:
        return None
    # The material's row lock serialises a deputy's concurrent openings (two tabs, a player's
    # range requests), so the first creates the row and the others count on it.
    Material.objects.select_for_update().get(pk=material.pk)
    now = clock.now()
    p, created = Progress.objects.select_for_update().get_or_create(
        material=material, deputy_id=d, defaults={"opened_at": now, "updated_at": now, "opens": 1}
    )
    if created:
        event(f"material:{material.pk}", actor, "opened")
    else:
        Progress.objects.filter(pk=p.pk).update(opens=F("opens") + 1, updated_at=now)
        p.refresh_from_db()
    return p
