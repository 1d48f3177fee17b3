from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lvzhi.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from lvzhi.core.audit import register_actions
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, files

        desk.register()
        files.register()
        register_seeder(Seeder("portal", demo.seed, order=90))
        register_actions(
            {
                "portal.news_created": _("Portal news item written"),
                "portal.news_changed": _("Portal news item changed"),
                "portal.news_deleted": _("Portal news item deleted"),
            }
        )
