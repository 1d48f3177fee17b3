from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.home, name="home"),
    path("deputy/", views.deputy, name="deputy"),
    path("obligations/", views.obligations_overview, name="obligations"),
    path("org/<int:pk>/", views.organisation, name="organisation"),
    path("org/<int:pk>/holders/", views.holder_register, name="holder_register"),
    path("org/<int:pk>/activities/", views.activity, name="activity"),
    path("org/<int:pk>/engagements/", views.engagement, name="engagement"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/log/", views.log, name="log"),
    path("members/<int:pk>/link/", views.link, name="link"),
    path("members/<int:pk>/end/", views.holder_end, name="holder_end"),
    path("members/<int:pk>/report/", views.report, name="report"),
    path("links/<int:pk>/end/", views.unlink, name="unlink"),
    path("opinions/", views.forwarded, name="forwarded"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/<str:step>/", views.meeting_step, name="meeting_step"),
    path("opinions/<int:pk>/answer/", views.answer, name="answer"),
    path("opinions/<int:pk>/forward/", views.forward, name="forward"),
]
