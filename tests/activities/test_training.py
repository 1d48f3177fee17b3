"""Training and learning (R32, R49): attendance, full coverage counting each deputy once,
timing warnings, the learning library with per-deputy progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.activities import selectors, services
from lvzhi.activities.models import Material, MaterialKind, Progress, Training, TrainingKind
from lvzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.events import Event
from lvzhi.registry.models import Deputy, Level, MembershipStatus, Session, Term

from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _county_term() -> Term:
    return Term.objects.get(
        congress__level=Level.COUNTY, congress__division__code="654002", is_current=True
    )


def _training(term: Term, kind: str, day: dt.date, title: str = "任职培训") -> Training:
    return services.training_create(
        actor=persona("office"),
        kind=kind,
        term=term,
        organiser=persona("office").role_assignments.get().organisation,
        title=title,
        starts_on=day,
        ends_on=day,
        place="会议室",
        content="代表法",
    )


def test_r32_training_coverage_counts_each_deputy_once(frozen: Any) -> None:
    term = _county_term()
    frozen(term.starts_on)
    serving = list(
        Deputy.objects.filter(
            memberships__term=term, memberships__status=MembershipStatus.SERVING
        ).order_by("id")
    )
    assert len(serving) >= 3
    a, b = serving[0], serving[1]
    first = _training(term, TrainingKind.ONBOARDING, term.starts_on, "第一期任职培训")
    second = _training(term, TrainingKind.ONBOARDING, term.starts_on, "第二期任职培训")
    services.training_attendance_add(actor=persona("office"), training=first, deputies=[a, b])
    services.training_attendance_add(actor=persona("office"), training=second, deputies=[a])
    # Recording the same deputy twice on one training changes nothing
    assert (
        services.training_attendance_add(actor=persona("office"), training=second, deputies=[a])
        == []
    )
    c = selectors.training_coverage(term, TrainingKind.ONBOARDING)
    assert (c.attended, c.serving) == (2, len(serving))
    assert c.rate == pytest.approx(2 / len(serving))
    # Another kind of training is measured on its own
    assert selectors.training_coverage(term, TrainingKind.FIRST_YEAR).attended == 0


def test_r32_onboarding_after_first_session_is_warned(pref_term: Term, frozen: Any) -> None:
    frozen(dt.date(2026, 11, 1))
    first = Session.objects.get(term=pref_term, number=1)
    late = _training(pref_term, TrainingKind.ONBOARDING, first.opens_on)
    assert len(late.warnings) == 1
    early = _training(pref_term, TrainingKind.ONBOARDING, first.opens_on - dt.timedelta(days=1))
    assert early.warnings == []
    late_duty = _training(
        pref_term, TrainingKind.FIRST_YEAR, pref_term.starts_on + dt.timedelta(days=400)
    )
    assert len(late_duty.warnings) == 1


def test_r32_attendance_before_the_training_and_by_a_deputy_refused(
    pref_term: Term, frozen: Any
) -> None:
    frozen(dt.date(2027, 1, 1))
    t = _training(pref_term, TrainingKind.THEMATIC, dt.date(2027, 1, 10))
    d = Deputy.objects.filter(memberships__term=pref_term, memberships__status="serving").first()
    assert d is not None
    with pytest.raises(ValidationFailed):
        services.training_attendance_add(actor=persona("office"), training=t, deputies=[d])
    with pytest.raises(PermissionDenied):
        _training_as_deputy(pref_term)
    assert t.attendance.count() == 0


def _training_as_deputy(term: Term) -> Training:
    return services.training_create(
        actor=persona("deputy"),
        kind=TrainingKind.THEMATIC,
        term=term,
        organiser=persona("office").role_assignments.get().organisation,
        title="x",
        starts_on=dt.date(2027, 1, 10),
        ends_on=dt.date(2027, 1, 10),
        place="p",
        content="c",
    )


def test_r49_material_checked_by_content() -> None:
    before = Material.objects.count()
    with pytest.raises(ValidationFailed):
        services.material_add(
            actor=persona("office"),
            kind=MaterialKind.LAW,
            title="代表法",
            description="",
            upload=SimpleUploadedFile("law.pdf", b"<script>alert(1)</script>"),
        )
    with pytest.raises(PermissionDenied):
        services.material_add(
            actor=persona("deputy"),
            kind=MaterialKind.LAW,
            title="代表法",
            description="",
            upload=SimpleUploadedFile("law.pdf", b"%PDF-1.4 x"),
        )
    assert Material.objects.count() == before
    video = services.material_add(
        actor=persona("office"),
        kind=MaterialKind.VIDEO,
        title="履职课件视频",
        description="",
        upload=SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32),
    )
    assert video.content_type == "video/mp4"


def _material(title: str = "工作规程") -> Material:
    return services.material_add(
        actor=persona("office"),
        kind=MaterialKind.DOCUMENT,
        title=title,
        description="",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 x"),
    )


def test_r49_progress_is_what_the_deputy_opened_not_a_typed_number(login: Any) -> None:
    """Issue 28.4a: serving the file to a deputy records it; the typed percentage is gone."""
    m = _material()
    me = persona("deputy")
    client = login("deputy")
    assert client.get(f"/activities/library/{m.pk}/file/").status_code == 200
    p = Progress.objects.get(material=m)
    assert (p.deputy_id, p.opens) == (me.deputy.pk, 1)  # type: ignore[union-attr]
    assert p.opened_at is not None
    assert client.get(f"/activities/library/{m.pk}/file/").status_code == 200
    p.refresh_from_db()
    assert p.opens == 2
    # One event: the first opening is the change of state; later ones only count.
    assert Event.objects.filter(kind="activities.material_opened", subject_id=m.pk).count() == 1
    # No form to type a percentage any more, and its address is gone.
    assert client.post(f"/activities/library/{m.pk}/progress/", {"percent": 100}).status_code == 404
    assert 'name="percent"' not in client.get(f"/activities/library/{m.pk}/").content.decode()
    row = selectors.library(me).get(pk=m.pk)
    assert (row.my_opened_at is not None, row.readers) == (True, 1)
    # Staff opening a file are not learners: nothing recorded.
    assert login("office").get(f"/activities/library/{m.pk}/file/").status_code == 200
    assert Progress.objects.filter(material=m).count() == 1
    assert services.material_opened(actor=persona("office"), material=m) is None
    assert selectors.learning_of(me.deputy.pk) == {  # type: ignore[union-attr]
        "materials": Material.objects.count(),
        "opened": Progress.objects.filter(deputy=me.deputy).count(),  # type: ignore[misc]
    }


def test_r49_staff_see_each_deputys_progress_in_a_course(
    login: Any, pref_term: Term, frozen: Any
) -> None:
    frozen(dt.date(2027, 3, 1))
    t = _training(pref_term, TrainingKind.THEMATIC, dt.date(2027, 3, 1), "预算审查专题培训")
    a = deputy_with_account(pref_term)
    b = deputy_with_account(pref_term, exclude={a.pk})
    services.training_attendance_add(actor=persona("office"), training=t, deputies=[a, b])
    first, second = _material("预算法"), _material("审计法")
    client = login("office")
    r = client.post(
        f"/activities/trainings/{t.pk}/materials/", {"course-materials": [first.pk, second.pk]}
    )
    assert r.status_code == 302
    assert set(t.materials.values_list("pk", flat=True)) == {first.pk, second.pk}
    services.material_opened(actor=a.user, material=first)  # type: ignore[arg-type]
    services.material_opened(actor=a.user, material=first)  # type: ignore[arg-type]
    rows = {r.deputy_id: r for r in selectors.course_progress(t, selectors.course_materials(t))}
    assert (rows[a.pk].opened, rows[a.pk].total, rows[a.pk].percent) == (1, 2, 50)
    assert (rows[b.pk].opened, rows[b.pk].percent, rows[b.pk].last_opened_at) == (0, 0, None)
    page = client.get(f"/activities/trainings/{t.pk}/").content.decode()
    assert "1 / 2" in page and "50%" in page and "0 / 2" in page
    assert a.name in page and b.name in page
    # Only the training's organisers choose its materials.
    with pytest.raises(NotFound):
        services.training_materials_set(actor=a.user, training=t, materials=[])  # type: ignore[arg-type]


def test_training_pages(login: Any, django_assert_max_num_queries: Any) -> None:
    client = login("office")
    with django_assert_max_num_queries(16):
        r = client.get("/activities/trainings/")
    assert r.status_code == 200
    assert "任职培训" in r.content.decode()
    assert login("deputy").get("/activities/trainings/").status_code == 404
    r = login("deputy").get("/activities/library/")
    assert r.status_code == 200
    r = login("office").post("/activities/library/", {"kind": "law", "title": "代表法"})
    assert r.status_code == 400 and "代表法" in r.content.decode()
