"""The learning library's two remaining actions (issue 25.1; R49): adding a material (a file
upload, multipart, through ``training.services.material_add`` as the library page's form) and
opening its file (through the same permission and ``core.privatefiles.download`` as the page,
the opening recorded as the deputy's progress by ``training.services.material_opened``)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.activities import policies
from lvzhi.activities.training import selectors, services
from lvzhi.core import privatefiles
from lvzhi.core.http import acting_user

from .listing import ACTION_ERRORS, ERRORS, id_path, visible
from .training_api import MaterialDetailOut, material
from .training_api import router as training_router

router = Router(tags=["学习培训"])
MATERIAL_ID = id_path("资料的编号")
MATERIAL_FILE = File(..., description="资料文件（PDF、Word、Excel、JPEG、PNG 或 MP4）")


class MaterialIn(Schema):
    kind: Literal["law", "document", "courseware", "video"] = Field(
        description="law 法律法规、document 文件资料、courseware 课件、video 视频"
    )
    title: str = Field(max_length=200, description="标题（必填，至多 200 字）")
    description: str = Field("", max_length=20000, description="说明（至多 20000 字）")


# POST /activities/library shares its path with the list (training_api): one path is one
# Django route, so the operation joins that router's path.
@training_router.post(
    "/library",
    response={201: MaterialDetailOut, **ACTION_ERRORS},
    summary="向学习资料库添加资料（代表工作机构）",
    description="与“学习资料”页面的上传表单相同（R49）：multipart/form-data，字段 kind、title、"
    "description 和文件 file；只收 PDF、Word、Excel、JPEG、PNG 和 MP4（按文件内容识别），"
    "至多 200 MB（平台另有请求大小上限，超出答复 413）。只有代表工作机构管理资料库，"
    "其他人答复 403。",
)
def material_add(
    request: HttpRequest,
    data: Form[MaterialIn],
    file: UploadedFile = MATERIAL_FILE,
) -> Any:
    m = services.material_add(
        actor=acting_user(request),
        kind=data.kind,
        title=data.title,
        description=data.description,
        upload=file,
    )
    return Status(201, material(request, material_id=m.pk))


@router.get(
    "/library/{material_id}/file",
    response={**ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "成功：资料文件本身（Content-Type 为识别出的类型）",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            },
            "302": {"description": "重定向到对象存储中该文件的短时签名地址（平台这样配置时）"},
        }
    },
    summary="打开一份学习资料的文件",
    description="与资料页面的“打开”相同：代表和管理资料的工作人员可用，其他人答复 404；"
    "代表打开即记为本人的学习进度（R49）。PDF、图片和视频在浏览器中打开，其余下载。",
)
def material_file(request: HttpRequest, material_id: int = MATERIAL_ID) -> Any:
    m = visible(selectors.material(material_id), lambda m: policies.can_use_library(request.user))
    # A row whose file is not in the store (lost, or another installation's) is a 404, never
    # a 500 from opening it — and not counted as the deputy's progress.
    visible(m, lambda m: bool(m.file.name) and m.file.storage.exists(m.file.name or ""))
    services.material_opened(actor=acting_user(request), material=m)
    return privatefiles.download(
        m.file,
        content_type=m.content_type,
        as_attachment=not selectors.material_opens_inline(m),
        filename=selectors.material_download_name(m),
    )
