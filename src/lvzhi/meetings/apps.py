from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk

        desk.register()
        register_seeder(Seeder("meetings", demo.seed, order=30))
