from django.urls import path

from lvzhi.core.motions_urls import motion_paths

from . import views

app_name = "proposals"

urlpatterns = [
    *motion_paths(
        views,
        "abandon",
        "forward",
        "recommend",
        "report",
        "decide",
        "answer",
        "reaction",
        "withdrawal",
        "consent",
        "result",
        "legislation",
    ),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("<int:pk>/edit/", views.draft_edit, name="draft_edit"),
    path("<int:pk>/to-suggestion/", views.to_suggestion, name="to_suggestion"),
]
