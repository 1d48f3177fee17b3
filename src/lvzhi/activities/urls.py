from types import ModuleType

from django.urls import URLPattern

from .common import views as common_views
from .common.pages import routes
from .forum import views as forum_views
from .groups import views as group_views
from .inspections import views as inspection_views
from .legislation import views as legislation_views
from .research import views as research_views
from .supervision import views as supervision_views
from .training import views as training_views
from .units import views as unit_views

app_name = "activities"

ROUTES: list[tuple[ModuleType, list[tuple[str, str]]]] = [
    (
        unit_views,
        [
            ("unit/", "unit_inbox"),
            ("unit/opinions/<int:pk>/", "unit_opinion"),
            ("unit/research/<int:pk>/", "unit_forward"),
        ],
    ),
    (
        common_views,
        [
            ("", "mine"),
        ],
    ),
    (
        group_views,
        [
            ("groups/", "groups"),
            ("groups/form/<int:org_id>/", "group_form"),
            ("groups/<int:pk>/", "group"),
            ("groups/<int:pk>/plan/", "group_plan"),
            ("groups/<int:pk>/members/add/", "group_member_add"),
            ("groups/<int:pk>/activities/new/", "activity_new"),
            ("group-activities/<int:pk>/", "activity"),
            ("group-activities/<int:pk>/report/", "activity_report"),
            ("group-activities/<int:pk>/photos/", "activity_photo"),
            ("group-activities/<int:pk>/photos/<int:photo_id>/", "photo"),
        ],
    ),
    (
        inspection_views,
        [
            ("inspections/", "inspections"),
            ("inspections/<int:pk>/", "inspection"),
            ("inspections/<int:pk>/invite/", "inspection_invite"),
            ("inspections/<int:pk>/notify/", "inspection_notify"),
            ("inspections/<int:pk>/opinion/", "inspection_opinion"),
            ("inspections/<int:pk>/report/", "inspection_report"),
            ("inspections/<int:pk>/opinions/<int:opinion_id>/route/", "opinion_route"),
            ("inspections/<int:pk>/opinions/<int:opinion_id>/suggest/", "opinion_suggest"),
        ],
    ),
    (
        legislation_views,
        [
            ("legislation/", "projects"),
            ("legislation/<int:pk>/", "project"),
            ("legislation/<int:pk>/stages/", "stage_open"),
            ("legislation/<int:pk>/stages/<int:stage_id>/invite/", "stage_invite"),
            ("legislation/<int:pk>/drafts/", "draft_open"),
            ("drafts/<int:pk>/", "draft"),
            ("drafts/<int:pk>/report/", "draft_report"),
            ("drafts/<int:pk>/articles/<int:article_id>/comment/", "comment"),
            ("drafts/<int:pk>/comments/<int:comment_id>/decide/", "comment_decide"),
        ],
    ),
    (
        supervision_views,
        [
            ("supervision/", "supervisions"),
            ("supervision/<int:pk>/", "supervision"),
            ("supervision/<int:pk>/invite/", "supervision_invite"),
            ("supervision/<int:pk>/tasks/", "supervision_tasks"),
            ("supervision/<int:pk>/opinion/", "supervision_opinion"),
            ("supervision/<int:pk>/opinions/<int:opinion_id>/decide/", "supervision_decide"),
            ("supervision/<int:pk>/report/", "supervision_report"),
        ],
    ),
    (
        training_views,
        [
            ("trainings/", "trainings"),
            ("trainings/<int:pk>/", "training"),
            ("trainings/<int:pk>/attendance/", "training_attendance"),
            ("trainings/<int:pk>/materials/", "training_materials"),
            ("library/", "library"),
            ("library/<int:pk>/", "material"),
            ("library/<int:pk>/file/", "material_file"),
        ],
    ),
    (
        forum_views,
        [
            ("forum/", "forum"),
            ("forum/<int:pk>/", "thread"),
            ("forum/<int:pk>/reply/", "thread_reply"),
            ("forum/<int:pk>/moderate/", "thread_moderate"),
            ("forum/<int:pk>/replies/<int:reply_id>/hide/", "reply_hide"),
        ],
    ),
    (
        research_views,
        [
            ("research/", "research_list"),
            ("research/<int:pk>/", "research"),
            ("research/<int:pk>/invite/", "research_invite"),
            ("research/<int:pk>/report/", "research_report"),
            ("research/<int:pk>/forward/", "research_forward"),
            ("research/<int:pk>/forwards/<int:forward_id>/feedback/", "research_feedback"),
        ],
    ),
]

urlpatterns: list[URLPattern] = routes(ROUTES)
