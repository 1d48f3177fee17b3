from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("", views.station_list, name="list"),
    path("<int:pk>/", views.station_detail, name="detail"),
    path("<int:pk>/opinion/", views.opinion_new, name="opinion_new"),
    path("<int:pk>/qr.<str:fmt>", views.qr_code, name="qr"),
    path("<int:pk>/record/", views.opinion_record, name="record"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("sent/", views.sent, name="sent"),
    path("track/", views.track, name="track"),
    path("opinions/", views.queue, name="queue"),
    path("opinions/stations/", views.pick_stations, name="pick_stations"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/contact/", views.opinion_contact, name="contact"),
    path("opinions/<int:pk>/assign/", views.opinion_assign, name="assign"),
    path("opinions/<int:pk>/redirect/", views.opinion_redirect, name="redirect"),
    path("opinions/<int:pk>/handle/", views.opinion_handle, name="handle"),
    path("opinions/<int:pk>/suggestion/", views.opinion_suggest, name="suggest"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="answer"),
    path("opinions/<int:pk>/close/", views.opinion_close, name="close"),
    path("statistics/", views.statistics, name="statistics"),
    path("standard/", views.standard, name="standard"),
    path("setup/", views.setup, name="setup"),
    path("<int:pk>/standard/<str:item>/", views.standard_file, name="standard_file"),
]
