from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("groups/", views.groups, name="groups"),
    path("groups/form/<int:org_id>/", views.group_form, name="group_form"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("groups/<int:pk>/plan/", views.group_plan, name="group_plan"),
    path("groups/<int:pk>/activities/new/", views.activity_new, name="activity_new"),
    path("group-activities/<int:pk>/", views.activity, name="activity"),
    path("group-activities/<int:pk>/report/", views.activity_report, name="activity_report"),
    path("group-activities/<int:pk>/photos/", views.activity_photo, name="activity_photo"),
    path("group-activities/<int:pk>/photos/<int:photo_id>/", views.photo, name="photo"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/invite/", views.inspection_invite, name="inspection_invite"),
    path("inspections/<int:pk>/notify/", views.inspection_notify, name="inspection_notify"),
    path("inspections/<int:pk>/opinion/", views.inspection_opinion, name="inspection_opinion"),
    path("inspections/<int:pk>/report/", views.inspection_report, name="inspection_report"),
    path(
        "inspections/<int:pk>/opinions/<int:opinion_id>/route/",
        views.opinion_route,
        name="opinion_route",
    ),
    path(
        "inspections/<int:pk>/opinions/<int:opinion_id>/suggest/",
        views.opinion_suggest,
        name="opinion_suggest",
    ),
    path("legislation/", views.projects, name="projects"),
    path("legislation/<int:pk>/", views.project, name="project"),
    path("legislation/<int:pk>/stages/", views.stage_open, name="stage_open"),
    path(
        "legislation/<int:pk>/stages/<int:stage_id>/invite/",
        views.stage_invite,
        name="stage_invite",
    ),
    path("legislation/<int:pk>/drafts/", views.draft_open, name="draft_open"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/report/", views.draft_report, name="draft_report"),
    path("drafts/<int:pk>/articles/<int:article_id>/comment/", views.comment, name="comment"),
    path(
        "drafts/<int:pk>/comments/<int:comment_id>/decide/",
        views.comment_decide,
        name="comment_decide",
    ),
    path("supervision/", views.supervisions, name="supervisions"),
    path("supervision/<int:pk>/", views.supervision, name="supervision"),
    path("supervision/<int:pk>/invite/", views.supervision_invite, name="supervision_invite"),
    path("supervision/<int:pk>/tasks/", views.supervision_tasks, name="supervision_tasks"),
    path("supervision/<int:pk>/opinion/", views.supervision_opinion, name="supervision_opinion"),
    path(
        "supervision/<int:pk>/opinions/<int:opinion_id>/decide/",
        views.supervision_decide,
        name="supervision_decide",
    ),
    path("supervision/<int:pk>/report/", views.supervision_report, name="supervision_report"),
    path("trainings/", views.trainings, name="trainings"),
    path("trainings/<int:pk>/", views.training, name="training"),
    path("trainings/<int:pk>/attendance/", views.training_attendance, name="training_attendance"),
    path("library/", views.library, name="library"),
    path("library/<int:pk>/", views.material, name="material"),
    path("library/<int:pk>/file/", views.material_file, name="material_file"),
    path("library/<int:pk>/progress/", views.material_progress, name="material_progress"),
]
