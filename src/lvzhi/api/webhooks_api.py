"""Webhook subscriptions through the API (issue 25.3): the caller's own subscriptions (a
person's, or a service account's through its token) and their delivery log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from lvzhi.core.http import acting_user

from . import cursor, webhooks
from .listing import ACTION_ERRORS as ERRORS
from .listing import row_out
from .models import WebhookDelivery, WebhookSubscription

router = Router(tags=["Webhook 订阅"])
SUBSCRIPTION_ID = Path(..., description="订阅的编号")


class SubscriptionIn(Schema):
    name: str = Field(max_length=64, description="名称，例如接收系统的名字")
    url: str = Field(max_length=300, description="接收地址（http/https，须在平台允许的主机列表中）")
    events: list[str] = Field(max_length=20, description="订阅的事件种类，见 GET /webhooks/events")


class SubscriptionOut(Schema):
    id: int = Field(description="订阅的编号")
    name: str = Field(description="名称")
    url: str = Field(description="接收地址")
    events: list[str] = Field(description="订阅的事件种类")
    created_at: dt.datetime = Field(description="创建时间")
    active: bool = Field(description="是否有效")


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="签名密钥，只在此时给出一次；用它校验 X-Lvzhi-Signature")


class EventKindOut(Schema):
    kind: str = Field(description="事件种类")
    label: str = Field(description="中文说明")


class DeliveryOut(Schema):
    id: int = Field(description="投递编号（请求头 X-Lvzhi-Delivery）")
    event_id: int = Field(description="事件编号")
    kind: str = Field(description="事件种类")
    status: str = Field(description="pending 等待重试、sent 已送达、failed 已放弃")
    attempts: int = Field(description="已尝试次数")
    response_status: int | None = Field(description="接收方最近一次答复的 HTTP 状态码")
    last_error: str = Field(description="最近一次失败的原因")
    created_at: dt.datetime = Field(description="生成时间")
    sent_at: dt.datetime | None = Field(description="送达时间")


DeliveryPage = cursor.page_of(DeliveryOut, "DeliveryPage")


def sub_out(s: WebhookSubscription) -> dict[str, Any]:
    return row_out(SubscriptionOut, s, active=s.deactivated_at is None)


def delivery_out(d: WebhookDelivery) -> dict[str, Any]:
    return row_out(DeliveryOut, d)


@router.get(
    "/events",
    response={200: list[EventKindOut], **ERRORS},
    summary="可订阅的事件种类",
    description="建议提交、交办、答复、评价；群众意见收到、答复、办结；表决结果公布。",
)
def event_kinds(request: HttpRequest) -> Any:
    return [{"kind": k, "label": str(v.label)} for k, v in webhooks.EVENTS.items()]


@router.get(
    "",
    response={200: list[SubscriptionOut], **ERRORS},
    summary="本账号的 Webhook 订阅",
    description="令牌或会话所属账号（个人或服务账号）的订阅。",
)
def subscriptions(request: HttpRequest) -> Any:
    qs = WebhookSubscription.objects.filter(owner=acting_user(request)).order_by("-id")[:100]
    return [sub_out(s) for s in qs]


@router.post(
    "",
    response={201: SubscriptionCreated, **ERRORS},
    summary="订阅平台事件",
    description="返回 201 和签名密钥（只给一次）。每个事件以 JSON POST 到接收地址，带 "
    "X-Lvzhi-Timestamp、X-Lvzhi-Event、X-Lvzhi-Delivery 和 X-Lvzhi-Signature"
    "（sha256= 加 “时间戳.请求体” 的 HMAC-SHA256）。只推送本账号有权查看的记录的事件；"
    "失败时按指数退避重试。",
)
def subscription_create(request: HttpRequest, data: SubscriptionIn) -> Any:
    sub, secret = webhooks.subscription_create(
        actor=acting_user(request), name=data.name, url=data.url, events=data.events
    )
    return Status(201, sub_out(sub) | {"secret": secret})


@router.post(
    "/{subscription_id}/end",
    response={200: SubscriptionOut, **ERRORS},
    summary="结束订阅",
    description="结束后不再推送；已结束的答复 409。",
)
def subscription_end(request: HttpRequest, subscription_id: int = SUBSCRIPTION_ID) -> Any:
    return sub_out(webhooks.subscription_end(actor=acting_user(request), pk=subscription_id))


@router.get(
    "/{subscription_id}/deliveries",
    response={200: DeliveryPage, **ERRORS},
    summary="投递记录",
    description="一个订阅的每次投递：状态、尝试次数、接收方的答复和失败原因，最新的在前。游标分页。",
)
def deliveries(
    request: HttpRequest,
    page: Query[cursor.CursorIn],
    subscription_id: int = SUBSCRIPTION_ID,
) -> Any:
    sub = webhooks.get_for_user(acting_user(request), subscription_id)
    return cursor.page(
        WebhookDelivery.objects.filter(subscription=sub), page, delivery_out, ordering="-id"
    )
