"""forum: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .. import policies
from ..models import Reply, Thread

# ---- forum ---------------------------------------------------------------------------------


def threads(user: Any, q: str = "") -> QuerySet[Thread]:
    """Threads newest activity first; hidden ones only for moderators and their authors."""
    qs = Thread.objects.all()
    if not policies.can_moderate(user):
        qs = qs.filter(Q(hidden=False) | Q(author_id=getattr(user, "pk", None)))
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(body__contains=q))
    return qs.order_by("-last_activity_at", "-id")


def thread_replies(user: Any, thread: Thread) -> list[Reply]:
    qs = Reply.objects.filter(thread=thread).select_related("author")
    if not policies.can_moderate(user):
        qs = qs.filter(Q(hidden=False) | Q(author_id=getattr(user, "pk", None)))
    return list(qs.order_by("created_at", "id"))


def thread(user: Any, pk: int) -> Thread | None:
    return threads(user).select_related("author").filter(pk=pk).first()


def reply_of(t: Thread, reply_id: int) -> Reply | None:
    return Reply.objects.filter(pk=reply_id, thread=t).first()
