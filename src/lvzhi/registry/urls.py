from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/new/", views.deputy_create, name="deputy_create"),
    path("deputies/export.<str:fmt>", views.deputy_export, name="deputy_export"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy_edit"),
    path("deputies/<int:pk>/reveal/<str:field>/", views.deputy_reveal, name="deputy_reveal"),
    path("deputies/<int:pk>/status/", views.membership_status, name="membership_status"),
    path("imports/", views.import_start, name="import_start"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_status, name="import_status"),
    path("organisations/", views.organisation_tree, name="organisation_tree"),
    path("audit/", views.audit_list, name="audit_list"),
]
