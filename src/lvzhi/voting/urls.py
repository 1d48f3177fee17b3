from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    path("", views.my_polls, name="mine"),
    path("meeting/<int:pk>/", views.meeting_polls, name="meeting"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/screen/", views.screen, name="screen"),
    path("<int:pk>/screen/counts/", views.screen_counts, name="screen_counts"),
    path("<int:pk>/open/", views.poll_open, name="open"),
    path("<int:pk>/close/", views.poll_close, name="close"),
    path("<int:pk>/keys/", views.poll_keys, name="keys"),
    path("<int:pk>/count/", views.poll_count, name="count"),
    path("<int:pk>/publish/", views.poll_publish, name="publish"),
    path("<int:pk>/roll/", views.poll_roll, name="roll"),
    path("<int:pk>/trackers/", views.poll_trackers, name="trackers"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/cast/", views.cast, name="cast"),
    path("<int:pk>/paper/", views.paper_count, name="paper"),
]
