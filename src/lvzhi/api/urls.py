from django.urls import path

from . import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
    path("all/", views.all_tokens, name="all"),
    path("services/", views.service_accounts, name="services"),
    path("services/<int:pk>/", views.service_account, name="service"),
    path("services/<int:pk>/deactivate/", views.service_account_deactivate, name="deactivate"),
]
