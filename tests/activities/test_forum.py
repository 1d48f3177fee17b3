"""Forum (Art 84.3): threads, replies, moderation."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.activities import selectors, services
from lvzhi.activities.models import Reply, Thread
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed

from ..notice_keys import told
from .conftest import persona

pytestmark = pytest.mark.django_db


def test_forum_thread_and_reply_notify_the_author() -> None:
    t = services.thread_create(actor=persona("deputy"), title="履职经验交流", body="大家好")
    r = services.reply_add(actor=persona("groupleader"), thread=t, body="分享一点体会")
    t.refresh_from_db()
    assert (t.reply_count, t.last_activity_at) == (1, r.created_at)
    assert told(t, "activities.thread_replied") == {"deputy"}


def test_forum_refused_to_a_handling_unit() -> None:
    before = Thread.objects.count()
    with pytest.raises(PermissionDenied):
        services.thread_create(actor=persona("handling"), title="t", body="b")
    assert Thread.objects.count() == before


def test_forum_moderation_hides_and_closes() -> None:
    t = services.thread_create(actor=persona("deputy"), title="无关广告", body="推销产品")
    with pytest.raises(NotFound):
        services.thread_moderate(actor=persona("groupleader"), thread=t, action="hide", note="广告")
    with pytest.raises(ValidationFailed):
        services.thread_moderate(actor=persona("office"), thread=t, action="hide", note="")
    services.thread_moderate(actor=persona("office"), thread=t, action="hide", note="与履职无关")
    assert t.pk not in [x.pk for x in selectors.threads(persona("groupleader"))]
    assert t.pk in [x.pk for x in selectors.threads(persona("deputy"))]  # the author still sees it
    with pytest.raises(NotFound):
        services.reply_add(actor=persona("groupleader"), thread=t, body="回复")
    services.thread_moderate(actor=persona("office"), thread=t, action="show")
    services.thread_moderate(actor=persona("office"), thread=t, action="lock")
    with pytest.raises(IllegalTransition):
        services.reply_add(actor=persona("groupleader"), thread=t, body="回复")
    assert Reply.objects.filter(thread=t).count() == 0


def test_forum_hidden_reply_only_for_moderator_and_author() -> None:
    t = services.thread_create(actor=persona("deputy"), title="交流", body="正文")
    r = services.reply_add(actor=persona("groupleader"), thread=t, body="不当言论")
    services.reply_hide(actor=persona("office"), reply=r, note="不当言论")
    assert selectors.thread_replies(persona("deputy"), t) == []
    assert [x.pk for x in selectors.thread_replies(persona("groupleader"), t)] == [r.pk]
    assert [x.pk for x in selectors.thread_replies(persona("office"), t)] == [r.pk]


def test_forum_pages(login: Any, django_assert_max_num_queries: Any) -> None:
    for n in range(35):
        services.thread_create(actor=persona("deputy"), title=f"话题{n}", body="正文")
    client = login("deputy")
    with django_assert_max_num_queries(12):
        r = client.get("/activities/forum/")
    assert r.status_code == 200 and "话题34" in r.content.decode()
    r = client.post("/activities/forum/", {"title": "  ", "body": "内容保留"})
    assert r.status_code == 400 and "内容保留" in r.content.decode()
    t = Thread.objects.get(title="话题0")
    assert client.get(f"/activities/forum/{t.pk}/").status_code == 200
    assert login("handling").get("/activities/forum/").status_code == 404
