"""training: selectors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, FilteredRelation, Max, Q, QuerySet

from lvzhi.registry.models import Membership, MembershipStatus, Term

from .. import policies, rules
from ..models import (
    Material,
    Progress,
    Training,
    TrainingAttendance,
)

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
        qs = qs.annotate(my_percent=Max("mine__percent"))
    return qs.annotate(
        completed=Count("progress", filter=Q(progress__percent=100), distinct=True)
    ).order_by("-uploaded_at", "-id")


def learning_of(deputy_id: int) -> dict[str, int]:
    """R49: a deputy's learning, for the duty archive."""
    rows = list(Progress.objects.filter(deputy_id=deputy_id).values_list("percent", flat=True))
    return {
        "materials": Material.objects.count(),
        "started": len(rows),
        "completed": sum(1 for p in rows if p == 100),
    }


def material_download_name(m: Any) -> str:
    """R49: a library file's download name — its title, without the characters a file name
    cannot hold, and the extension of the stored file (set from the recognised content)."""
    import re
    from pathlib import PurePosixPath

    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", m.title).strip(" ._") or f"material-{m.pk}"
    return f"{stem[:80]}{PurePosixPath(m.file.name).suffix}"


def training(pk: int) -> Training | None:
    return Training.objects.select_related("organiser", "term").filter(pk=pk).first()


def attendance_of(t: Training) -> list[TrainingAttendance]:
    return list(
        TrainingAttendance.objects.filter(training=t)
        .select_related("deputy")
        .order_by("deputy__name_pinyin")
    )


def material(pk: int) -> Material | None:
    return Material.objects.filter(pk=pk).first()


def progress_of(m: Material, deputy_id: int) -> Progress | None:
    return Progress.objects.filter(material=m, deputy_id=deputy_id).first()
