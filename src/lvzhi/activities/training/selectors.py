"""training: selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, FilteredRelation, Max, Q, QuerySet

from lvzhi.registry.models import Membership, MembershipStatus, OrgKind, Term

from .. import policies, rules
from ..common import selectors as common_selectors
from ..common.selectors import ORGANISER_KINDS, granted_bodies
from ..models import Material, Progress, Training, TrainingAttendance

# ---- training and learning -----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    kind: str
    attended: int
    serving: int

    @property
    def rate(self) -> float:
        return rules.coverage_rate(self.attended, self.serving)

    @property
    def percent(self) -> int:
        return round(100 * self.rate)


def training_coverage(term: Term, kind: str) -> Coverage:
    """R32: serving deputies of the term who attended at least one training of the kind,
    each counted once, against all serving deputies of the term. Two queries."""
    serving = Membership.objects.filter(term=term, status=MembershipStatus.SERVING)
    attended = (
        TrainingAttendance.objects.filter(
            training__term=term,
            training__kind=kind,
            deputy_id__in=serving.values("deputy_id"),
        )
        .values("deputy_id")
        .distinct()
        .count()
    )
    return Coverage(kind=kind, attended=attended, serving=serving.count())


def trainer_bodies(user: Any) -> list[tuple[int, str]]:
    """R32: the bodies the user organises trainings for (the training pages are theirs)."""
    return granted_bodies(
        user,
        policies.TRAINING_ROLES,
        (*ORGANISER_KINDS, OrgKind.ELECTORAL_UNIT, OrgKind.DELEGATION),
    )


def trainings_for(user: Any, q: str = "") -> QuerySet[Training]:
    qs = Training.objects.select_related("organiser", "term").annotate(
        attended=Count("attendance", distinct=True)
    )
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-starts_on", "-id")


def library(user: Any, q: str = "", kind: str = "") -> QuerySet[Material]:
    qs = Material.objects.all()
    if q:
        qs = qs.filter(title__contains=q)
    if kind:
        qs = qs.filter(kind=kind)
    d = policies.deputy_id(user)
    if d is not None:
        qs = qs.annotate(mine=FilteredRelation("progress", condition=Q(progress__deputy_id=d)))
        qs = qs.annotate(my_opened_at=Max("mine__opened_at"))
    return qs.annotate(readers=Count("progress", distinct=True)).order_by("-uploaded_at", "-id")


def learning_of(deputy_id: int) -> dict[str, int]:
    """R49: a deputy's learning, for the duty archive: how many of the library's materials
    they opened."""
    return {
        "materials": Material.objects.count(),
        "opened": Progress.objects.filter(deputy_id=deputy_id).count(),
    }


@dataclass(frozen=True)
class CourseRow:
    """One attending deputy's progress in a training's reading list (R49, issue 28.4a)."""

    deputy_id: int
    name: str
    opened: int
    total: int
    last_opened_at: dt.datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.opened / self.total) if self.total else 0


def course_materials(t: Training) -> list[Material]:
    return list(t.materials.order_by("title", "id"))


def course_progress(t: Training, materials: list[Material]) -> list[CourseRow]:
    """Per attending deputy: how many of the course's materials they opened, of how many, and
    when last. Two queries whatever the numbers."""
    attendance = attendance_of(t)
    ids = [m.pk for m in materials]
    opened: dict[int, tuple[int, dt.datetime | None]] = {}
    if ids and attendance:
        for d, n, last in (
            Progress.objects.filter(
                material_id__in=ids, deputy_id__in=[a.deputy_id for a in attendance]
            )
            .values("deputy_id")
            .annotate(n=Count("id"), last=Max("updated_at"))
            .values_list("deputy_id", "n", "last")
        ):
            opened[d] = (n, last)
    return [
        CourseRow(
            deputy_id=a.deputy_id,
            name=a.deputy.name,
            opened=opened.get(a.deputy_id, (0, None))[0],
            total=len(ids),
            last_opened_at=opened.get(a.deputy_id, (0, None))[1],
        )
        for a in attendance
    ]


def material_choices() -> list[tuple[int, str]]:
    """The library's materials a course may list, newest first."""
    return list(
        Material.objects.order_by("-uploaded_at", "-id").values_list("id", "title")[
            : rules.COURSE_MATERIAL_CHOICES_MAX
        ]
    )


def materials(ids: list[int]) -> list[Material]:
    return list(Material.objects.filter(pk__in=ids))


def material_download_name(m: Any) -> str:
    """R49: a library file's download name — its title, without the characters a file name
    cannot hold, and the extension of the stored file (set from the recognised content)."""
    import re
    from pathlib import PurePosixPath

    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", m.title).strip(" ._") or f"material-{m.pk}"
    return f"{stem[:80]}{PurePosixPath(m.file.name).suffix}"


def material_opens_inline(m: Any) -> bool:
    """PDF, pictures and video open in the browser; Word and Excel download."""
    return bool(m.content_type.startswith(("video/", "image/", "application/pdf")))


def training(pk: int) -> Training | None:
    return Training.objects.select_related("organiser", "term").filter(pk=pk).first()


def attendance_of(t: Training) -> list[TrainingAttendance]:
    return common_selectors.by_deputy_name(TrainingAttendance.objects.filter(training=t))


def material(pk: int) -> Material | None:
    return Material.objects.filter(pk=pk).first()


def readers_of(m: Material) -> int:
    """How many deputies opened the material (the library list's ``readers``)."""
    return Progress.objects.filter(material=m).count()


def progress_of(m: Material, deputy_id: int) -> Progress | None:
    return Progress.objects.filter(material=m, deputy_id=deputy_id).first()
