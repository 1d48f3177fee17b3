from django.urls import path

from lvzhi.core.motions_pages import cosign_urls

from . import views

app_name = "suggestions"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.draft_new, name="draft_new"),
    path("queue/", views.queue, name="queue"),
    path("queue/assign/", views.bulk_assign, name="bulk_assign"),
    path("inbox/", views.inbox, name="inbox"),
    path("plans/", views.plans, name="plans"),
    path("statistics/", views.statistics, name="statistics"),
    path("public/", views.public_list, name="public_list"),
    path("extensions/<int:pk>/<str:answer>/", views.extension_decide, name="extension_decide"),
    *cosign_urls(views),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/screening/", views.screening, name="screening"),
    path("<int:pk>/classify/", views.classify, name="classify"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/extension/", views.extension, name="extension"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/return/", views.return_request, name="return_request"),
    path("<int:pk>/opinion/", views.opinion, name="opinion"),
    path("<int:pk>/communication/", views.communication, name="communication"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("templates/", views.templates, name="templates"),
    path("returns/<int:pk>/<str:answer>/", views.return_decide, name="return_decide"),
]
