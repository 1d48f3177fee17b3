from django.urls import path

from .common import views as common_views
from .forum import views as forum_views
from .groups import views as group_views
from .inspections import views as inspection_views
from .legislation import views as legislation_views
from .research import views as research_views
from .supervision import views as supervision_views
from .training import views as training_views
from .units import views as unit_views

app_name = "activities"

urlpatterns = [
    path("unit/", unit_views.unit_inbox, name="unit_inbox"),
    path("unit/opinions/<int:pk>/", unit_views.unit_opinion, name="unit_opinion"),
    path("unit/research/<int:pk>/", unit_views.unit_forward, name="unit_forward"),
    path("", common_views.mine, name="mine"),
    path("groups/", group_views.groups, name="groups"),
    path("groups/form/<int:org_id>/", group_views.group_form, name="group_form"),
    path("groups/<int:pk>/", group_views.group, name="group"),
    path("groups/<int:pk>/plan/", group_views.group_plan, name="group_plan"),
    path("groups/<int:pk>/members/add/", group_views.group_member_add, name="group_member_add"),
    path("groups/<int:pk>/activities/new/", group_views.activity_new, name="activity_new"),
    path("group-activities/<int:pk>/", group_views.activity, name="activity"),
    path("group-activities/<int:pk>/report/", group_views.activity_report, name="activity_report"),
    path("group-activities/<int:pk>/photos/", group_views.activity_photo, name="activity_photo"),
    path("group-activities/<int:pk>/photos/<int:photo_id>/", group_views.photo, name="photo"),
    path("inspections/", inspection_views.inspections, name="inspections"),
    path("inspections/<int:pk>/", inspection_views.inspection, name="inspection"),
    path(
        "inspections/<int:pk>/invite/", inspection_views.inspection_invite, name="inspection_invite"
    ),
    path(
        "inspections/<int:pk>/notify/", inspection_views.inspection_notify, name="inspection_notify"
    ),
    path(
        "inspections/<int:pk>/opinion/",
        inspection_views.inspection_opinion,
        name="inspection_opinion",
    ),
    path(
        "inspections/<int:pk>/report/", inspection_views.inspection_report, name="inspection_report"
    ),
    path(
        "inspections/<int:pk>/opinions/<int:opinion_id>/route/",
        inspection_views.opinion_route,
        name="opinion_route",
    ),
    path(
        "inspections/<int:pk>/opinions/<int:opinion_id>/suggest/",
        inspection_views.opinion_suggest,
        name="opinion_suggest",
    ),
    path("legislation/", legislation_views.projects, name="projects"),
    path("legislation/<int:pk>/", legislation_views.project, name="project"),
    path("legislation/<int:pk>/stages/", legislation_views.stage_open, name="stage_open"),
    path(
        "legislation/<int:pk>/stages/<int:stage_id>/invite/",
        legislation_views.stage_invite,
        name="stage_invite",
    ),
    path("legislation/<int:pk>/drafts/", legislation_views.draft_open, name="draft_open"),
    path("drafts/<int:pk>/", legislation_views.draft, name="draft"),
    path("drafts/<int:pk>/report/", legislation_views.draft_report, name="draft_report"),
    path(
        "drafts/<int:pk>/articles/<int:article_id>/comment/",
        legislation_views.comment,
        name="comment",
    ),
    path(
        "drafts/<int:pk>/comments/<int:comment_id>/decide/",
        legislation_views.comment_decide,
        name="comment_decide",
    ),
    path("supervision/", supervision_views.supervisions, name="supervisions"),
    path("supervision/<int:pk>/", supervision_views.supervision, name="supervision"),
    path(
        "supervision/<int:pk>/invite/",
        supervision_views.supervision_invite,
        name="supervision_invite",
    ),
    path(
        "supervision/<int:pk>/tasks/", supervision_views.supervision_tasks, name="supervision_tasks"
    ),
    path(
        "supervision/<int:pk>/opinion/",
        supervision_views.supervision_opinion,
        name="supervision_opinion",
    ),
    path(
        "supervision/<int:pk>/opinions/<int:opinion_id>/decide/",
        supervision_views.supervision_decide,
        name="supervision_decide",
    ),
    path(
        "supervision/<int:pk>/report/",
        supervision_views.supervision_report,
        name="supervision_report",
    ),
    path("trainings/", training_views.trainings, name="trainings"),
    path("trainings/<int:pk>/", training_views.training, name="training"),
    path(
        "trainings/<int:pk>/attendance/",
        training_views.training_attendance,
        name="training_attendance",
    ),
    path(
        "trainings/<int:pk>/materials/",
        training_views.training_materials,
        name="training_materials",
    ),
    path("library/", training_views.library, name="library"),
    path("library/<int:pk>/", training_views.material, name="material"),
    path("library/<int:pk>/file/", training_views.material_file, name="material_file"),
    path("forum/", forum_views.forum, name="forum"),
    path("forum/<int:pk>/", forum_views.thread, name="thread"),
    path("forum/<int:pk>/reply/", forum_views.thread_reply, name="thread_reply"),
    path("forum/<int:pk>/moderate/", forum_views.thread_moderate, name="thread_moderate"),
    path("forum/<int:pk>/replies/<int:reply_id>/hide/", forum_views.reply_hide, name="reply_hide"),
    path("research/", research_views.research_list, name="research_list"),
    path("research/<int:pk>/", research_views.research, name="research"),
    path("research/<int:pk>/invite/", research_views.research_invite, name="research_invite"),
    path("research/<int:pk>/report/", research_views.research_report, name="research_report"),
    path("research/<int:pk>/forward/", research_views.research_forward, name="research_forward"),
    path(
        "research/<int:pk>/forwards/<int:forward_id>/feedback/",
        research_views.research_feedback,
        name="research_feedback",
    ),
]
