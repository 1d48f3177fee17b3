from django.urls import path

from lvzhi.core.motions_urls import motion_paths

from . import views

app_name = "suggestions"

urlpatterns = [
    *motion_paths(
        views,
        "withdraw",
        "evaluate",
        "screening",
        "classify",
        "merge",
        "extension",
        "reply",
        "opinion",
        "communication",
        "attach",
    ),
    path("queue/assign/", views.bulk_assign, name="bulk_assign"),
    path("inbox/", views.inbox, name="inbox"),
    path("extensions/<int:pk>/<str:answer>/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/return/", views.return_request, name="return_request"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("templates/", views.templates, name="templates"),
    path("returns/<int:pk>/<str:answer>/", views.return_decide, name="return_decide"),
]
