from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "lvzhi.api"
    label = "api"
    verbose_name = _("Data interface")

    def ready(self) -> None:
        from lvzhi.core.audit import register_actions
        from lvzhi.core.navigation import NavEntry, register_nav

        from . import policies

        register_nav(
            NavEntry(
                key="api_tokens",
                label=_("API tokens"),
                url_name="api_tokens:list",
                visible=policies.can_manage_tokens,
                order=950,
            )
        )
        register_actions(
            {
                "api.token_created": _("API token made"),
                "api.token_revoked": _("API token revoked"),
                "api.service_account_created": _("Service account made"),
                "api.service_account_deactivated": _("Service account deactivated"),
            }
        )
