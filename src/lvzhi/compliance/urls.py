from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.table, name="table"),
    path("rules/<slug:key>/", views.detail, name="detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<slug:kind>.docx", views.report, name="report"),
]
