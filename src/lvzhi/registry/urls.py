from django.urls import path

from . import account_views, picker_views, views

app_name = "registry"

urlpatterns = [
    path("pick/deputies/", picker_views.pick_deputies, name="pick_deputies"),
    path("pick/organisations/", picker_views.pick_organisations, name="pick_organisations"),
    path("pick/terms/", picker_views.pick_terms, name="pick_terms"),
    path("pick/divisions/", picker_views.pick_divisions, name="pick_divisions"),
    path(
        "pick/directory/divisions/",
        picker_views.pick_directory_divisions,
        name="pick_directory_divisions",
    ),
    path(
        "pick/directory/delegations/",
        picker_views.pick_directory_delegations,
        name="pick_directory_delegations",
    ),
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/new/", views.deputy_create, name="deputy_create"),
    path("deputies/export.<str:fmt>", views.deputy_export, name="deputy_export"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy_edit"),
    path("deputies/<int:pk>/reveal/<str:field>/", views.deputy_reveal, name="deputy_reveal"),
    path("deputies/<int:pk>/status/", views.membership_status, name="membership_status"),
    path("deputies/<int:pk>/account/", account_views.deputy_account, name="deputy_account"),
    path("deputies/<int:pk>/photo/", views.deputy_photo, name="deputy_photo"),
    path("deputies/<int:pk>/photo/upload/", views.deputy_photo_upload, name="deputy_photo_upload"),
    path("me/public/", views.my_public_info, name="my_public_info"),
    path("imports/", views.import_start, name="import_start"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_status, name="import_status"),
    path("organisations/", views.organisation_tree, name="organisation_tree"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/accounts/",
        account_views.organisation_accounts,
        name="organisation_accounts",
    ),
    path(
        "organisations/<int:pk>/staff/", account_views.organisation_staff, name="organisation_staff"
    ),
    path(
        "organisations/<int:pk>/new/", views.organisation_add_child, name="organisation_add_child"
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/events/", views.event_log_list, name="event_log"),
    path("sessions/", views.sessions, name="sessions"),
    path("terms/", views.term_list, name="term_list"),
    path("accounts/", account_views.account_list, name="account_list"),
    path("accounts/new/", account_views.account_create, name="account_create"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account_detail"),
    path(
        "accounts/<int:pk>/enrolment-code/",
        account_views.account_enrolment_code,
        name="account_enrolment_code",
    ),
    path("accounts/<int:pk>/<str:action>/", account_views.account_action, name="account_action"),
    path(
        "accounts/<int:pk>/roles/<int:assignment_id>/revoke/",
        account_views.role_revoke,
        name="role_revoke",
    ),
]
