from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .audit import register_actions

        register_actions(
            {
                "account.signed_in": _("Signed in"),
                "account.locked": _("Account locked after failed sign-ins"),
                "account.password_changed": _("Password changed"),
            }
        )
