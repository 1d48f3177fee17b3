"""The REST API, version 1, under /api/v1/ (OpenAPI at /api/v1/openapi.json).

Versioning: fields are only ever added within v1; a change that removes or renames a field or
an endpoint goes to /api/v2/ while v1 stays for at least a year (docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import paginate
from ninja.security import django_auth

from lvzhi.core.errors import DomainError
from lvzhi.core.http import acting_user
from lvzhi.registry import selectors as registry_selectors
from lvzhi.suggestions import selectors, services
from lvzhi.suggestions.models import Suggestion
from lvzhi.suggestions.workflow import WORKFLOW

from . import (
    activities_actions,
    activities_api,
    contacts_actions,
    contacts_api,
    forum_api,
    groups_actions,
    legislation_api,
    library_api,
    meetings_api,
    public,
    records_api,
    stations_api,
    supervision_api,
    training_api,
    voting_api,
    webhooks_api,
)
from .auth import TokenAuth
from .endpoints import Subject, create, resolved
from .limits import ApiRateThrottle
from .listing import ACTION_ERRORS as ERRORS
from .listing import by_caller
from .messages import input_message
from .rows import attrs
from .schemas import (
    ChannelsIn,
    ChannelsOut,
    CosignIn,
    DeputyRecord,
    SuggestionDetail,
    SuggestionDraftIn,
    SuggestionEvaluationIn,
    SuggestionOut,
)

# What each answer means, for the OpenAPI document (django-ninja writes "OK" for all of them).
RESPONSE_TEXT = {
    200: "成功",
    201: "已创建",
    400: "输入有误（validation_failed，field 指明出错的参数或字段）",
    401: "未认证：缺少令牌或会话，或令牌已撤销（unauthenticated）",
    403: "无权进行此操作（permission_denied）",
    404: "不存在，或不在调用者的权限范围内（not_found）",
    409: "当前状态不允许此操作（illegal_transition、conflict）",
    429: "调用过于频繁（rate_limited）：按 Retry-After 头给出的秒数等待后再试",
    304: "未改变（请求的 If-None-Match 或 If-Modified-Since 仍然成立），无响应体",
}


class LvzhiAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                # Every operation is rate limited (limits.ApiRateThrottle) …
                responses.setdefault(
                    429,
                    {
                        "description": "",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": error_ref}},
                    },
                )
                # … and the public GETs answer conditionally (limits.PublicConditionalMiddleware).
                if path.startswith("/api/v1/public/") and "200" in {str(c) for c in responses}:
                    responses.setdefault(304, {"description": ""})
                for code, answer in responses.items():
                    answer["description"] = RESPONSE_TEXT.get(int(code), answer["description"])
        return schema


api = LvzhiAPI(
    title="履职平台 API",
    version="1",
    description="伊犁哈萨克自治州人大代表履职平台的数据接口。\n\n"
    "**认证**：API 令牌（请求头 `Authorization: Bearer lvz_…`）。个人令牌在平台“API 令牌”页面"
    "生成；系统使用的服务账号令牌由机构的管理人员在“服务账号”页面生成。令牌有权限范围"
    "（每项能力分读取 read 和修改 write，例如 meetings:read）和有效期（至多 365 天），"
    "不会超出所属账号本身的权限；范围不足答复 403 insufficient_scope，过期或撤销答复 401。"
    "浏览器中登录的会话同样可用（写操作需 X-CSRFToken）。“公开数据”下的接口无需认证。\n\n"
    "**分页**：早期的列表接口用 limit（至多 100）和 offset，返回 items 和 count；各能力的"
    "列表接口用游标：limit 和 cursor，返回 items 和 next_cursor（最后一页为 null），"
    "ordering 指定排序。编号（id）长期稳定。\n\n"
    "**限流**：每个令牌每分钟 600 次，无令牌时每个地址每分钟 120 次；超出答复 429 和 "
    "Retry-After。公开数据带 ETag 和 Last-Modified，条件请求未改变时答复 304。\n\n"
    "**Webhook**：/webhooks 订阅平台事件，以 HMAC-SHA256 签名推送，失败按指数退避重试。\n\n"
    '**错误**：统一为 {"error": {"code", "message", "field"}}，message 为中文说明。\n\n'
    "**版本**：v1 内只增加字段和接口，不删除、不改名；不兼容的改动发布为 /api/v2/，"
    "v1 在 v2 发布后至少保留一年。",
    urls_namespace="api",
    throttle=[ApiRateThrottle()],
    # A personal token first; otherwise the session (which checks CSRF on unsafe methods).
    auth=[TokenAuth(), django_auth],
)
api.add_router("/public/", public.router)
api.add_router("/meetings", meetings_api.router)
api.add_router("/voting/", voting_api.router)
api.add_router("/stations/", stations_api.router)
api.add_router("/records/", records_api.records_router)
api.add_router("/compliance/", records_api.compliance_router)
api.add_router("/webhooks", webhooks_api.router)
api.add_router("/contacts/", contacts_api.router)
api.add_router("/contacts/", contacts_actions.router)
api.add_router("/activities/", activities_api.router)
api.add_router("/activities/", activities_actions.router)
api.add_router("/activities/", groups_actions.router)
api.add_router("/activities/legislation", legislation_api.router)
api.add_router("/activities/supervision", supervision_api.router)
api.add_router("/activities/", training_api.router)
api.add_router("/activities/", library_api.router)
api.add_router("/activities/forum", forum_api.router)
SUGGESTION_ID = Path(..., description="建议的编号")


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "field": field}}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.field)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    # The field, not the position in a list ("methods", not "0", for a bad item).
    field = next((str(x) for x in reversed(first.get("loc", [])) if not isinstance(x, int)), None)
    return _error(request, 400, "validation_failed", input_message(first), field)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 in the one error shape; the operation adds ``Retry-After``."""
    return _error(
        request,
        429,
        "rate_limited",
        _("Too many calls; wait the seconds in Retry-After and try again."),
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Errors ninja raises itself (a body that is not JSON …), in the same shape and in Chinese."""
    if exc.status_code == 400:
        return _error(request, 400, "validation_failed", input_message({"type": "json_invalid"}))
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Please sign in first."))


@api.get(
    "/registry/deputies/{deputy_id}",
    response={200: DeputyRecord, **ERRORS},
    tags=["代表名册"],
    summary="一位代表的名册信息（工作人员，限本人管辖范围）",
    description="与名册页面相同的范围：管辖范围以外的代表与不存在的代表一样答复 404。"
    "电话和身份证号只给遮蔽后的形式。",
)
def deputy_record(
    request: HttpRequest, deputy_id: int = Path(..., description="代表的编号")
) -> Any:
    d = registry_selectors.get_deputy_for_user(request.user, deputy_id)
    return attrs(d, "id", "name", "birth_date", "position", "phone_masked", "id_number_masked") | {
        "seats": [public.seat_out(m) for m in d.memberships.all()]
    }


def _out(s: Suggestion) -> dict[str, Any]:
    return attrs(s, "id", "number", "title", "status", "category", "due_on") | {
        "proposer": s.proposer.name
    }


def _detail(s: Suggestion, user: Any) -> dict[str, Any]:
    return _out(s) | {
        "actions": WORKFLOW.allowed(user, s),
        "body": s.body,
        "cosigners": [c.deputy.name for c in s.cosigners.all() if c.status == "confirmed"],
        "replies": [
            {"unit": r.unit.name, "result_class": r.result_class, "body": r.body}
            for r in s.replies.all()
        ],
        "timeline": [
            {"at": e.occurred_at.isoformat(), "step": e.label, "detail": e.detail}
            for e in s.timeline
        ],
    }


@api.get(
    "/suggestions/mine",
    response={200: list[SuggestionOut], **ERRORS},
    tags=["建议"],
    summary="本人领衔或受邀联名的建议",
    description="令牌或会话所属代表本人领衔的建议，以及邀请本人联名的建议，最新的在前。"
    "非代表账号得到空列表。",
)
@paginate(public.Paging, max_limit=public.MAX_PAGE)
def my_suggestions(request: HttpRequest) -> Any:
    # The queryset itself, so the paginator slices it in the database.
    return selectors.mine(request.user)


def _new_draft(data: SuggestionDraftIn) -> dict[str, Any]:
    from lvzhi.core.errors import ValidationFailed
    from lvzhi.registry.models import Term

    term = Term.objects.select_related("congress").filter(pk=data.term_id).first()
    if term is None:
        raise ValidationFailed(_("No such congress term."), field="term_id")
    # The service decides whether the caller is a deputy serving in that term (R12).
    return resolved(data, term=term, session=None)


create(
    api,
    __name__,
    "draft_create",
    "/suggestions",
    services.draft_create,
    data=SuggestionDraftIn,
    fields=_new_draft,
    answer=lambda request, s: _detail(selectors.get_for_user(request.user, s.pk), request.user),
    response=SuggestionDetail,
    tags=["建议"],
    summary="起草一件建议",
    description="以本人名义在指定届次起草建议（状态 draft），返回 201 和建议全文。"
    "本人不是该届在任代表时答复 403；标题或正文不合要求时答复 400 并指明字段。",
)


SUGGESTION = Subject(
    api,
    __name__,
    ids={"suggestion_id": SUGGESTION_ID},
    load=by_caller(selectors.get_for_user),
    keyword="suggestion",
    shown=lambda request, suggestion: _detail(suggestion, request.user),
    detail_out=SuggestionDetail,
    tags=["建议"],
)
SUGGESTION.read(
    "suggestion_detail",
    "/suggestions/{suggestion_id}",
    errors=ERRORS,
    summary="一件建议及其办理过程",
    description="正文、已确认的联名代表、承办单位的答复和办理过程。"
    "调用者无权查看的建议与不存在的建议一样答复 404。",
)
SUGGESTION.step(
    "cosign",
    "/suggestions/{suggestion_id}/cosign",
    services.cosign_respond,
    data=CosignIn,
    summary="确认或谢绝联名",
    description="受邀联名的代表确认（accept=true）或谢绝（false）。未受邀答复 404，"
    "建议所处状态不允许时答复 409。",
)
SUGGESTION.step(
    "evaluate",
    "/suggestions/{suggestion_id}/evaluate",
    services.evaluate,
    data=SuggestionEvaluationIn,
    summary="评价答复",
    description="领衔代表对承办单位的答复作出满意、基本满意或不满意的评价；不满意时可要求"
    "重新办理（rehandle=true）。尚无答复或已评价时答复 409。",
)


def _channels(user: Any) -> dict[str, Any]:
    from lvzhi.core import outbound

    return {
        "offered": [c.name for c in outbound.outbound_channels()],
        "channels": outbound.preferences_of(user),
        "webhook_url": outbound.webhook_of(user)[0],
    }


@api.get(
    "/me/notification-channels",
    response={200: ChannelsOut, **ERRORS},
    tags=["通知"],
    summary="本人的通知渠道",
    description="站内消息始终开启；这里列出本平台配置的外发渠道及本人是否开启。"
    "Webhook 的签名密钥只在平台“通知渠道”页面显示。",
)
def notification_channels(request: HttpRequest) -> Any:
    return _channels(acting_user(request))


@api.put(
    "/me/notification-channels",
    response={200: ChannelsOut, **ERRORS},
    tags=["通知"],
    summary="选择本人的通知渠道",
    description="只改动请求中给出的渠道；未配置的渠道答复 400。",
)
def notification_channels_set(request: HttpRequest, data: ChannelsIn) -> Any:
    from lvzhi.core import outbound

    user = acting_user(request)
    outbound.preferences_save(actor=user, choices=data.channels, webhook_url=data.webhook_url)
    return _channels(user)
