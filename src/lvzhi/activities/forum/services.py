"""forum: services."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import User

from .. import policies
from ..common.services import contribution, event, text_field, title_field
from ..models import Reply, Thread

# ---- forum (Art 84.3) ----------------------------------------------------------------------


def _require_forum_user(actor: User) -> None:
    """The forum is for deputies: anyone else is refused."""
    if not policies.can_use_forum(actor):
        raise PermissionDenied(_("The forum is for deputies."))


def _require_moderator(actor: User) -> None:
    """Moderation is for moderators: anyone else is told there is no such thread."""
    if not policies.can_moderate(actor):
        raise NotFound(_("No such thread."))


@transaction.atomic
def thread_create(*, actor: User, title: str, body: str) -> Thread:
    _require_forum_user(actor)
    now = clock.now()
    t = Thread.objects.create(
        title=title_field(title),
        body=text_field(body, "body", _("The text"), max_length=10000),
        author=actor,
        created_at=now,
        last_activity_at=now,
    )
    event(f"thread:{t.pk}", actor, "created")
    return t


@transaction.atomic
def reply_add(*, actor: User, thread: Thread, body: str) -> Reply:
    _require_forum_user(actor)
    t = Thread.objects.select_for_update().get(pk=thread.pk)
    if t.hidden and not policies.can_moderate(actor):
        raise NotFound(_("No such thread."))
    if t.locked:
        raise IllegalTransition(_("The thread has been closed by the moderator."))
    r = contribution(Reply, body, _("The text"), 10000, thread=t, author=actor)
    t.reply_count += 1
    t.last_activity_at = r.created_at
    t.save(update_fields=["reply_count", "last_activity_at"])
    event(f"thread:{t.pk}", actor, "replied", reply=r.pk)
    return r


MODERATION_ACTIONS = ("hide", "show", "lock", "unlock")


@transaction.atomic
def thread_moderate(*, actor: User, thread: Thread, action: str, note: str = "") -> Thread:
    """Moderation: hide or show a thread, close or reopen it for replies; logged."""
    _require_moderator(actor)
    if action not in MODERATION_ACTIONS:
        raise ValidationFailed(_("Unknown moderation action."), field="action")
    t = Thread.objects.select_for_update().get(pk=thread.pk)
    note = text_field(note, "note", _("The note"), max_length=200, required=action == "hide")
    t.hidden = {"hide": True, "show": False}.get(action, t.hidden)
    t.locked = {"lock": True, "unlock": False}.get(action, t.locked)
    t.moderation_note = note or t.moderation_note
    t.save(update_fields=["hidden", "locked", "moderation_note"])
    event(f"thread:{t.pk}", actor, f"moderated_{action}", note=note)
    return t


@transaction.atomic
def reply_hide(*, actor: User, reply: Reply, note: str) -> Reply:
    _require_moderator(actor)
    r = Reply.objects.select_for_update().get(pk=reply.pk)
    r.hidden = True
    r.moderation_note = text_field(note, "note", _("The note"), max_length=200)
    r.save(update_fields=["hidden", "moderation_note"])
    event(f"thread:{r.thread_id}", actor, "reply_hidden", reply=r.pk, note=r.moderation_note)
    return r
