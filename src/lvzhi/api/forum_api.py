"""The deputies' forum (规程第八十四条第三项): threads and replies, read through
``activities.forum.selectors`` (hidden posts only for moderators and their authors) and
changed through ``activities.forum.services`` — the page's rules (issue 25.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lvzhi.activities import policies
from lvzhi.activities.forum import selectors, services
from lvzhi.activities.models import Reply, Thread

from .endpoints import Subject, create, cursor_list
from .listing import (
    NO_NUL,
    ScopedFilters,
    id_path,
    row_out,
    visible,
)

router = Router(tags=["代表论坛"])
THREAD_ID = id_path("主题的编号")


class ThreadOut(Schema):
    id: int = Field(description="主题的编号")
    title: str = Field(description="题目")
    author: str = Field(description="发帖人")
    created_at: dt.datetime = Field(description="发帖时间")
    last_activity_at: dt.datetime = Field(description="最近回复时间")
    reply_count: int = Field(description="回复数")
    locked: bool = Field(description="是否已关闭回复")
    hidden: bool = Field(description="是否已被版主隐藏（只有版主和发帖人看得到）")


class ThreadFilters(ScopedFilters):
    q: str | None = Field(None, max_length=100, pattern=NO_NUL, description="题目或正文包含的文字")
    ordering: Literal["last_activity_at", "-last_activity_at", "created_at", "-created_at"] = Field(
        "-last_activity_at",
        description="排序：last_activity_at、created_at，前加 - 为倒序；默认最近回复在前",
    )


class ReplyOut(Schema):
    id: int = Field(description="回复的编号")
    author: str = Field(description="回复人")
    body: str = Field(description="正文")
    created_at: dt.datetime = Field(description="回复时间")
    hidden: bool = Field(description="是否已被版主隐藏")
    moderation_note: str = Field(description="版主的说明")


class ThreadDetailOut(ThreadOut):
    body: str = Field(description="正文")
    moderation_note: str = Field(description="版主的说明")
    replies: list[ReplyOut] = Field(description="回复，先后为序")


class ThreadIn(Schema):
    title: str = Field(max_length=200, description="题目（必填）")
    body: str = Field(max_length=10000, description="正文（必填，至多 10000 字）")


class ReplyIn(Schema):
    body: str = Field(max_length=10000, description="回复（必填，至多 10000 字）")


class ModerateIn(Schema):
    action: Literal["hide", "show", "lock", "unlock"] = Field(
        description="hide 隐藏、show 重新显示、lock 关闭回复、unlock 重新开放回复"
    )
    note: str = Field("", max_length=200, description="说明（隐藏时必填）")


class HideIn(Schema):
    note: str = Field(max_length=200, description="隐藏的理由（必填）")


def _out(t: Thread) -> dict[str, Any]:
    return row_out(ThreadOut, t, author=str(t.author))


def _reply_out(r: Reply) -> dict[str, Any]:
    return row_out(ReplyOut, r, author=str(r.author))


def _thread(request: HttpRequest, thread_id: int) -> Thread:
    return visible(
        selectors.thread(request.user, thread_id), lambda t: policies.can_use_forum(request.user)
    )


def _detail(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    t = _thread(request, thread_id)
    return {
        **_out(t),
        "body": t.body,
        "moderation_note": t.moderation_note,
        "replies": [_reply_out(r) for r in selectors.thread_replies(request.user, t)],
    }


cursor_list(
    router,
    __name__,
    "threads",
    "",
    ThreadFilters,
    item=ThreadOut,
    rows=lambda user, filters: selectors.threads(user, filters.q or "").select_related("author"),
    open_to=policies.can_use_forum,
    date_field="created_at",
    out=_out,
    summary="论坛的主题",
    description="与“代表论坛”页面相同：代表和版主可用，其他人得到空列表；被隐藏的主题只有版主"
    "和发帖人看得到。year 按发帖时间筛选。游标分页。",
)


create(
    router,
    __name__,
    "thread_create",
    "",
    services.thread_create,
    data=ThreadIn,
    answer=lambda request, t: _detail(request, t.pk),
    response=ThreadDetailOut,
    summary="发一个主题（代表）",
    description="与论坛页面的发帖表单相同；不是代表或版主答复 403。",
)


THREAD = Subject(
    router,
    __name__,
    ids={"thread_id": THREAD_ID},
    load=_thread,
    keyword="thread",
    detail=_detail,
    detail_out=ThreadDetailOut,
)
THREAD.read(
    "thread",
    "/{thread_id}",
    summary="一个主题及其回复",
    description="无权查看的与不存在的一样答复 404。",
)
THREAD.step(
    "thread_reply",
    "/{thread_id}/replies",
    services.reply_add,
    data=ReplyIn,
    out=_reply_out,
    response=ReplyOut,
    status=201,
    summary="回复一个主题（代表）",
    description="与主题页面的回复表单相同；版主已关闭回复时答复 409。",
)
THREAD.step(
    "thread_moderate",
    "/{thread_id}/moderation",
    services.thread_moderate,
    data=ModerateIn,
    summary="版主处理一个主题（隐藏、显示、关闭或开放回复）",
    description="与主题页面的版主表单相同，记入日志；不是版主答复 404。",
)


THREAD.of("reply", "reply_id", id_path("回复的编号"), selectors.reply_of).step(
    "reply_hide",
    "/{thread_id}/replies/{reply_id}/hide",
    services.reply_hide,
    data=HideIn,
    out=_reply_out,
    response=ReplyOut,
    summary="版主隐藏一条回复",
    description="与主题页面上每条回复的“隐藏”相同，须写理由，记入日志；不是版主答复 404。",
)
