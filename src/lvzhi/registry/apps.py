from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "lvzhi.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from . import desk

        desk.register()
