"""The app's changes of state, one function per change (R19-R29, R32, R49), gathered
from its subdomains (``activities/<subdomain>/services.py``) so that other apps, the API and
the tests have one module to call."""

from __future__ import annotations

from .forum.services import (
    MODERATION_ACTIONS,
    reply_add,
    reply_hide,
    thread_create,
    thread_moderate,
)
from .groups.services import (
    activity_photo_add,
    group_activity_record,
    group_activity_report,
    group_form,
    group_member_add,
    group_plan_save,
)
from .inspections.services import (
    centralised_warnings,
    inspection_invite,
    inspection_notify,
    inspection_opinion_add,
    inspection_plan,
    inspection_report,
    opinion_route,
    opinion_submit_as_suggestion,
    opinion_unit_reply,
)
from .legislation.services import (
    ARTICLE_HEAD,
    comment_add,
    comment_decide,
    draft_open,
    project_create,
    split_articles,
    stage_invite,
    stage_open,
)
from .research.services import (
    forward_unit_reply,
    research_create,
    research_feedback,
    research_forward,
    research_invite,
    research_report,
)
from .supervision.services import (
    is_local,
    supervision_create,
    supervision_invite,
    supervision_opinion_add,
    supervision_opinion_decide,
    supervision_report,
    supervision_send_tasks,
)
from .training.services import (
    material_add,
    material_kind_of,
    material_opened,
    training_attendance_add,
    training_create,
    training_materials_set,
    training_warnings,
)

__all__ = [
    "ARTICLE_HEAD",
    "MODERATION_ACTIONS",
    "activity_photo_add",
    "centralised_warnings",
    "comment_add",
    "comment_decide",
    "draft_open",
    "forward_unit_reply",
    "group_activity_record",
    "group_activity_report",
    "group_form",
    "group_member_add",
    "group_plan_save",
    "inspection_invite",
    "inspection_notify",
    "inspection_opinion_add",
    "inspection_plan",
    "inspection_report",
    "is_local",
    "material_add",
    "material_kind_of",
    "material_opened",
    "opinion_route",
    "opinion_submit_as_suggestion",
    "opinion_unit_reply",
    "project_create",
    "reply_add",
    "reply_hide",
    "research_create",
    "research_feedback",
    "research_forward",
    "research_invite",
    "research_report",
    "split_articles",
    "stage_invite",
    "stage_open",
    "supervision_create",
    "supervision_invite",
    "supervision_opinion_add",
    "supervision_opinion_decide",
    "supervision_report",
    "supervision_send_tasks",
    "thread_create",
    "thread_moderate",
    "training_attendance_add",
    "training_create",
    "training_materials_set",
    "training_warnings",
]
