"""Training and the learning library (R32, R49): trainings organised by the deputy-affairs
bodies and electoral units with their attendance and course materials, and the library's
materials with a deputy's own progress — through ``activities.training`` selectors, services
and ``activities.policies``, as the pages (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lvzhi.activities import policies
from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.models import Material, Training
from lvzhi.activities.training import selectors, services

from .endpoints import Subject, create, cursor_list, resolved
from .listing import (
    ERRORS,
    MAX_ID,
    DeputiesIn,
    ScopedFilters,
    TermFilters,
    chosen,
    deputies,
    id_path,
    latest_first,
    looked_up,
    row_out,
    visible,
)

router = Router(tags=["学习培训"])
TRAINING_ID = id_path("培训的编号")
MATERIAL_ID = id_path("资料的编号")
TRAINING_KINDS = Literal["onboarding", "first_year", "thematic"]
MATERIAL_KINDS = Literal["law", "document", "courseware", "video"]


class TrainingOut(Schema):
    id: int = Field(description="培训的编号")
    kind: str = Field(
        description="onboarding 初任培训、first_year 履职第一年培训、thematic 专题培训"
    )
    title: str = Field(description="题目")
    organiser: str = Field(description="组织单位")
    term: str = Field(description="届次")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期")
    place: str = Field(description="地点")
    attended: int = Field(description="已记录出勤的代表人数")


TrainingFilters = latest_first(
    TrainingOut, TermFilters, "starts_on", "开始日期", kinds=TRAINING_KINDS
)


class CourseRowOut(Schema):
    deputy: str = Field(description="出勤的代表")
    opened: int = Field(description="已打开的课程资料数（R49）")
    total: int = Field(description="课程资料总数")
    last_opened_at: dt.datetime | None = Field(description="最近一次打开的时间")


class MaterialRef(Schema):
    id: int = Field(description="资料的编号")
    title: str = Field(description="题目")


class TrainingDetailOut(TrainingOut):
    content: str = Field(description="培训内容")
    warnings: list[str] = Field(description="立项时的提示（R32）")
    attendance: list[str] = Field(description="出勤的代表")
    materials: list[MaterialRef] = Field(description="课程资料（图书馆中的资料）")
    progress: list[CourseRowOut] = Field(description="出勤代表的学习进度（R49）")


class TrainingIn(Schema):
    kind: TRAINING_KINDS = Field(description="类别")
    organiser_id: int = Field(ge=1, le=MAX_ID, description="组织单位（本人负责培训的机构）")
    title: str = Field(max_length=200, description="题目（必填）")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期（不早于开始日期）")
    place: str = Field(max_length=200, description="地点（必填）")
    content: str = Field(max_length=100000, description="培训内容（必填）")


class MaterialsIn(Schema):
    material_ids: list[int] = Field(
        ..., max_length=200, description="课程资料（图书馆中资料的编号）；空列表为清空"
    )


class MaterialOut(Schema):
    id: int = Field(description="资料的编号")
    kind: str = Field(description="law 法律法规、document 文件、courseware 课件、video 视频")
    title: str = Field(description="题目")
    description: str = Field(description="说明")
    content_type: str = Field(description="文件类型")
    size: int = Field(description="文件大小（字节）")
    uploaded_at: dt.datetime = Field(description="上传时间")
    readers: int = Field(description="打开过的代表人数")
    opened_at: dt.datetime | None = Field(description="本人（代表）首次打开的时间；未打开为 null")


MaterialFilters = latest_first(
    MaterialOut, ScopedFilters, "uploaded_at", "上传时间", kinds=MATERIAL_KINDS
)


class MaterialDetailOut(MaterialOut):
    opens: int = Field(description="本人（代表）打开的次数")


def _out(t: Training) -> dict[str, Any]:
    return row_out(
        TrainingOut,
        t,
        organiser=t.organiser.name,
        term=str(t.term),
        attended=getattr(t, "attended", 0),
    )


_training = looked_up(
    selectors.training, lambda user, t: policies.can_organise_training(user, t.organiser)
)


def _detail(request: HttpRequest, training_id: int) -> dict[str, Any]:
    t = _training(request, training_id)
    attendance = selectors.attendance_of(t)
    materials = selectors.course_materials(t)
    return {
        **_out(t),
        "attended": len(attendance),
        "content": t.content,
        "warnings": [str(w) for w in t.warnings],
        "attendance": [a.deputy.name for a in attendance],
        "materials": [{"id": m.pk, "title": m.title} for m in materials],
        "progress": [
            {
                "deputy": row.name,
                "opened": row.opened,
                "total": row.total,
                "last_opened_at": row.last_opened_at,
            }
            for row in selectors.course_progress(t, materials)
        ],
    }


cursor_list(
    router,
    __name__,
    "trainings",
    "/trainings",
    TrainingFilters,
    item=TrainingOut,
    rows=lambda user, filters: selectors.trainings_for(user, filters.q or ""),
    open_to=selectors.trainer_bodies,
    equal={"kind": "kind"},
    date_field="starts_on",
    out=_out,
    summary="培训（组织培训的机构）",
    description="与“培训”页面相同：本人负责培训的机构（代表工作机构、选举单位等）看到培训列表；"
    "其他人得到空列表。year 按开始日期筛选。游标分页。",
)


create(
    router,
    __name__,
    "training_create",
    "/trainings",
    services.training_create,
    data=TrainingIn,
    fields=lambda data: resolved(
        data,
        term=visible(common_selectors.prefecture_term(), bool),
        organiser=chosen(common_selectors.organisation_or_none(data.organiser_id), "organiser_id"),
    ),
    answer=lambda request, t: _detail(request, t.pk),
    response=TrainingDetailOut,
    summary="组织一次培训",
    description="与“培训”页面的表单相同（R32），属于州人大本届；不能为之组织培训的机构答复 403。"
    "覆盖率等提示在 warnings 中。",
)


TRAINING = Subject(
    router,
    __name__,
    ids={"training_id": TRAINING_ID},
    load=_training,
    keyword="training",
    detail=_detail,
    detail_out=TrainingDetailOut,
)
TRAINING.read(
    "training",
    "/trainings/{training_id}",
    summary="一次培训",
    description="与培训页面相同：出勤的代表、课程资料和学习进度（R49）。"
    "无权查看的与不存在的一样答复 404。",
)
TRAINING.step(
    "training_attendance",
    "/trainings/{training_id}/attendance",
    services.training_attendance_add,
    data=DeputiesIn,
    fields=lambda data: {"deputies": deputies(data.deputy_ids)},
    summary="记录出勤（组织的机构）",
    description="与培训页面的考勤表单相同：本届在任代表；培训开始之前答复 400；"
    "重复记录不改变什么。",
)


def _course_materials(data: MaterialsIn) -> dict[str, Any]:
    wanted = set(data.material_ids)
    found = selectors.materials(sorted(wanted))
    if len(found) != len(wanted):
        chosen(None, "material_ids")
    return {"materials": found}


TRAINING.step(
    "training_materials",
    "/trainings/{training_id}/materials",
    services.training_materials_set,
    data=MaterialsIn,
    fields=_course_materials,
    method="put",
    summary="设定课程资料（组织的机构）",
    description="与培训页面的课程资料表单相同（R49）：以给出的图书馆资料取代原有的课程资料。",
)


def _material_out(m: Material) -> dict[str, Any]:
    return row_out(
        MaterialOut,
        m,
        readers=getattr(m, "readers", 0),
        opened_at=getattr(m, "my_opened_at", None),
    )


cursor_list(
    router,
    __name__,
    "library",
    "/library",
    MaterialFilters,
    item=MaterialOut,
    rows=lambda user, filters: selectors.library(user, filters.q or "", filters.kind or ""),
    open_to=policies.can_use_library,
    date_field="uploaded_at",
    out=_material_out,
    summary="学习资料库",
    description="与“学习资料”页面相同：代表和管理资料的工作人员可用，其他人得到空列表；"
    "代表的 opened_at 为本人首次打开的时间。year 按上传时间筛选。游标分页。",
)


@router.get(
    "/library/{material_id}",
    response={200: MaterialDetailOut, **ERRORS},
    summary="一份学习资料",
    description="与资料页面相同：说明，以及代表本人的学习进度。文件本身在平台的资料页面打开"
    "（打开即记为学习进度，R49）。",
)
def material(request: HttpRequest, material_id: int = MATERIAL_ID) -> Any:
    m = visible(selectors.material(material_id), lambda m: policies.can_use_library(request.user))
    d = policies.deputy_id(request.user)
    mine = selectors.progress_of(m, d) if d is not None else None
    return {
        **_material_out(m),
        "readers": selectors.readers_of(m),
        "opened_at": mine.opened_at if mine else None,
        "opens": mine.opens if mine else 0,
    }
