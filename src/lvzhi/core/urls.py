from django.urls import path

from . import sso_oidc, views

app_name = "core"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("activate/", views.activate, name="activate"),
    path("sso/oidc/start/", sso_oidc.Start.as_view(), name="oidc_start"),
    path("sso/oidc/callback/", sso_oidc.Callback.as_view(), name="oidc_callback"),
    path("password/forgot/", views.password_forgot, name="password_forgot"),
    path("password/forgot/code/", views.password_reset, name="password_reset"),
    path("account/second-factor/", views.second_factor, name="second_factor"),
    path("desk/", views.desk, name="desk"),
    path("account/password/", views.password_change, name="password_change"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("notifications/", views.notifications, name="notifications"),
    path("account/notifications/", views.notification_channels, name="notification_channels"),
    path("account/language/", views.my_language, name="my_language"),
    path("notifications/deliveries/", views.deliveries, name="deliveries"),
    path("notifications/deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("calendar/", views.workdays, name="workdays"),
    path("language/<str:code>/", views.language, name="language"),
    path("documents/pdf/", views.pdf_request, name="pdf_request"),
    path("documents/jobs/", views.file_jobs, name="file_jobs"),
    path("documents/jobs/<int:pk>/", views.file_job, name="file_job"),
    path("documents/jobs/<int:pk>/download/", views.file_job_download, name="file_job_download"),
    path(
        "documents/jobs/<int:pk>/download/pdf/",
        views.file_job_download,
        {"which": "pdf"},
        name="file_job_download_pdf",
    ),
]
