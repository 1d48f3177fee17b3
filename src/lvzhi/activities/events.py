"""The kinds of event of the work between sessions (deputy groups, inspections, legislation,
supervision, research, training, library, forum), a row each of ``KINDS``: ``events.Family``
makes and registers each kind's constructor, which the services call through
``common.services.event``. A subject is named as the services name it, ``"<prefix>:<id>"``
("group:3", "inspection:7"); ``SUBJECTS`` maps the prefix to its model, so the log stores
``activities.inspection`` and the id."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event
from lvzhi.core.models import User

SUBJECTS = {
    "group": "activities.deputygroup",
    "group_org": "registry.organisation",
    "inspection": "activities.inspection",
    "project": "activities.legislativeproject",
    "draft": "activities.draft",
    "supervision": "activities.supervision",
    "training": "activities.training",
    "material": "activities.material",
    "thread": "activities.thread",
    "research": "activities.research",
}
DETAIL = ("leader", "year", "title", "deputy", "stage", "route", "decision", "organ", "note")


def step_of(subject: str, step: str) -> str:
    """The registered step of a service's (subject, step): "inspection:7", "planned" →
    "inspection_planned"; a step that already names its subject stays as it is."""
    prefix = subject.split(":", 1)[0]
    return step if step.startswith(prefix + "_") else f"{prefix}_{step}"


def _record(step: str, subject: str, actor: User | None, **data: Any) -> Event:
    prefix, _sep, pk = subject.partition(":")
    return events.record(
        kind=f"activities.{step}",
        subject_type=SUBJECTS[prefix],
        subject_id=int(pk),
        subject_label=subject,
        actor=actor,
        data=data,
    )


_subject = events.Family("activities", "subject", _record, detail=DETAIL)

# Each kind: its step, its label and the keys of its data (``events.Family.define``).
KINDS: tuple[tuple[Any, ...], ...] = (
    ("group_formed", _("Deputy group formed"), "leader"),
    # R19 (Art 35-36): a serving deputy of any level joins a deputy group (mixed groups).
    ("group_org_member_added", _("Deputy added to the group"), "deputy", "level", "from_group"),
    ("group_plan_saved", _("Group's year plan saved"), "year"),
    ("group_activity_recorded", _("Group activity recorded"), "activity", "title", "present"),
    ("group_activity_reported", _("Group activity report written"), "activity"),
    ("group_photo_added", _("Photo of a group activity added"), "activity"),
    ("inspection_planned", _("Inspection planned"), "warnings"),
    ("inspection_invited", _("Deputy invited to the inspection"), "deputy"),
    ("inspection_notified", _("Inspection participants notified"), "deputies"),
    ("inspection_opinion_added", _("Inspection opinion added"), "deputy"),
    ("inspection_reported", _("Inspection report written")),
    ("inspection_opinion_routed", _("Inspection opinion routed"), "route", "opinion"),
    ("inspection_opinion_suggested", _("Inspection opinion became a suggestion"), "suggestion"),
    ("project_created", _("Legislative project created")),
    ("project_stage_opened", _("Legislative stage opened"), "stage"),
    ("project_invited", _("Deputies invited to a legislative stage"), "stage", "deputies"),
    ("project_draft_opened", _("Draft opened for comments"), "draft", "articles"),
    ("draft_commented", _("Comment on a draft article"), "article"),
    ("draft_comment_decided", _("Comment on a draft decided"), "comment", "decision"),
    ("supervision_created", _("Supervision created")),
    ("supervision_invited", _("Deputy invited to the supervision"), "deputy", "local"),
    ("supervision_tasks_sent", _("Supervision tasks sent"), "deputies"),
    ("supervision_opinion_added", _("Supervision opinion added"), "deputy"),
    ("supervision_opinion_decided", _("Supervision opinion decided"), "opinion", "decision"),
    ("supervision_reported", _("Supervision report written")),
    ("training_created", _("Training created"), "warnings"),
    ("training_attendance", _("Training attendance recorded"), "deputies"),
    ("material_added", _("Learning material added")),
    # R49 (issue 28.4a): a deputy opened the material for the first time; later openings
    # only count on the progress row.
    ("material_opened", _("Learning material first opened")),
    ("training_materials_set", _("Course materials chosen"), "materials"),
    ("thread_created", _("Forum thread started")),
    ("thread_moderated_hide", _("Thread hidden by a moderator"), "note"),
    ("thread_moderated_show", _("Thread shown again by a moderator"), "note"),
    ("thread_moderated_lock", _("Thread locked by a moderator"), "note"),
    ("thread_moderated_unlock", _("Thread unlocked by a moderator"), "note"),
    # A reply in a thread: its author hears of it (``activities/notices.py``).
    ("thread_replied", _("Reply posted"), "reply"),
    ("thread_reply_hidden", _("Reply hidden by a moderator"), "reply", "note"),
    ("research_created", _("Research created")),
    ("research_invited", _("Deputy invited to the research"), "deputy"),
    ("research_reported", _("Research report written")),
    ("research_forwarded", _("Research report forwarded to an organ"), "organ", "organ_id"),
    ("research_feedback", _("Organ's feedback on research recorded"), "organ", "organ_id"),
    # Art 44: the unit's staff answer the opinion routed to their unit themselves.
    (
        "inspection_opinion_unit_replied",
        _("The inspected unit answered an opinion"),
        "opinion",
        "organ",
    ),
    # R25 (Art 49): the organ's staff write how they handled the forwarded report.
    ("research_unit_replied", _("The organ answered a research report"), "organ", "organ_id"),
)

for step, label, *keys in KINDS:
    _subject.define(step, label, *keys)
