from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("leaves/", views.leaves, name="leaves"),
    path("leaves/<int:pk>/<str:answer>/", views.leave_decide, name="leave_decide"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("materials/<int:pk>/files/<int:version>/", views.material_file, name="material_file"),
    path("sittings/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/deliberation/", views.deliberation, name="deliberation"),
    path("<int:pk>/attendees/", views.attendees, name="attendees"),
    path("briefs/<int:pk>/", views.brief_detail, name="brief"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/leave/", views.leave_new, name="leave_new"),
    path("<int:pk>/<str:action>/", views.meeting_action, name="action"),
]
