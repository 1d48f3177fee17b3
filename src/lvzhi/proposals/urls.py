from django.urls import path

from lvzhi.core.motions_pages import cosign_urls

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.draft_new, name="draft_new"),
    path("queue/", views.queue, name="queue"),
    path("plans/", views.plans, name="plans"),
    path("statistics/", views.statistics, name="statistics"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("public/", views.public_list, name="public_list"),
    *cosign_urls(views),
    path("<int:pk>/edit/", views.draft_edit, name="draft_edit"),
    path("<int:pk>/abandon/", views.abandon, name="abandon"),
    path("<int:pk>/to-suggestion/", views.to_suggestion, name="to_suggestion"),
    path("<int:pk>/forward/", views.forward, name="forward"),
    path("<int:pk>/recommend/", views.recommend, name="recommend"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/reaction/", views.reaction, name="reaction"),
    path("<int:pk>/withdrawal/", views.withdrawal, name="withdrawal"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/legislation/", views.legislation, name="legislation"),
]
