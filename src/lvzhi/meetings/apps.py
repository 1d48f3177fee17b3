from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from lvzhi.core import workflow as core_workflow
        from lvzhi.core.demo import Seeder, register_seeder

        from . import demo, desk, workflow

        desk.register()
        core_workflow.register("Leave request for a meeting (R01)", workflow.LEAVE, order=60)
        register_seeder(Seeder("meetings", demo.seed, order=30))
