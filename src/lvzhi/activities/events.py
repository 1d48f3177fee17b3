"""The kinds of event of the work between sessions (deputy groups, inspections, legislation,
supervision, research, training, library, forum), one constructor each. A subject is named as
the services name it, ``"<prefix>:<id>"`` ("group:3", "inspection:7"); ``SUBJECTS`` maps the
prefix to its model, so the log stores ``activities.inspection`` and the id."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import events
from lvzhi.core.events import Event, kind
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


@kind("activities.group_formed", _("Deputy group formed"), detail=DETAIL)
def group_formed(*, subject: str, actor: User | None, leader: str) -> Event:
    return _record("group_formed", subject, actor, leader=leader)


@kind("activities.group_org_member_added", _("Deputy added to the group"), detail=DETAIL)
def group_org_member_added(
    *, subject: str, actor: User | None, deputy: int, level: str, from_group: int | None
) -> Event:
    """R19 (Art 35-36): a serving deputy of any level joins a deputy group (mixed groups)."""
    return _record(
        "group_org_member_added", subject, actor, deputy=deputy, level=level, from_group=from_group
    )


@kind("activities.group_plan_saved", _("Group's year plan saved"), detail=DETAIL)
def group_plan_saved(*, subject: str, actor: User | None, year: int) -> Event:
    return _record("group_plan_saved", subject, actor, year=year)


@kind("activities.group_activity_recorded", _("Group activity recorded"), detail=DETAIL)
def group_activity_recorded(
    *, subject: str, actor: User | None, activity: int, title: str, present: int
) -> Event:
    return _record(
        "group_activity_recorded", subject, actor, activity=activity, title=title, present=present
    )


@kind("activities.group_activity_reported", _("Group activity report written"), detail=DETAIL)
def group_activity_reported(*, subject: str, actor: User | None, activity: int) -> Event:
    return _record("group_activity_reported", subject, actor, activity=activity)


@kind("activities.group_photo_added", _("Photo of a group activity added"), detail=DETAIL)
def group_photo_added(*, subject: str, actor: User | None, activity: int) -> Event:
    return _record("group_photo_added", subject, actor, activity=activity)


@kind("activities.inspection_planned", _("Inspection planned"), detail=DETAIL)
def inspection_planned(*, subject: str, actor: User | None, warnings: list[str]) -> Event:
    return _record("inspection_planned", subject, actor, warnings=warnings)


@kind("activities.inspection_invited", _("Deputy invited to the inspection"), detail=DETAIL)
def inspection_invited(*, subject: str, actor: User | None, deputy: str) -> Event:
    return _record("inspection_invited", subject, actor, deputy=deputy)


@kind("activities.inspection_notified", _("Inspection participants notified"), detail=DETAIL)
def inspection_notified(*, subject: str, actor: User | None, deputies: int) -> Event:
    return _record("inspection_notified", subject, actor, deputies=deputies)


@kind("activities.inspection_opinion_added", _("Inspection opinion added"), detail=DETAIL)
def inspection_opinion_added(*, subject: str, actor: User | None, deputy: str) -> Event:
    return _record("inspection_opinion_added", subject, actor, deputy=deputy)


@kind("activities.inspection_reported", _("Inspection report written"), detail=DETAIL)
def inspection_reported(*, subject: str, actor: User | None) -> Event:
    return _record("inspection_reported", subject, actor)


@kind("activities.inspection_opinion_routed", _("Inspection opinion routed"), detail=DETAIL)
def inspection_opinion_routed(
    *, subject: str, actor: User | None, route: str, opinion: int
) -> Event:
    return _record("inspection_opinion_routed", subject, actor, route=route, opinion=opinion)


@kind(
    "activities.inspection_opinion_suggested",
    _("Inspection opinion became a suggestion"),
    detail=DETAIL,
)
def inspection_opinion_suggested(*, subject: str, actor: User | None, suggestion: int) -> Event:
    return _record("inspection_opinion_suggested", subject, actor, suggestion=suggestion)


@kind("activities.project_created", _("Legislative project created"), detail=DETAIL)
def project_created(*, subject: str, actor: User | None) -> Event:
    return _record("project_created", subject, actor)


@kind("activities.project_stage_opened", _("Legislative stage opened"), detail=DETAIL)
def project_stage_opened(*, subject: str, actor: User | None, stage: str) -> Event:
    return _record("project_stage_opened", subject, actor, stage=stage)


@kind("activities.project_invited", _("Deputies invited to a legislative stage"), detail=DETAIL)
def project_invited(*, subject: str, actor: User | None, stage: str, deputies: list[int]) -> Event:
    return _record("project_invited", subject, actor, stage=stage, deputies=deputies)


@kind("activities.project_draft_opened", _("Draft opened for comments"), detail=DETAIL)
def project_draft_opened(*, subject: str, actor: User | None, draft: int, articles: int) -> Event:
    return _record("project_draft_opened", subject, actor, draft=draft, articles=articles)


@kind("activities.draft_commented", _("Comment on a draft article"), detail=DETAIL)
def draft_commented(*, subject: str, actor: User | None, article: int) -> Event:
    return _record("draft_commented", subject, actor, article=article)


@kind("activities.draft_comment_decided", _("Comment on a draft decided"), detail=DETAIL)
def draft_comment_decided(
    *, subject: str, actor: User | None, comment: int, decision: str
) -> Event:
    return _record("draft_comment_decided", subject, actor, comment=comment, decision=decision)


@kind("activities.supervision_created", _("Supervision created"), detail=DETAIL)
def supervision_created(*, subject: str, actor: User | None) -> Event:
    return _record("supervision_created", subject, actor)


@kind("activities.supervision_invited", _("Deputy invited to the supervision"), detail=DETAIL)
def supervision_invited(*, subject: str, actor: User | None, deputy: str, local: bool) -> Event:
    return _record("supervision_invited", subject, actor, deputy=deputy, local=local)


@kind("activities.supervision_tasks_sent", _("Supervision tasks sent"), detail=DETAIL)
def supervision_tasks_sent(*, subject: str, actor: User | None, deputies: int) -> Event:
    return _record("supervision_tasks_sent", subject, actor, deputies=deputies)


@kind("activities.supervision_opinion_added", _("Supervision opinion added"), detail=DETAIL)
def supervision_opinion_added(*, subject: str, actor: User | None, deputy: str) -> Event:
    return _record("supervision_opinion_added", subject, actor, deputy=deputy)


@kind("activities.supervision_opinion_decided", _("Supervision opinion decided"), detail=DETAIL)
def supervision_opinion_decided(
    *, subject: str, actor: User | None, opinion: int, decision: str
) -> Event:
    return _record(
        "supervision_opinion_decided", subject, actor, opinion=opinion, decision=decision
    )


@kind("activities.supervision_reported", _("Supervision report written"), detail=DETAIL)
def supervision_reported(*, subject: str, actor: User | None) -> Event:
    return _record("supervision_reported", subject, actor)


@kind("activities.training_created", _("Training created"), detail=DETAIL)
def training_created(*, subject: str, actor: User | None, warnings: list[str]) -> Event:
    return _record("training_created", subject, actor, warnings=warnings)


@kind("activities.training_attendance", _("Training attendance recorded"), detail=DETAIL)
def training_attendance(*, subject: str, actor: User | None, deputies: list[int]) -> Event:
    return _record("training_attendance", subject, actor, deputies=deputies)


@kind("activities.material_added", _("Learning material added"), detail=DETAIL)
def material_added(*, subject: str, actor: User | None) -> Event:
    return _record("material_added", subject, actor)


@kind("activities.thread_created", _("Forum thread started"), detail=DETAIL)
def thread_created(*, subject: str, actor: User | None) -> Event:
    return _record("thread_created", subject, actor)


@kind("activities.thread_moderated_hide", _("Thread hidden by a moderator"), detail=DETAIL)
def thread_moderated_hide(*, subject: str, actor: User | None, note: str) -> Event:
    return _record("thread_moderated_hide", subject, actor, note=note)


@kind("activities.thread_moderated_show", _("Thread shown again by a moderator"), detail=DETAIL)
def thread_moderated_show(*, subject: str, actor: User | None, note: str) -> Event:
    return _record("thread_moderated_show", subject, actor, note=note)


@kind("activities.thread_moderated_lock", _("Thread locked by a moderator"), detail=DETAIL)
def thread_moderated_lock(*, subject: str, actor: User | None, note: str) -> Event:
    return _record("thread_moderated_lock", subject, actor, note=note)


@kind("activities.thread_moderated_unlock", _("Thread unlocked by a moderator"), detail=DETAIL)
def thread_moderated_unlock(*, subject: str, actor: User | None, note: str) -> Event:
    return _record("thread_moderated_unlock", subject, actor, note=note)


@kind("activities.thread_reply_hidden", _("Reply hidden by a moderator"), detail=DETAIL)
def thread_reply_hidden(*, subject: str, actor: User | None, reply: int, note: str) -> Event:
    return _record("thread_reply_hidden", subject, actor, reply=reply, note=note)


@kind("activities.research_created", _("Research created"), detail=DETAIL)
def research_created(*, subject: str, actor: User | None) -> Event:
    return _record("research_created", subject, actor)


@kind("activities.research_invited", _("Deputy invited to the research"), detail=DETAIL)
def research_invited(*, subject: str, actor: User | None, deputy: str) -> Event:
    return _record("research_invited", subject, actor, deputy=deputy)


@kind("activities.research_reported", _("Research report written"), detail=DETAIL)
def research_reported(*, subject: str, actor: User | None) -> Event:
    return _record("research_reported", subject, actor)


@kind("activities.research_forwarded", _("Research report forwarded to an organ"), detail=DETAIL)
def research_forwarded(*, subject: str, actor: User | None, organ: str) -> Event:
    return _record("research_forwarded", subject, actor, organ=organ)


@kind("activities.research_feedback", _("Organ's feedback on research recorded"), detail=DETAIL)
def research_feedback(*, subject: str, actor: User | None, organ: str) -> Event:
    return _record("research_feedback", subject, actor, organ=organ)


@kind(
    "activities.inspection_opinion_unit_replied",
    _("The inspected unit answered an opinion"),
    detail=DETAIL,
)
def inspection_opinion_unit_replied(
    *, subject: str, actor: User | None, opinion: int, organ: str
) -> Event:
    """Art 44: the unit's staff answer the opinion routed to their unit themselves."""
    return _record("inspection_opinion_unit_replied", subject, actor, opinion=opinion, organ=organ)


@kind("activities.research_unit_replied", _("The organ answered a research report"), detail=DETAIL)
def research_unit_replied(*, subject: str, actor: User | None, organ: str) -> Event:
    """R25 (Art 49): the organ's staff write how they handled the forwarded report."""
    return _record("research_unit_replied", subject, actor, organ=organ)
